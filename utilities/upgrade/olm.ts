/**
 * Upgrading MTV by driving OLM directly, when the user names no upgrade script: the mtv-operator
 * Subscription moves to channel release-v<major.minor> of the target version, OLM resolves it to an
 * InstallPlan (approved here when installPlanApproval is Manual, as an admin would), and the wait
 * ends when the new ClusterServiceVersion is Succeeded and the Subscription reports it installed.
 * This is what the Python suite's upgrade script does for a released version; other sources need a
 * catalog built from an image index, which only the script makes.
 */
import { MtvOperatorNotInstalledError } from '../../exceptions/migration';
import { MtvUpgradeError } from '../../exceptions/cluster-side';
import type { K8sClient } from '../../lib/k8s/client';
import type { SubscriptionObject } from '../../lib/k8s/kinds';
import { waitForObject } from '../../lib/k8s/waits';
import { waitOn } from '../../lib/k8s/watch';

const OPERATOR = 'mtv-operator';

export interface OlmUpgradeOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  log: { info(m: string): void };
}

export async function mtvSubscription(client: K8sClient, namespace: string): Promise<SubscriptionObject> {
  const subs = await client.list('Subscription', { namespace });
  const sub = subs.items.find((s) => s.metadata?.name === OPERATOR || s.spec?.name === OPERATOR);
  if (!sub) throw new MtvOperatorNotInstalledError(namespace);
  return sub;
}

export function channelFor(version: string): string {
  const [major, minor] = version.split('.');
  return `release-v${major}.${minor}`;
}

/** Patches the channel, approves the InstallPlan, waits for the new CSV; returns the CSV names before and after. */
export async function upgradeViaOlm(
  client: K8sClient,
  namespace: string,
  target: { version: string; source: string },
  opts: OlmUpgradeOptions,
): Promise<{ fromCsv: string; toCsv: string }> {
  if (target.source.toLowerCase() !== 'released')
    throw new MtvUpgradeError(
      `mtv_upgrade_to_source "${target.source}" needs a catalog built from mtv_upgrade_image_index, which the upgrade script creates: set upgrade_script_path (or upgrade_repo_url) to run it`,
    );
  const sub = await mtvSubscription(client, namespace);
  const name = sub.metadata!.name!;
  const fromCsv = sub.status?.installedCSV ?? '';
  const channel = channelFor(target.version);
  if (sub.spec?.channel === channel && sub.status?.currentCSV === fromCsv)
    throw new MtvUpgradeError(
      `Subscription ${namespace}/${name} is already on channel ${channel} with ${fromCsv} installed: nothing to upgrade`,
    );
  opts.log.info(`upgrading MTV: Subscription ${namespace}/${name} channel ${sub.spec?.channel} -> ${channel} (installed ${fromCsv})`);
  await client.mergePatch('Subscription', name, namespace, { spec: { channel } });
  const wait = { timeoutMs: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}) };
  const resolved = await waitForObject(
    client,
    'Subscription',
    name,
    namespace,
    (s) => !!s?.status?.currentCSV && s.status.currentCSV !== fromCsv,
    {
      ...wait,
      what: 'to resolve an upgrade (status.currentCSV)',
      describe: (s) => `currentCSV ${s?.status?.currentCSV ?? '-'}, state ${s?.status?.state ?? '-'}`,
    },
  );
  const toCsv = resolved!.status!.currentCSV!;
  await approveInstallPlan(client, namespace, resolved!.status?.installPlanRef?.name, opts.log);
  await waitCsvSucceeded(client, namespace, toCsv, wait);
  await waitForObject(client, 'Subscription', name, namespace, (s) => s?.status?.installedCSV === toCsv, {
    ...wait,
    what: `to report ${toCsv} installed`,
    describe: (s) => `installedCSV ${s?.status?.installedCSV ?? '-'}, state ${s?.status?.state ?? '-'}`,
  });
  return { fromCsv, toCsv };
}

/** A Manual InstallPlan waits for an admin: approve it, as the upgrade script does. */
async function approveInstallPlan(
  client: K8sClient,
  namespace: string,
  name: string | undefined,
  log: { info(m: string): void },
): Promise<void> {
  if (!name) return;
  const ip = await client.get('InstallPlan', name, namespace);
  if (ip.spec?.approved) return;
  log.info(`approving InstallPlan ${namespace}/${name} (${(ip.spec?.clusterServiceVersionNames ?? []).join(', ')})`);
  await client.mergePatch('InstallPlan', name, namespace, { spec: { approved: true } });
}

/** The new CSV reaches Succeeded; Failed ends the wait at once with OLM's reason and message. */
async function waitCsvSucceeded(
  client: K8sClient,
  namespace: string,
  csv: string,
  wait: { timeoutMs: number; signal?: AbortSignal },
): Promise<void> {
  await waitOn(client, {
    kind: 'ClusterServiceVersion',
    name: csv,
    namespace,
    what: `ClusterServiceVersion ${namespace}/${csv} to be Succeeded`,
    timeoutMs: wait.timeoutMs,
    ...(wait.signal ? { signal: wait.signal } : {}),
    check: (items) => {
      const status = items[0]?.status as { phase?: string; reason?: string; message?: string } | undefined;
      if (status?.phase === 'Succeeded') return { done: undefined };
      if (status?.phase === 'Failed')
        return { fail: `ClusterServiceVersion ${csv} is Failed (${status.reason ?? '?'}): ${status.message ?? ''}` };
      return undefined;
    },
  }).catch((error: unknown) => {
    throw new MtvUpgradeError(`MTV upgrade to ${csv} did not complete: ${(error as Error).message}`);
  });
}
