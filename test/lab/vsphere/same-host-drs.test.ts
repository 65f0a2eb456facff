/**
 * clone_to_same_host and disable_drs_for_vms against the lab vCenter, through the suite's vim25
 * client: a clone asked onto its template's host lands there (runtime.host), the DRS override
 * (enabled false, manual) reaches the cluster's configurationEx, and the clone's teardown (the
 * vSphere cleaner, reading drsOverrideCluster off the tracked entry) removes the override before
 * it destroys the clone, so the cluster's DRS settings are as they were.
 */
import { SEED_IDS } from '../../../lab/vsphere/seed';
import { vsphereCleaner } from '../../../lib/providers/base';
import { useLabVcenter } from '../../support/vsphere-sim';
import { disableDrsForVm, drsOverrideOf, hostCluster, vmHost } from '../../../lib/providers/vsphere/placement';

const vc = useLabVcenter('vsphere-same-host');

describe('same-host clone and DRS override', () => {
  it('clones onto the template host, disables DRS for the clone, and the cleaner restores DRS before destroying it', async () => {
    const template = await vc.client.findVmByName('xcopy-template-test');
    const host = await vmHost(vc.client, template);
    const other = SEED_IDS.hosts.find((h) => h !== host) ?? host;
    // Asked elsewhere first: the lab honours the RelocateSpec's host.
    const elsewhere = await vc.client.cloneVm(template, { name: 'same-host-elsewhere', host: other });
    expect(await vmHost(vc.client, elsewhere)).toBe(other);
    const id = await vc.client.cloneVm(template, { name: 'same-host-clone', host });
    expect(await vmHost(vc.client, id)).toBe(host);

    const cluster = await hostCluster(vc.client, host);
    expect(cluster).toBe(SEED_IDS.cluster);
    expect(await drsOverrideOf(vc.client, SEED_IDS.cluster, id)).toBeUndefined();
    await disableDrsForVm(vc.client, SEED_IDS.cluster, id);
    expect(await drsOverrideOf(vc.client, SEED_IDS.cluster, id)).toEqual({ enabled: false, behavior: 'manual' });

    const entry = {
      side: 'source',
      kind: 'SourceVm',
      providerType: 'vsphere',
      providerKey: 'lab',
      name: 'same-host-clone',
      session: 's',
    } as const;
    await expect(vsphereCleaner(vc.client).deleteVm({ ...entry, id, drsOverrideCluster: SEED_IDS.cluster })).resolves.toBe('deleted');
    expect(vc.model.snapshot().clusters.find((c) => c.moref === SEED_IDS.cluster)?.drsVmConfig ?? []).toEqual([]);
    await vc.client.destroyVm(elsewhere);
  });
});
