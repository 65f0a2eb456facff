/**
 * clone_to_same_host and disable_drs_for_vms against the lab vCenter, through the suite's vim25
 * client: a clone asked onto its template's host lands there (runtime.host), the DRS override
 * (enabled false, manual) reaches the cluster's configurationEx, and the clone's teardown (the
 * vSphere cleaner, reading drsOverrideCluster off the tracked entry) removes the override before
 * it destroys the clone, so the cluster's DRS settings are as they were.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../../lab/certs';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { SEED_IDS, seedInventory } from '../../../lab/vsphere/seed';
import { startVSphereSimulator, type RunningVSphereSimulator } from '../../../lab/vsphere/server';
import { vsphereCleaner } from '../../../lib/providers/base';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import { disableDrsForVm, drsOverrideOf, hostCluster, vmHost } from '../../../lib/providers/vsphere/placement';

const creds = { username: 'administrator@vsphere.local', password: 'Sim-Test-Pass-1!' };
let stateDir: string;
let sim: RunningVSphereSimulator;
let model: LabVSphereModel;
let client: VSphereClient;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsphere-same-host-'));
  const tls = ensureTls(stateDir);
  model = new LabVSphereModel(seedInventory());
  sim = await startVSphereSimulator({ credentials: creds, tls, model, taskMs: 5 });
  client = await VSphereClient.connect({ url: sim.url, ...creds, caPem: tls.caCertPem });
});

afterAll(async () => {
  await client?.logout().catch(() => undefined);
  await sim?.stop();
  model?.close();
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('same-host clone and DRS override', () => {
  it('clones onto the template host, disables DRS for the clone, and the cleaner restores DRS before destroying it', async () => {
    const template = await client.findVmByName('xcopy-template-test');
    const host = await vmHost(client, template);
    const other = SEED_IDS.hosts.find((h) => h !== host) ?? host;
    // Asked elsewhere first: the lab honours the RelocateSpec's host.
    const elsewhere = await client.cloneVm(template, { name: 'same-host-elsewhere', host: other });
    expect(await vmHost(client, elsewhere)).toBe(other);
    const id = await client.cloneVm(template, { name: 'same-host-clone', host });
    expect(await vmHost(client, id)).toBe(host);

    const cluster = await hostCluster(client, host);
    expect(cluster).toBe(SEED_IDS.cluster);
    expect(await drsOverrideOf(client, SEED_IDS.cluster, id)).toBeUndefined();
    await disableDrsForVm(client, SEED_IDS.cluster, id);
    expect(await drsOverrideOf(client, SEED_IDS.cluster, id)).toEqual({ enabled: false, behavior: 'manual' });

    const entry = {
      side: 'source',
      kind: 'SourceVm',
      providerType: 'vsphere',
      providerKey: 'lab',
      name: 'same-host-clone',
      session: 's',
    } as const;
    await expect(vsphereCleaner(client).deleteVm({ ...entry, id, drsOverrideCluster: SEED_IDS.cluster })).resolves.toBe('deleted');
    expect(model.snapshot().clusters.find((c) => c.moref === SEED_IDS.cluster)?.drsVmConfig ?? []).toEqual([]);
    await client.destroyVm(elsewhere);
  });
});
