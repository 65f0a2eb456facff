/**
 * `oc adm must-gather` with MTV's must-gather image, for a real cluster when `oc` is on PATH. The
 * image is resolved as the Python suite resolves it (utilities/must_gather.py): the digest of the
 * installed CSV's MUST_GATHER_IMAGE; when the cluster mirrors MTV's development builds (an
 * ImageDigestMirrorSet `devel-testing-for-<channel without "release-v", dots as dashes>`), the
 * mirror of the must-gather repository, preferring quay, with that digest. The targeted form runs
 * `/usr/bin/targeted` with NS and PLAN.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { K8sClient } from '../k8s/client';

interface CsvLike {
  spec?: {
    install?: {
      spec?: {
        deployments?: Array<{
          spec?: { template?: { spec?: { containers?: Array<{ env?: Array<{ name?: string; value?: string }> }> } } };
        }>;
      };
    };
    relatedImages?: Array<{ name?: string; image?: string }>;
  };
}

interface IdmsLike {
  spec?: { imageDigestMirrors?: Array<{ source?: string; mirrors?: string[] }> };
}

/** MUST_GATHER_IMAGE of the CSV's deployments, else its relatedImages entry named for must-gather. */
export function csvMustGatherImage(csv: CsvLike): string | undefined {
  const env = (csv.spec?.install?.spec?.deployments ?? [])
    .flatMap((d) => d.spec?.template?.spec?.containers ?? [])
    .flatMap((c) => c.env ?? []);
  const fromEnv = env.find((e) => e.name === 'MUST_GATHER_IMAGE' && e.value)?.value;
  return fromEnv ?? csv.spec?.relatedImages?.find((r) => /must.gather/i.test(r.name ?? '') && r.image)?.image;
}

/** The IDMS name for a subscription channel: release-v2.10 -> devel-testing-for-2-10. */
export function idmsNameForChannel(channel: string): string {
  return `devel-testing-for-${channel.replace(/^release-v/, '').replace(/\./g, '-')}`;
}

/** The image with its repository replaced by the IDMS mirror of the must-gather repository (quay first). */
export function mirroredImage(image: string, idms: IdmsLike | undefined): string {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at) : '';
  const repo = at >= 0 ? image.slice(0, at) : image;
  const entries = (idms?.spec?.imageDigestMirrors ?? []).filter((m) => m.source === repo || /must-gather/.test(m.source ?? ''));
  const mirrors = entries.flatMap((m) => m.mirrors ?? []).filter((m) => /must-gather/.test(m) || entries.length === 1);
  const chosen = mirrors.find((m) => m.includes('quay')) ?? mirrors[0];
  return chosen && digest ? `${chosen}${digest}` : image;
}

async function getJson<T>(client: K8sClient, p: string): Promise<T | undefined> {
  try {
    return await client.rest.request<T>({ verb: 'get', method: 'GET', path: p });
  } catch {
    return undefined;
  }
}

/** The must-gather image for the installed MTV, or undefined (the caller falls back to the built-in gather). */
export async function resolveMustGatherImage(client: K8sClient, mtvNamespace: string): Promise<string | undefined> {
  const ns = encodeURIComponent(mtvNamespace);
  const subs = await getJson<{ items?: Array<{ spec?: { name?: string; channel?: string }; status?: { installedCSV?: string } }> }>(
    client,
    `/apis/operators.coreos.com/v1alpha1/namespaces/${ns}/subscriptions`,
  );
  const sub = subs?.items?.find((s) => s.status?.installedCSV);
  if (!sub?.status?.installedCSV) return undefined;
  const csv = await getJson<CsvLike>(
    client,
    `/apis/operators.coreos.com/v1alpha1/namespaces/${ns}/clusterserviceversions/${encodeURIComponent(sub.status.installedCSV)}`,
  );
  const image = csv && csvMustGatherImage(csv);
  if (!image) return undefined;
  const channel = sub.spec?.channel;
  const idms = channel
    ? await getJson<IdmsLike>(
        client,
        `/apis/config.openshift.io/v1/imagedigestmirrorsets/${encodeURIComponent(idmsNameForChannel(channel))}`,
      )
    : undefined;
  return mirroredImage(image, idms);
}

/** The `oc` arguments (kubeconfig excluded). */
export function mustGatherArgs(image: string, destDir: string, plan?: { name: string; namespace: string }): string[] {
  const args = ['adm', 'must-gather', `--image=${image}`, `--dest-dir=${destDir}`];
  if (plan) args.push('--', `NS=${plan.namespace}`, `PLAN=${plan.name}`, '/usr/bin/targeted');
  return args;
}

export function ocOnPath(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(path.delimiter).some((d) => d && fs.existsSync(path.join(d, 'oc')));
}

/**
 * Runs oc with a kubeconfig written from the client's (0600, in a private temp directory, removed
 * afterwards: credentials never go to the data collector). Output goes to `<destDir>/oc.log`.
 */
export async function runOcMustGather(client: K8sClient, args: string[], destDir: string, timeoutMs: number): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-gather-'));
  const kubeconfig = path.join(tmp, 'kubeconfig');
  fs.writeFileSync(kubeconfig, client.kubeConfig.exportConfig(), { mode: 0o600 });
  fs.mkdirSync(destDir, { recursive: true });
  const out = fs.openSync(path.join(destDir, 'oc.log'), 'w', 0o600);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('oc', ['--kubeconfig', kubeconfig, ...args], { stdio: ['ignore', out, out] });
      const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (code === 0) resolve();
        else reject(new Error(`oc adm must-gather exited with ${signal ?? `code ${String(code)}`} (see ${path.join(destDir, 'oc.log')})`));
      });
    });
  } finally {
    fs.closeSync(out);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
