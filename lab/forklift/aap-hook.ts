/**
 * AAP hooks (reference §8): the step launches the hook's job template over the AAP REST API with
 * extra_vars {vm_id, vm_name, plan_name, plan_namespace, migration_phase} and polls the job until
 * it ends, within aap.timeout, else the hook deadline, else ForkliftController aap_timeout. The
 * connection comes from spec.aap.url + spec.aap.tokenSecret (key "token"), else the
 * ForkliftController's aap_url + aap_token_secret_name (in the MTV namespace).
 */
import http from 'node:http';
import https from 'node:https';
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

function call(method: string, url: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const client = url.startsWith('http://') ? http : https;
    const req = client.request(
      url,
      {
        method,
        timeout: 30_000,
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
  extraVars: { vm_id: string; vm_name: string; plan_name: string; plan_namespace: string; migration_phase: string };
}

interface AapConnection {
  url: string;
  token: string;
  jobTemplateId: number | undefined;
  timeoutS: number;
}

/** The token Secret: the hook's spec.aap.tokenSecret, else the ForkliftController's aap_token_secret_name. */
function tokenSecret(run: AapRun, spec: AapSpec): KubeObject | undefined {
  if (spec.tokenSecret?.name)
    return run.kinds.get('secret', spec.tokenSecret.namespace || run.hook.metadata.namespace, spec.tokenSecret.name);
  if (run.settings.aapTokenSecretName) return run.kinds.get('secret', MTV_NAMESPACE, run.settings.aapTokenSecretName);
  return undefined;
}

function connectionOf(run: AapRun): AapConnection {
  const hookSpec = (run.hook.spec ?? {}) as { aap?: AapSpec; deadline?: number };
  const spec = hookSpec.aap ?? {};
  const url = (spec.url || run.settings.aapUrl || '').replace(/\/+$/, '');
  const token = secretData(tokenSecret(run, spec)).token;
  if (!url || !token) throw new Error(AAP_NOT_CONFIGURED);
  return { url, token, jobTemplateId: spec.jobTemplateId, timeoutS: spec.timeout || hookSpec.deadline || run.settings.aapTimeoutSeconds };
}

async function launch(run: AapRun, conn: AapConnection): Promise<string> {
  const launched = await call('POST', `${conn.url}/api/v2/job_templates/${conn.jobTemplateId}/launch/`, conn.token, {
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
    const job = await call('GET', `${conn.url}/api/v2/jobs/${jobId}/`, conn.token);
    const status = String(job.json.status ?? '');
    if (status === 'successful') return;
    if (['failed', 'error', 'canceled'].includes(status)) throw new Error(`AAP job ${jobId} ${status}`);
    if (Date.now() >= deadline) throw new Error(`AAP job ${jobId} did not finish within ${conn.timeoutS} s`);
    await run.clock.until(() => Math.min(Date.now() + run.clock.ms(1), deadline), run.signal, false);
  }
}
