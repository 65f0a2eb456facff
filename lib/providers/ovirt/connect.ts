/**
 * An oVirt/RHV source from its providers-file entry: the engine CA (the entry's ca_cert_file, else
 * downloaded from the engine's pki-resource as the Python suite does; RHV Provider secrets always
 * carry it), the connected client, and the cleaner that removes the session's clones.
 */
import type { ProviderEntry } from '../../config/providers-file';
import type { SourceVmCleaner } from '../../resources/teardown';
import { absentOn, cleanerByName } from '../cleaner';
import { RestTransport } from '../rest';
import { OvirtClient, ovirtString } from './client';
import { SourceVmNotFoundError } from '../../../exceptions/source-providers';
import { providerCa } from '../ca';

/** The engine's API URL: the entry's api_url, else https://<fqdn>/ovirt-engine/api. */
export function ovirtApiUrl(entry: ProviderEntry): string {
  return entry.api_url || `https://${entry.fqdn}/ovirt-engine/api`;
}

/** The engine CA, PEM: the entry's file, else the engine's pki-resource (read without verification, as the CA bootstrap). */
export async function ovirtEngineCa(entry: ProviderEntry): Promise<string> {
  const fromFile = providerCa(entry);
  if (fromFile) return fromFile;
  const api = new URL(ovirtApiUrl(entry));
  const rest = new RestTransport({ provider: `oVirt engine ${api.host}`, insecure: true });
  try {
    const res = await rest.send<string>({
      method: 'GET',
      url: `${api.origin}/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA`,
      operation: 'download the engine CA',
    });
    return String(res.data);
  } finally {
    rest.close();
  }
}

export async function connectOvirt(entry: ProviderEntry, insecure: boolean, log?: (m: string) => void): Promise<OvirtClient> {
  return OvirtClient.connect({
    url: ovirtApiUrl(entry),
    username: entry.username,
    password: entry.password,
    insecure,
    ...(insecure ? {} : { caPem: await ovirtEngineCa(entry) }),
    ...(log ? { log } : {}),
  });
}

/** Removes clones by name (stopping them first: the engine refuses to remove a running VM). */
export function ovirtCleaner(client: OvirtClient, timeoutMs = 600_000): SourceVmCleaner {
  const find = absentOn(
    (name) => client.findVmByName(name),
    (error) => error instanceof SourceVmNotFoundError && error.found === 0,
  );
  return cleanerByName(find, async (id, e) => {
    if (ovirtString((await client.vm(id)).status) !== 'down') await client.stop(id, e.name, timeoutMs);
    return client.remove(id, e.name);
  });
}
