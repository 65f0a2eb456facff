/**
 * Source-provider access shared by the fixtures, session teardown, the crashed-worker sweep and
 * tools/clean-cluster.ts: connecting from a providers-file entry, and deleting clones, per source
 * type (vSphere over vim25, oVirt over the engine's REST API, OpenStack over its services). A type
 * without a client answers "no access" so its clones are reported as leftovers instead of being
 * silently forgotten.
 */
import fs from 'node:fs';
import { loadProvidersFile, selectSourceProvider, type ProviderEntry } from '../config/providers-file';
import { esxiLogin, parseEsxiHost } from '../config/copy-offload';
import type { SourceVmCleaner } from '../resources/teardown';
import type { TrackedEsxiKey, TrackedTarget } from '../resources/tracker';
import { keyLinePresent, uninstallKeyLine } from './vsphere/esxi-ssh';
import { absentOn, cleanerByName } from './cleaner';
import { providerCa } from './ca';
import { connectOpenStack, openstackCleaner } from './openstack/connect';
import { connectOvirt, ovirtCleaner } from './ovirt/connect';
import { VSphereClient } from './vsphere/client';
import { VSphereVmNotFoundError } from './vsphere/errors';
import { removeDrsOverride } from './vsphere/placement';

export { providerCa } from './ca';

export function sdkUrl(entry: ProviderEntry): string {
  return entry.api_url || `https://${entry.fqdn}/sdk`;
}

export async function connectVsphere(entry: ProviderEntry, insecure: boolean, log?: (m: string) => void): Promise<VSphereClient> {
  const caPem = insecure ? undefined : providerCa(entry);
  return VSphereClient.connect({
    url: sdkUrl(entry),
    username: entry.username,
    password: entry.password,
    insecure,
    ...(caPem ? { caPem } : {}),
    ...(log ? { log } : {}),
  });
}

/** Deletes clones by name (MoRefs change nothing here: names carry the session id); powers off first. */
export function vsphereCleaner(client: VSphereClient): SourceVmCleaner {
  const find = absentOn(
    (name) => client.findVmByName(name),
    (error) => error instanceof VSphereVmNotFoundError && !/ambiguous/.test(error.message),
  );
  return cleanerByName(find, async (id, entry) => {
    // disable_drs_for_vms: the cluster's override for the clone goes first (restoring DRS for it).
    if (entry.drsOverrideCluster) await removeDrsOverride(client, entry.drsOverrideCluster, id);
    const facts = await client.vmFacts(id);
    if (facts.powerState === 'on') await client.powerOff(id);
    await client.destroyVm(id);
    return 'deleted';
  });
}

/**
 * Removes the populator key lines a run added on ESXi hosts, logging in with the entry's copyoffload
 * ESXi login (COPYOFFLOAD_ESXI_* win) at the host:port the tracked entry recorded.
 */
export function esxiKeyCleaner(entryKey: string, entry: ProviderEntry, providersPath: string): NonNullable<SourceVmCleaner['esxiKeys']> {
  const loginFor = (e: TrackedEsxiKey) => {
    const login = esxiLogin({ entryKey, entry, providersPath, env: process.env });
    const at = parseEsxiHost(e.name);
    return typeof at === 'string' ? login : { ...login, ...at };
  };
  return {
    remove: async (e) => ((await uninstallKeyLine(loginFor(e), e.line)) === 'removed' ? 'deleted' : 'absent'),
    exists: (e) => keyLinePresent(loginFor(e), e.line),
  };
}

export interface SourceCleaners {
  cleanerFor(providerKey: string): Promise<SourceVmCleaner | undefined>;
  close(): Promise<void>;
}

/** A connected cleaner and how to let go of its client. */
interface OpenCleaner {
  cleaner: SourceVmCleaner;
  close(): Promise<void>;
}

/** The cleaner of one providers-file entry, by its type; undefined for a type without a client. */
async function openCleaner(key: string, entry: ProviderEntry, insecure: boolean, providersPath: string): Promise<OpenCleaner | undefined> {
  switch (entry.type) {
    case 'vsphere': {
      const client = await connectVsphere(entry, insecure);
      const cleaner = { ...vsphereCleaner(client), esxiKeys: esxiKeyCleaner(key, entry, providersPath) };
      return { cleaner, close: () => client.logout().catch(() => undefined) };
    }
    case 'ovirt': {
      const client = await connectOvirt(entry, insecure);
      return { cleaner: ovirtCleaner(client), close: async () => client.close() };
    }
    case 'openstack': {
      const client = await connectOpenStack(entry, insecure);
      return { cleaner: openstackCleaner(client), close: async () => client.close() };
    }
    default:
      return undefined;
  }
}

/** Cleaners for the providers of a tracked-resources file (its recorded providers file and TLS setting). */
export function sourceCleanersFor(targets: readonly TrackedTarget[]): SourceCleaners {
  const opened = new Map<string, Promise<OpenCleaner | undefined>>();
  const target = targets.find((t) => t.providersFile && fs.existsSync(t.providersFile));
  return {
    async cleanerFor(key) {
      if (!target?.providersFile) return undefined;
      if (!opened.has(key)) {
        const entry = selectSourceProvider(loadProvidersFile(target.providersFile), key);
        opened.set(key, openCleaner(key, entry, target.sourceInsecureSkipVerify ?? false, target.providersFile));
      }
      return (await opened.get(key)!)?.cleaner;
    },
    async close() {
      for (const c of opened.values()) await (await c.catch(() => undefined))?.close();
    },
  };
}
