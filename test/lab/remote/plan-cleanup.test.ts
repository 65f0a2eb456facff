/**
 * Forklift's cleanup after a plan into the lab's remote cluster, through the public APIs only:
 * archiving a plan whose VM failed, and deleting a plan, remove what its migration left on the
 * plan's destination cluster (the remote, acted on with the destination provider's token) — not
 * on the host. The VM fails at ImageConversion: its ServiceAccount has forklift-migrator-role but
 * no forklift-controller-scc grant, so the DataVolumes and PVCs exist and no VM owns them.
 */
import { useLab } from '../../support/lab';
import { CDI, cond, FORKLIFT, ForkliftLab } from '../forklift/support';

const lab = useLab();
let host: ForkliftLab;
let remote: ForkliftLab;
let pair: Awaited<ReturnType<ForkliftLab['providers']>>;
const NS = 'remote-cleanup';
const MTV = 'openshift-mtv';
const SA = 'cleanup-migrator';

/** A ServiceAccount on the remote bound only to forklift-migrator-role, and a token for it. */
async function migratorToken(): Promise<string> {
  await remote.core.createNamespacedServiceAccount({ namespace: MTV, body: { metadata: { name: SA } } });
  await remote.kc.makeApiClient(remote.k8s.RbacAuthorizationV1Api).createClusterRoleBinding({
    body: {
      metadata: { name: SA },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'forklift-migrator-role' },
      subjects: [{ kind: 'ServiceAccount', name: SA, namespace: MTV }],
    },
  });
  const tr = await remote.core.createNamespacedServiceAccountToken({ namespace: MTV, name: SA, body: { spec: { audiences: [] } } });
  return tr.status?.token ?? '';
}

beforeAll(async () => {
  const info = lab().remote;
  if (!info) throw new Error('the lab runs no remote cluster');
  host = new ForkliftLab(lab());
  remote = new ForkliftLab({ ...lab(), kubeconfig: info.kubeconfig });
  await host.namespace(NS);
  const local = await host.providers(NS);
  await host.core.createNamespacedSecret({
    namespace: NS,
    body: { metadata: { name: 'remote' }, stringData: { token: await migratorToken(), 'ca.crt': lab().caPem } },
  });
  await host.create(FORKLIFT, 'providers', NS, {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Provider',
    metadata: { name: 'remote' },
    spec: { type: 'openshift', url: info.url, secret: { name: 'remote', namespace: NS } },
  });
  await host.readyProvider(NS, 'vsphere', 3000);
  await host.readyProvider(NS, 'remote', 3000);
  pair = { source: local.source, destination: { name: 'remote', namespace: NS } };
});

/** A cold plan of mtv-tests-rhel8 into `targetNamespace` on the remote, run until it fails; its uid. */
async function failedPlan(name: string, targetNamespace: string): Promise<string> {
  await remote.namespace(targetNamespace);
  const maps = await host.maps(NS, pair, { prefix: name, network: [{ source: { name: 'VM Network' }, destination: { type: 'pod' } }] });
  const plan = await host.plan(NS, name, { provider: pair, map: maps, targetNamespace, vms: [{ name: 'mtv-tests-rhel8' }] });
  await host.readyPlan(NS, name);
  await host.migrate(NS, name);
  expect(cond(await host.planDone(NS, name), 'Failed')).toBeDefined();
  const left = await remote.list(CDI, 'datavolumes', targetNamespace, `plan=${plan.metadata.uid}`);
  expect(left.length).toBeGreaterThan(0);
  return plan.metadata.uid ?? '';
}

async function remoteDisks(ns: string, uid: string): Promise<string[]> {
  const dvs = await remote.list(CDI, 'datavolumes', ns, `plan=${uid}`);
  const pvcs = await remote.core.listNamespacedPersistentVolumeClaim({ namespace: ns, labelSelector: `plan=${uid}` });
  return [...dvs.map((o) => `DataVolume ${o.metadata.name}`), ...pvcs.items.map((o) => `PVC ${o.metadata?.name}`)];
}

describe('a failed plan into the remote cluster', () => {
  it("archived: the failed VM's DataVolumes and PVCs are removed from the remote", async () => {
    const uid = await failedPlan('archived', `${NS}-archived`);
    await host.patch(FORKLIFT, 'plans', NS, 'archived', { spec: { archived: true } });
    await host.waitFor(FORKLIFT, 'plans', NS, 'archived', (o) => !!cond(o, 'Archived'), 3000, 'Archived');
    expect(await remoteDisks(`${NS}-archived`, uid)).toEqual([]);
  });

  it('deleted: its orphaned DataVolumes and PVCs are removed from the remote', async () => {
    const uid = await failedPlan('deleted', `${NS}-deleted`);
    await host.delete(FORKLIFT, 'plans', NS, 'deleted');
    await remote.secretsGone(`${NS}-deleted`, `plan=${uid}`, 3000);
    expect(await remoteDisks(`${NS}-deleted`, uid)).toEqual([]);
  });
});
