/**
 * oVirt and OpenStack source providers for the lab Forklift tests, built from the lab's
 * providers.json as a QE engineer would: Secret (Forklift's keys for the type) + Provider, and the
 * maps that cover the lab's networks and storage, found through the inventory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OpenStackApi, OvirtApi } from '../../../lab/inventory/source-clients';
import { b64, FORKLIFT, type ForkliftLab } from './support';

interface OvirtEntry {
  api_url: string;
  username: string;
  password: string;
  ca_cert_file: string;
}

interface OpenStackEntry {
  api_url: string;
  username: string;
  password: string;
  project_name: string;
  user_domain_name: string;
  region_name: string;
}

export type SourceType = 'ovirt' | 'openstack';

function entries(f: ForkliftLab): { ovirt: OvirtEntry; openstack: OpenStackEntry } {
  return JSON.parse(fs.readFileSync(path.join(f.lab.stateDir, 'providers.json'), 'utf8')) as {
    ovirt: OvirtEntry;
    openstack: OpenStackEntry;
  };
}

/** The Secret data Forklift reads for the type (reference §1.1), base64. */
export function secretData(
  f: ForkliftLab,
  type: SourceType,
  opts: { password?: string; insecure?: boolean; noCa?: boolean } = {},
): Record<string, string> {
  const e = entries(f);
  const tls: Record<string, string> = opts.insecure ? { insecureSkipVerify: 'true' } : { insecureSkipVerify: 'false' };
  if (type === 'ovirt') {
    const ca = fs.readFileSync(e.ovirt.ca_cert_file, 'utf8');
    return Object.fromEntries(
      Object.entries({
        user: e.ovirt.username,
        password: opts.password ?? e.ovirt.password,
        ...tls,
        ...(opts.noCa ? {} : { cacert: ca }),
      }).map(([k, v]) => [k, b64(v)]),
    );
  }
  const o = e.openstack;
  const data: Record<string, string> = {
    username: o.username,
    password: opts.password ?? o.password,
    regionName: o.region_name,
    projectName: o.project_name,
    domainName: o.user_domain_name,
    ...tls,
    ...(opts.noCa ? {} : { cacert: f.lab.caPem }),
  };
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]));
}

export function sourceUrl(f: ForkliftLab, type: SourceType): string {
  return type === 'ovirt' ? entries(f).ovirt.api_url : entries(f).openstack.api_url;
}

/** Secret + Provider of the type in `ns` (and the host provider); returns the provider pair. */
export async function sourceProvider(
  f: ForkliftLab,
  ns: string,
  type: SourceType,
  opts: { name?: string; password?: string; insecure?: boolean; noCa?: boolean; data?: Record<string, string> } = {},
): Promise<{ source: { name: string; namespace: string }; destination: { name: string; namespace: string } }> {
  const name = opts.name ?? type;
  await f.core.createNamespacedSecret({
    namespace: ns,
    body: {
      metadata: { name: `${name}-secret`, labels: { createdForProviderType: type, createdForResourceType: 'providers' } },
      type: 'Opaque',
      data: opts.data ?? secretData(f, type, opts),
    },
  });
  await f.create(FORKLIFT, 'providers', ns, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name },
    spec: { type, url: sourceUrl(f, type), secret: { name: `${name}-secret`, namespace: ns } },
  });
  if (!(await f.get(FORKLIFT, 'providers', ns, 'host'))) {
    await f.create(FORKLIFT, 'providers', ns, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Provider',
      metadata: { name: 'host' },
      spec: { type: 'openshift', url: '', secret: {} },
    });
  }
  return { source: { name, namespace: ns }, destination: { name: 'host', namespace: ns } };
}

/** The inventory list of a provider's collection (detail=all). */
export async function inventoryList<T = Record<string, unknown>>(
  f: ForkliftLab,
  type: SourceType,
  uid: string,
  coll: string,
): Promise<T[]> {
  const inv = await f.inventory();
  const res = await inv.get(`/providers/${type}/${uid}/${coll}?detail=all`);
  if (res.status !== 200) throw new Error(`GET /providers/${type}/${uid}/${coll}: HTTP ${res.status}`);
  return res.data as T[];
}

/** NetworkMap (every source network -> pod) and StorageMap (every storage domain / volume type -> storageClass), from the inventory. */
export async function sourceMaps(
  f: ForkliftLab,
  ns: string,
  type: SourceType,
  uid: string,
  pair: object,
  prefix: string,
  storageClass = 'nfs',
): Promise<{ network: { name: string; namespace: string }; storage: { name: string; namespace: string } }> {
  const networks = await inventoryList<{ id: string }>(f, type, uid, 'networks');
  const storage = await inventoryList<{ id: string }>(f, type, uid, type === 'ovirt' ? 'storagedomains' : 'volumetypes');
  await f.create(FORKLIFT, 'networkmaps', ns, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'NetworkMap',
    metadata: { name: `${prefix}-net` },
    spec: {
      provider: pair,
      map: networks
        .slice(0, 1)
        .map((n) => ({ source: { id: n.id }, destination: { type: 'pod' } }))
        .concat(networks.slice(1).map((n) => ({ source: { id: n.id }, destination: { type: 'ignored' } }))),
    },
  });
  await f.create(FORKLIFT, 'storagemaps', ns, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'StorageMap',
    metadata: { name: `${prefix}-storage` },
    spec: { provider: pair, map: storage.map((s) => ({ source: { id: s.id }, destination: { storageClass } })) },
  });
  return { network: { name: `${prefix}-net`, namespace: ns }, storage: { name: `${prefix}-storage`, namespace: ns } };
}

/** The lab engine's API with the providers-file login (what the suite's RHV client uses). */
export function ovirtApiFor(f: ForkliftLab): OvirtApi {
  const e = entries(f).ovirt;
  return new OvirtApi(e.api_url, e.username, e.password, { insecure: false, caPem: fs.readFileSync(e.ca_cert_file, 'utf8') });
}

/** The lab cloud's API with the providers-file login. */
export function openstackApiFor(f: ForkliftLab): OpenStackApi {
  const o = entries(f).openstack;
  return new OpenStackApi(
    o.api_url,
    { username: o.username, password: o.password, regionName: o.region_name, projectName: o.project_name, domainName: o.user_domain_name },
    { insecure: false, caPem: f.lab.caPem },
  );
}
