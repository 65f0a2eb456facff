/**
 * AAP hooks (reference §8): the step launches the hook's job template over the AAP REST API with
 * extra_vars {vm_id, vm_name, plan_name, plan_namespace, migration_phase} and polls the job until
 * it ends, within aap.timeout, else the hook deadline, else ForkliftController aap_timeout. The
 * connection comes from spec.aap.url + spec.aap.tokenSecret (key "token", read from the plan's
 * namespace) when both are set, else the ForkliftController's aap_url + aap_token_secret_name (in
 * the MTV namespace). TLS is verified against the system CAs plus aap_ca_secret_name's ca.crt,
 * or not at all with aap_insecure_skip_verify "true".
 */
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { KubeObject } from '../apiserver/contract';
import { secretData, type Kinds } from './kinds';
import type { LabClock } from './lab-clock';
import { MTV_NAMESPACE, type ForkliftSettings } from './settings';

export const AAP_NOT_CONFIGURED =
  'AAP is not configured: set ForkliftController aap_url and aap_token_secret_name, or spec.aap.url and spec.aap.tokenSecret';

interface AapSpec {
  jobTemplateId?: number;
  url?: string;
  tokenSecret?: { name?: string; namespace?: string };
  timeout?: number;
}

/** TLS for the AAP server: extra CA and verification switch. */
interface AapTls {
  ca?: string;
  insecure: boolean;
}

function call(
  method: string,
  url: string,
  token: string,
  tls: AapTls,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const client = url.startsWith('http://') ? http : https;
    const req = client.request(
      url,
      {
        method,
        timeout: 30_000,
        ...(tls.insecure ? { rejectUnauthorized: false } : tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json: Record<string, unknown> = {};
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: timeout`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface AapRun {
  kinds: Kinds;
  hook: KubeObject;
  settings: ForkliftSettings;
  clock: LabClock;
  signal: AbortSignal;
  /** The migration plan's namespace (a hook's own tokenSecret is read there). */
  planNamespace: string;
  extraVars: { vm_id: string; vm_name: string; plan_name: string; plan_namespace: string; migration_phase: string };
}

interface AapConnection {
  url: string;
  token: string;
  tls: AapTls;
  jobTemplateId: number | undefined;
  timeoutS: number;
}

/** spec.aap.url + tokenSecret when both are set (Secret in the plan's namespace), else the ForkliftController's. */
function urlAndToken(run: AapRun, spec: AapSpec): { url: string; token: string | undefined } {
  if (spec.url?.trim() && spec.tokenSecret?.name?.trim()) {
    const secret = run.kinds.get('secret', run.planNamespace, spec.tokenSecret.name);
    if (!secret) throw new Error(`AAP token Secret ${run.planNamespace}/${spec.tokenSecret.name} not found`);
    return { url: spec.url.trim(), token: secretData(secret).token };
  }
  const { aapUrl, aapTokenSecretName } = run.settings;
  if (!aapUrl?.trim() || !aapTokenSecretName?.trim()) throw new Error(AAP_NOT_CONFIGURED);
  const secret = run.kinds.get('secret', MTV_NAMESPACE, aapTokenSecretName);
  if (!secret) throw new Error(`AAP token Secret ${MTV_NAMESPACE}/${aapTokenSecretName} not found`);
  return { url: aapUrl.trim(), token: secretData(secret).token };
}

function tlsOf(run: AapRun): AapTls {
  const { aapCaSecretName, aapInsecureSkipVerify } = run.settings;
  const ca = aapCaSecretName ? secretData(run.kinds.get('secret', MTV_NAMESPACE, aapCaSecretName))['ca.crt'] : undefined;
  return { insecure: aapInsecureSkipVerify, ...(ca ? { ca } : {}) };
}

function connectionOf(run: AapRun): AapConnection {
  const hookSpec = (run.hook.spec ?? {}) as { aap?: AapSpec; deadline?: number };
  const spec = hookSpec.aap ?? {};
  const { url, token } = urlAndToken(run, spec);
  if (!token) throw new Error('AAP token Secret has no "token" key');
  return {
    url: url.replace(/\/+$/, ''),
    token,
    tls: tlsOf(run),
    jobTemplateId: spec.jobTemplateId,
    timeoutS: spec.timeout || hookSpec.deadline || run.settings.aapTimeoutSeconds,
  };
}

async function launch(run: AapRun, conn: AapConnection): Promise<string> {
  const launched = await call('POST', `${conn.url}/api/v2/job_templates/${conn.jobTemplateId}/launch/`, conn.token, conn.tls, {
    extra_vars: run.extraVars,
  });
  if (launched.status < 200 || launched.status >= 300)
    throw new Error(`AAP job template ${conn.jobTemplateId} launch failed: HTTP ${launched.status}`);
  return String(launched.json.job ?? launched.json.id);
}

/** Runs the job template; resolves on success, throws an Error whose message becomes the step error. */
export async function runAapHook(run: AapRun): Promise<void> {
  const conn = connectionOf(run);
  const jobId = await launch(run, conn);
  const deadline = Date.now() + conn.timeoutS * 1000;
  // The AAP API has no watch: poll the job every lab minute, bounded by the timeout.
  for (;;) {
    const job = await call('GET', `${conn.url}/api/v2/jobs/${jobId}/`, conn.token, conn.tls);
    const status = String(job.json.status ?? '');
    if (status === 'successful') return;
    if (['failed', 'error', 'canceled'].includes(status)) throw new Error(`AAP job ${jobId} ${status}`);
    if (Date.now() >= deadline) throw new Error(`AAP job ${jobId} did not finish within ${conn.timeoutS} s`);
    await run.clock.until(() => Math.min(Date.now() + run.clock.ms(1), deadline), run.signal, false);
  }
}
