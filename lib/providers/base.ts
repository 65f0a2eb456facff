/**
 * Source-provider access shared by the fixtures, session teardown, the crashed-worker sweep and
 * tools/clean-cluster.ts: connecting from a providers-file entry, and deleting clones. Only
 * vSphere exists today; other types answer "no access" so their clones are reported as leftovers
 * instead of being silently forgotten.
 */
import fs from 'node:fs';
import { loadProvidersFile, selectSourceProvider, type ProviderEntry } from '../config/providers-file';
import type { SourceVmCleaner } from '../resources/teardown';
import type { TrackedSourceVm, TrackedTarget } from '../resources/tracker';
import { VSphereClient } from './vsphere/client';
import { VSphereVmNotFoundError } from './vsphere/errors';

export function sdkUrl(entry: ProviderEntry): string {
  return entry.api_url || `https://${entry.fqdn}/sdk`;
}

/**
 * The CA that signs the provider's certificate when the providers entry names one
 * (`ca_cert_file`: a PEM file, e.g. a vCenter's VMCA root or the lab's CA). The suite's own vim25
 * client trusts it, and the Provider secret carries it as ca.crt.
 */
export function providerCa(entry: ProviderEntry): string | undefined {
  const file = entry.ca_cert_file;
  if (file === undefined) return undefined;
  if (typeof file !== 'string' || !fs.existsSync(file))
    throw new Error(`providers entry ca_cert_file ${JSON.stringify(file)} is not a readable PEM file`);
  return fs.readFileSync(file, 'utf8');
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
  const idOf = async (e: TrackedSourceVm): Promise<string | undefined> => {
    try {
      return await client.findVmByName(e.name);
    } catch (error) {
      if (error instanceof VSphereVmNotFoundError && !/ambiguous/.test(error.message)) return undefined;
      throw error;
    }
  };
  return {
    async exists(e) {
      return (await idOf(e)) !== undefined;
    },
    async deleteVm(e) {
      const id = await idOf(e);
      if (!id) return 'absent';
      const facts = await client.vmFacts(id);
      if (facts.powerState === 'on') await client.powerOff(id);
      await client.destroyVm(id);
      return 'deleted';
    },
  };
}

export interface SourceCleaners {
  cleanerFor(providerKey: string): Promise<SourceVmCleaner | undefined>;
  close(): Promise<void>;
}

/** Cleaners for the providers of a tracked-resources file (its recorded providers file and TLS setting). */
export function sourceCleanersFor(targets: readonly TrackedTarget[]): SourceCleaners {
  const clients = new Map<string, Promise<VSphereClient | undefined>>();
  const target = targets.find((t) => t.providersFile && fs.existsSync(t.providersFile));
  return {
    async cleanerFor(key) {
      if (!target?.providersFile) return undefined;
      if (!clients.has(key)) {
        clients.set(
          key,
          (async () => {
            const entry = selectSourceProvider(loadProvidersFile(target.providersFile!), key);
            return entry.type === 'vsphere' ? connectVsphere(entry, target.sourceInsecureSkipVerify ?? false) : undefined;
          })(),
        );
      }
      const client = await clients.get(key)!;
      return client ? vsphereCleaner(client) : undefined;
    },
    async close() {
      for (const c of clients.values()) await (await c.catch(() => undefined))?.logout().catch(() => undefined);
    },
  };
}
