/**
 * The lab's Forklift with a vSphere Provider on the ESXi endpoint (sdkEndpoint esxi), through the
 * public API only: the provider webhook defaults sdkEndpoint to vcenter and rejects other values;
 * an esxi provider on the host endpoint passes the connection test (validateServerType: HostAgent)
 * and its inventory is the host's (ha-datacenter, ha-host, only that host's VMs); sdkEndpoint
 * vcenter on the host URL fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { useLab } from '../../support/lab';
import { cond, FORKLIFT, ForkliftLab } from './support';

const lab = useLab();
let f: ForkliftLab;
let esxi: { api_url: string; username: string; password: string; endpoint_type: string; clone_provider: string };
const NS = 'esxi-prov-test';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** A vSphere Provider and its secret; `settings` as given (no sdkEndpoint: the webhook's default). */
async function provider(
  name: string,
  url: string,
  creds: { username: string; password: string },
  settings: Record<string, string>,
): Promise<void> {
  const data = {
    user: b64(creds.username),
    password: b64(creds.password),
    url: b64(url),
    insecureSkipVerify: b64('false'),
    'ca.crt': b64(lab().caPem),
  };
  await f.core.createNamespacedSecret({
    namespace: NS,
    body: { metadata: { name: `${name}-secret`, labels: { createdForProviderType: 'vsphere' } }, type: 'Opaque', data },
  });
  await f.create(FORKLIFT, 'providers', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name },
    spec: { type: 'vsphere', url, secret: { name: `${name}-secret`, namespace: NS }, settings },
  });
}

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
  esxi = (JSON.parse(fs.readFileSync(path.join(lab().stateDir, 'providers.json'), 'utf8')) as { esxi: typeof esxi }).esxi;
});

describe('Provider webhook and the ESXi endpoint', () => {
  it('the providers file has an esxi entry: endpoint_type esxi, cloning through the vsphere entry, the host root login', () => {
    expect(esxi).toMatchObject({ endpoint_type: 'esxi', clone_provider: 'vsphere', username: 'root' });
    expect(esxi.api_url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/sdk$/);
    expect(esxi.api_url).not.toBe(f.vsphere.url);
  });

  it('defaults a vSphere provider without sdkEndpoint to vcenter, and rejects an unknown sdkEndpoint', async () => {
    await provider('no-sdk', f.vsphere.url, f.vsphere, { vddkInitImage: 'quay.io/kubev2v/vddk:lab' });
    expect(((await f.get(FORKLIFT, 'providers', NS, 'no-sdk'))?.spec as { settings: Record<string, string> }).settings['sdkEndpoint']).toBe(
      'vcenter',
    );
    await expect(provider('bad-sdk', f.vsphere.url, f.vsphere, { sdkEndpoint: 'vcsa' })).rejects.toMatchObject({ code: 403 });
    expect(await f.get(FORKLIFT, 'providers', NS, 'bad-sdk')).toBeUndefined();
  });

  it('an esxi provider on the host endpoint is Ready and its inventory is the host', async () => {
    await provider('esxi', esxi.api_url, esxi, { sdkEndpoint: 'esxi', vddkInitImage: 'quay.io/kubev2v/vddk:lab' });
    const p = await f.readyProvider(NS, 'esxi', 5000);
    expect(cond(p, 'ConnectionTestSucceeded')?.status).toBe('True');
    const inv = await f.inventory();
    const list = (await inv.get('/providers/vsphere')).data as Array<{ name: string; uid: string }>;
    const uid = list.find((x) => x.name === 'esxi')?.uid;
    expect(uid).toBeDefined();
    const get = async (c: string): Promise<Array<{ id: string; name: string }>> =>
      (await inv.get(`/providers/vsphere/${uid}/${c}`)).data as Array<{ id: string; name: string }>;
    expect((await get('datacenters')).map((d) => d.id)).toEqual(['ha-datacenter']);
    expect((await get('hosts')).map((h) => h.id)).toEqual(['ha-host']);
    const vms = (await get('vms')).map((v) => v.name);
    expect(vms).toContain('mtv-tests-rhel8');
    expect(vms).not.toContain('mtv-win2019-3disks'); // registered on another host
  });

  it('sdkEndpoint vcenter on the host endpoint fails the connection test (validateServerType)', async () => {
    await provider('esxi-as-vc', esxi.api_url, esxi, { sdkEndpoint: 'vcenter', vddkInitImage: 'quay.io/kubev2v/vddk:lab' });
    const p = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      'esxi-as-vc',
      (o) => o.status?.phase === 'ConnectionFailed',
      5000,
      'phase ConnectionFailed',
    );
    expect(cond(p, 'ConnectionTestFailed')?.message).toBe(
      'Connection test, failed: provider sdkEndpoint is set to vCenter but the URL points to an ESXi host',
    );
  });
});
