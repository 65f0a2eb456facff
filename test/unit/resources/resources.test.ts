import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { V1beta1Plan } from '@kubev2v/types';
import { createAndTrack } from '../../../lib/resources/create';
import { baseResourceName, generateNameWithUuid, keepLast63, resourceName, targetNamespaceName } from '../../../lib/resources/names';
import { sessionTeardown, teardownEntries } from '../../../lib/resources/teardown';
import { ResourceTracker, readTrackedFile, unverifiedEntries } from '../../../lib/resources/tracker';
import { clientForTrackedFile, sweepTrackedResources } from '../../../lib/resources/sweep';
import { silentLog } from '../../../lib/k8s/log';
import { isInputError } from '../../../exceptions/base';
import { TrackedFileAccessError, TrackedFileFormatError } from '../../../exceptions/resources';
import { FakeApiServer, kubeconfigYaml, useFakeCluster } from '../k8s/fake-apiserver';

const FORKLIFT = '/apis/forklift.konveyor.io/v1beta1/namespaces';

describe('naming (Python suite rules)', () => {
  it('base name and generated names', () => {
    expect(baseResourceName('auto-ab12', 'vsphere', '8.0.1')).toBe('auto-ab12-source-vsphere-8-0-1');
    expect(generateNameWithUuid('My_Name.x')).toMatch(/^my-name-x-[a-z0-9]{4}$/);
    expect(resourceName('auto-ab12-source-vsphere-8-0-1', 'Plan', true)).toMatch(/^auto-ab12-source-vsphere-8-0-1-[a-z0-9]{4}-warm$/);
    expect(resourceName('auto-ab12-source-vsphere-8-0-1', 'Migration', false)).toMatch(/-cold$/);
    expect(resourceName('auto-ab12-source-vsphere-8-0-1', 'StorageMap')).toMatch(/^auto-ab12-source-vsphere-8-0-1-[a-z0-9]{4}$/);
    expect(targetNamespaceName('auto-ab12')).toBe('auto-ab12');
    expect(targetNamespaceName('auto-ab12', 'auto-mtv')).toBe('auto-ab12-mtv');
  });

  it('keeps the LAST 63 characters so the random part and -warm/-cold survive', () => {
    const base = `auto-ab12-source-vsphere-${'9'.repeat(60)}`;
    const name = resourceName(base, 'Plan', true);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/-[a-z0-9]{4}-warm$/);
    expect(keepLast63('x'.repeat(10))).toBe('x'.repeat(10));
    expect(keepLast63(`a${'-'.repeat(2)}${'b'.repeat(61)}`)).toBe('b'.repeat(61)); // no leading '-'
  });
});

describe('tracked-resources file and create-and-track', () => {
  const fake = useFakeCluster();
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-res-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records the object the moment it exists, mode 0600, identities only', async () => {
    const file = path.join(dir, 'dc', 'resources.json');
    const tracker = new ResourceTracker(file, 'auto-ab12');
    const plan = await createAndTrack(
      { client: fake.client, tracker, baseName: 'auto-ab12-source-vsphere-8-0' },
      'Plan',
      {
        metadata: { namespace: 'ns1' },
        spec: { secretLooking: 'hunter2' },
      } as unknown as V1beta1Plan,
      { warm: false },
    );
    expect(plan.metadata?.name).toMatch(/^auto-ab12-source-vsphere-8-0-[a-z0-9]{4}-cold$/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('hunter2');
    expect(readTrackedFile(file).entries).toEqual([
      {
        side: 'cluster',
        kind: 'Plan',
        apiVersion: 'forklift.konveyor.io/v1beta1',
        name: plan.metadata?.name,
        namespace: 'ns1',
        uid: plan.metadata?.uid,
        session: 'auto-ab12',
      },
    ]);
  });

  it('409 AlreadyExists reuses the existing object', async () => {
    const tracker = new ResourceTracker(path.join(dir, 'resources.json'), 's1');
    const body = { metadata: { name: 'fixed', namespace: 'ns1' }, spec: {} } as unknown as V1beta1Plan;
    const a = await createAndTrack({ client: fake.client, tracker, baseName: 'b' }, 'Plan', body);
    const b = await createAndTrack({ client: fake.client, tracker, baseName: 'b' }, 'Plan', body);
    expect(b.metadata?.uid).toBe(a.metadata?.uid);
    expect(tracker.entries()).toHaveLength(1);
  });

  it('concurrent writers (several sessions) lose no entry', async () => {
    const file = path.join(dir, 'resources.json');
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        new ResourceTracker(file, `s${i % 3}`).record({ kind: 'Secret', apiVersion: 'v1', name: `n${i}`, namespace: 'ns' }),
      ),
    );
    expect(readTrackedFile(file).entries).toHaveLength(12);
  });

  it('a file of another format is refused with a typed error naming expected and found', () => {
    const file = path.join(dir, 'other.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'something-else/v9', entries: [] }));
    expect(() => readTrackedFile(file)).toThrow(TrackedFileFormatError);
    expect(() => readTrackedFile(file)).toThrow(
      `${file} is not a tracked-resources file (expected format "mtv-tests-resources/1" with an entries list, found format "something-else/v9")`,
    );
  });

  it('a file with no recorded kubeconfig and no access given is an input error naming the fix', async () => {
    const file = path.join(dir, 'resources.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'mtv-tests-resources/1', targets: {}, entries: [] }));
    const error = await clientForTrackedFile(file, silentLog).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrackedFileAccessError);
    expect(isInputError(error)).toBe(true);
    expect((error as Error).message).toContain('pass --kubeconfig <file> or --server <url>');
  });
});

/** A session's tracked objects (a running Migration, its Plan, maps, provider, secret, namespace) plus one untracked migrated VM. */
async function seed(api: FakeApiServer, tracker: ResourceTracker) {
  const objs: Array<[string, string, string, string | undefined]> = [
    ['NetworkMap', 'forklift.konveyor.io/v1beta1', 'nm', 'ns1'],
    ['Secret', 'v1', 'sec', 'ns1'],
    ['Namespace', 'v1', 'ns1', undefined],
    ['Provider', 'forklift.konveyor.io/v1beta1', 'prov', 'ns1'],
    ['StorageMap', 'forklift.konveyor.io/v1beta1', 'sm', 'ns1'],
    ['Migration', 'forklift.konveyor.io/v1beta1', 'mig', 'ns1'],
    ['Plan', 'forklift.konveyor.io/v1beta1', 'plan', 'ns1'],
  ];
  const paths: Record<string, string> = {
    NetworkMap: `${FORKLIFT}/ns1/networkmaps`,
    Secret: '/api/v1/namespaces/ns1/secrets',
    Namespace: '/api/v1/namespaces',
    Provider: `${FORKLIFT}/ns1/providers`,
    StorageMap: `${FORKLIFT}/ns1/storagemaps`,
    Migration: `${FORKLIFT}/ns1/migrations`,
    Plan: `${FORKLIFT}/ns1/plans`,
  };
  for (const [kind, apiVersion, name, namespace] of objs) {
    const extra =
      kind === 'Migration'
        ? { spec: { plan: { name: 'plan', namespace: 'ns1' } }, status: { conditions: [{ type: 'Running', status: 'True' }] } }
        : kind === 'Plan'
          ? { spec: { vms: [{ id: 'vm-1', name: 'vm1' }] } }
          : {};
    api.put(paths[kind]!, { apiVersion, kind, metadata: { name, namespace }, ...extra });
    await tracker.record({ kind, apiVersion, name, namespace });
  }
  // A migrated VM nobody tracked.
  api.put('/apis/kubevirt.io/v1/namespaces/ns1/virtualmachines', {
    kind: 'VirtualMachine',
    metadata: { name: 'migrated', namespace: 'ns1' },
  });
}

describe('session teardown', () => {
  const fake = useFakeCluster();
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-td-'));
    // Play Forklift: archiving a plan sets Archived; canceling a migration sets Canceled.
    fake.api.onPatch = (collection, obj) => {
      const spec = obj.spec as { archived?: boolean; cancel?: unknown[] } | undefined;
      if (collection.endsWith('/plans') && spec?.archived)
        fake.api.put(collection, { ...obj, status: { conditions: [{ type: 'Archived', status: 'True' }] } });
      if (collection.endsWith('/migrations') && spec?.cancel)
        fake.api.put(collection, { ...obj, status: { conditions: [{ type: 'Canceled', status: 'True' }] } });
    };
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('cancels, archives, then deletes in the Python order and leaves nothing', async () => {
    const tracker = new ResourceTracker(path.join(dir, 'resources.json'), 'auto-ab12');
    await seed(fake.api, tracker);
    await sessionTeardown('auto-ab12', {
      client: fake.client,
      entries: tracker.entries(),
      timeouts: { cancelMs: 2000, archiveMs: 2000, deleteMs: 2000, storageMs: 2000 },
    });
    const patches = fake.api.requests.filter((r) => r.method === 'PATCH').map((r) => r.url.split('?')[0]);
    expect(patches).toEqual([`${FORKLIFT}/ns1/migrations/mig`, `${FORKLIFT}/ns1/plans/plan`]);
    const deletes = fake.api.requests.filter((r) => r.method === 'DELETE').map((r) => r.url.split('?')[0]!.split('/').slice(-2).join('/'));
    expect(deletes).toEqual([
      'migrations/mig',
      'plans/plan',
      'providers/prov',
      'secrets/sec',
      'storagemaps/sm',
      'networkmaps/nm',
      'virtualmachines/migrated',
      'namespaces/ns1',
    ]);
  });

  it('fails loudly with SessionTeardownError listing each leftover', async () => {
    const tracker = new ResourceTracker(path.join(dir, 'resources.json'), 's2');
    fake.api.put('/api/v1/namespaces/ns2/persistentvolumeclaims', {
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'stuck-pvc', namespace: 'ns2' },
    });
    fake.api.put('/api/v1/namespaces', { kind: 'Namespace', metadata: { name: 'ns2' } });
    await tracker.record({ kind: 'Namespace', apiVersion: 'v1', name: 'ns2' });
    await tracker.record({ kind: 'Gadget', apiVersion: 'example.com/v1', name: 'g', namespace: 'ns2' });
    await expect(
      sessionTeardown('s2', {
        client: fake.client,
        entries: tracker.entries(),
        timeouts: { cancelMs: 200, archiveMs: 200, deleteMs: 300, storageMs: 300 },
      }),
    ).rejects.toThrow(
      /session s2 teardown left 2 object\(s\) behind:\n {2}- Gadget ns2\/g: kind unknown.*\n {2}- PersistentVolumeClaim ns2\/stuck-pvc: not removed within 300 ms/,
    );
  });

  it('an ESXi key line goes through its provider cleaner: removed, absent, no ESXi access, still there', async () => {
    const file = path.join(dir, 'resources.json');
    const tracker = new ResourceTracker(file, 'keys');
    const line = 'command="python /vmfs/volumes/ds/secure-vmkfstools-wrapper.py" ssh-rsa AAAAB3Nza tail';
    await tracker.recordEsxiKey({ providerKey: 'vsphere-ssh', name: '127.0.0.1:2222', line });
    await tracker.recordEsxiKey({ providerKey: 'vsphere-ssh', name: '127.0.0.1:2222', line });
    await tracker.record({ providerType: 'vsphere', providerKey: 'vsphere-ssh', name: 'clone-1' });
    expect(tracker.entries().map((e) => e.kind)).toEqual(['EsxiAuthorizedKey', 'SourceVm']);
    const lines = new Set([line]);
    const removed: string[] = [];
    const cleaner = {
      deleteVm: async () => 'absent' as const,
      exists: async () => false,
      esxiKeys: {
        remove: async (e: { line: string }) => (lines.delete(e.line) ? (removed.push(e.line), 'deleted' as const) : ('absent' as const)),
        exists: async (e: { line: string }) => lines.has(e.line),
      },
    };
    expect(await teardownEntries({ client: fake.client, entries: tracker.entries(), sourceCleaner: async () => cleaner })).toEqual([]);
    expect(removed).toEqual([line]);
    // A cleaner without ESXi access reports the line as a leftover; a line that stays is one too.
    const noEsxi = await teardownEntries({
      client: fake.client,
      entries: tracker.entries(),
      sourceCleaner: async () => ({ deleteVm: cleaner.deleteVm, exists: cleaner.exists }),
    });
    expect(noEsxi).toEqual([
      {
        object: 'EsxiAuthorizedKey vsphere-ssh/127.0.0.1:2222 (key ...AAAAB3Nza tail)',
        reason: expect.stringMatching(/could not check: .*providers entry "vsphere-ssh" gives no ESXi login/),
      },
    ]);
    const stuck = { ...cleaner, esxiKeys: { remove: async () => 'deleted' as const, exists: async () => true } };
    expect(await teardownEntries({ client: fake.client, entries: tracker.entries(), sourceCleaner: async () => stuck })).toEqual([
      {
        object: 'EsxiAuthorizedKey vsphere-ssh/127.0.0.1:2222 (key ...AAAAB3Nza tail)',
        reason: 'key line still in the ESXi host authorized_keys',
      },
    ]);
  });

  it('removes clones a few at a time and key lines one at a time; an unreachable provider leaves a line per entry', async () => {
    const tracker = new ResourceTracker(path.join(dir, 'resources.json'), 'many');
    for (let i = 1; i <= 6; i++) await tracker.record({ providerType: 'vsphere', providerKey: 'vsphere', name: `clone-${i}` });
    for (const k of ['ssh-rsa AAAA1 a', 'ssh-rsa AAAA2 b'])
      await tracker.recordEsxiKey({ providerKey: 'vsphere', name: 'esxi-1:22', line: `command="x" ${k}` });
    await tracker.record({ providerType: 'ovirt', providerKey: 'rhv', name: 'clone-rhv' });
    const inFlight = { clones: 0, maxClones: 0, keys: 0, maxKeys: 0 };
    const gone = new Set<string>();
    // Each removal finishes only when the next event-loop turn comes: overlapping ones are counted.
    const track = async (kind: 'clones' | 'keys', name: string): Promise<'deleted'> => {
      inFlight[kind]++;
      inFlight[kind === 'clones' ? 'maxClones' : 'maxKeys'] = Math.max(
        inFlight[kind === 'clones' ? 'maxClones' : 'maxKeys'],
        inFlight[kind],
      );
      await new Promise((r) => setImmediate(r));
      inFlight[kind]--;
      gone.add(name);
      return 'deleted';
    };
    const cleaner = {
      deleteVm: (e: { name: string }) => track('clones', e.name),
      exists: async (e: { name: string }) => !gone.has(e.name),
      esxiKeys: {
        remove: (e: { line: string }) => track('keys', e.line),
        exists: async (e: { line: string }) => !gone.has(e.line),
      },
    };
    const asked: string[] = [];
    const leftovers = await teardownEntries({
      client: fake.client,
      entries: tracker.entries(),
      sourceCleaner: async (key) => {
        asked.push(key);
        if (key === 'rhv') throw new Error('connect ECONNREFUSED 10.0.0.9:443');
        return cleaner;
      },
    });
    expect(asked.sort()).toEqual(['rhv', 'vsphere']);
    expect(inFlight.maxClones).toBe(4);
    expect(inFlight.maxKeys).toBe(1);
    expect(gone.size).toBe(8);
    expect(leftovers).toEqual([
      { object: 'SourceVm rhv/clone-rhv', reason: 'source provider "rhv" not reachable: connect ECONNREFUSED 10.0.0.9:443' },
    ]);
  });

  it('sweep acts only on what still exists; a second sweep has nothing to do', async () => {
    const file = path.join(dir, 'resources.json');
    await seed(fake.api, new ResourceTracker(file, 'crashed'));
    const first = await sweepTrackedResources(file, {
      client: fake.client,
      timeouts: { cancelMs: 2000, archiveMs: 2000, deleteMs: 2000, storageMs: 2000 },
    });
    expect(first.present.length).toBe(7);
    expect(first.leftovers).toEqual([]);
    const second = await sweepTrackedResources(file, { client: fake.client });
    expect(second.present).toEqual([]);
    expect(await teardownEntries({ client: fake.client, entries: [] })).toEqual([]);
  });

  it('a source provider that cannot be reached does not stop the sweep: the cluster objects go, the clone is reported', async () => {
    const file = path.join(dir, 'resources.json');
    const tracker = new ResourceTracker(file, 'crashed');
    await seed(fake.api, tracker);
    await tracker.record({ providerType: 'vsphere', providerKey: 'vsphere', name: 'crashed-clone' });
    const result = await sweepTrackedResources(file, {
      client: fake.client,
      sourceCleaner: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.9:443')),
      timeouts: { cancelMs: 2000, archiveMs: 2000, deleteMs: 2000, storageMs: 2000 },
    });
    expect(result.present.map((e) => e.name)).toEqual(expect.arrayContaining(['ns1', 'plan', 'crashed-clone']));
    expect(result.leftovers).toEqual([
      { object: 'SourceVm vsphere/crashed-clone', reason: 'source provider "vsphere" not reachable: connect ECONNREFUSED 10.0.0.9:443' },
    ]);
    expect(await fake.client.tryGet('Namespace', 'ns1')).toBeUndefined();
  });

  it("the run's sweep leaves out what a session's teardown verified gone, and nothing tracked after that", async () => {
    const file = path.join(dir, 'resources.json');
    const verified = new ResourceTracker(file, 'verified');
    const crashed = new ResourceTracker(file, 'crashed');
    for (const t of [verified, crashed]) await t.setTarget({ server: fake.api.url });
    await seed(fake.api, crashed);
    await verified.record({ kind: 'Secret', apiVersion: 'v1', name: 'verified-gone', namespace: 'verified-ns' });
    await verified.recordTeardownVerified(1);
    // Tracked after the verification (cannot happen in a run, but must not be skipped if it does).
    await verified.record({ kind: 'Secret', apiVersion: 'v1', name: 'verified-late', namespace: 'verified-ns' });
    const data = readTrackedFile(file);
    expect(data.targets['verified']?.teardownVerified).toEqual({ at: expect.any(String), entries: 1 });
    expect(unverifiedEntries(data).map((e) => `${e.session}/${e.name}`)).toEqual([
      ...data.entries.filter((e) => e.session === 'crashed').map((e) => `crashed/${e.name}`),
      'verified/verified-late',
    ]);
    const gets = (): string[] => fake.api.requests.filter((r) => r.method === 'GET').map((r) => r.url);
    fake.api.requests.length = 0;
    await sweepTrackedResources(file, { client: fake.client, skipVerified: true, sessions: ['verified'] });
    const checked = gets();
    expect(checked.filter((u) => u.includes('verified-gone'))).toEqual([]);
    expect(checked.filter((u) => u.includes('verified-late'))).toHaveLength(1);
    // tools/clean-cluster.ts (no skipVerified) checks everything.
    fake.api.requests.length = 0;
    await sweepTrackedResources(file, { client: fake.client, sessions: ['verified'] });
    expect(gets().filter((u) => u.includes('verified-gone'))).toHaveLength(1);
  });

  describe('a remote session on another cluster', () => {
    let remote: FakeApiServer;
    beforeEach(async () => {
      remote = await new FakeApiServer().start();
    });
    afterEach(async () => remote.stop());

    async function remoteSession(file: string, kubeconfigPath?: string): Promise<void> {
      const host = new ResourceTracker(file, 'w1');
      await host.setTarget({ server: fake.api.url });
      await seed(fake.api, host);
      const tracker = new ResourceTracker(file, 'w1-remote');
      await tracker.setTarget({ server: remote.url, ...(kubeconfigPath ? { kubeconfigPath } : {}) });
      remote.put('/api/v1/namespaces', { kind: 'Namespace', metadata: { name: 'remote-ns' } });
      remote.put('/api/v1/namespaces/remote-ns/serviceaccounts', {
        kind: 'ServiceAccount',
        metadata: { name: 'sa', namespace: 'remote-ns' },
      });
      await tracker.record({ kind: 'Namespace', apiVersion: 'v1', name: 'remote-ns' });
      await tracker.record({ kind: 'ServiceAccount', apiVersion: 'v1', name: 'sa', namespace: 'remote-ns' });
    }

    it('are deleted on that cluster, through its recorded kubeconfig, never looked up on the host', async () => {
      const file = path.join(dir, 'resources.json');
      const kubeconfig = path.join(dir, 'remote.kubeconfig');
      fs.writeFileSync(kubeconfig, kubeconfigYaml(remote.url));
      await remoteSession(file, kubeconfig);
      const result = await sweepTrackedResources(file, {
        client: fake.client,
        timeouts: { cancelMs: 2000, archiveMs: 2000, deleteMs: 2000, storageMs: 2000 },
      });
      expect(result.leftovers).toEqual([]);
      expect(result.present.map((e) => e.name)).toEqual(expect.arrayContaining(['remote-ns', 'sa', 'plan']));
      expect(fake.api.requests.filter((r) => r.url.includes('remote-ns'))).toEqual([]);
      const remoteDeletes = remote.requests.filter((r) => r.method === 'DELETE').map((r) => r.url.split('?')[0]);
      expect(remoteDeletes).toEqual(
        expect.arrayContaining(['/api/v1/namespaces/remote-ns/serviceaccounts/sa', '/api/v1/namespaces/remote-ns']),
      );
      expect(remote.requests.filter((r) => r.url.includes('/plans'))).toEqual([]);
      expect((await sweepTrackedResources(file, { client: fake.client })).present).toEqual([]);
    });

    it('without a usable kubeconfig recorded for it, its entries are leftovers naming the cluster and the fix', async () => {
      const file = path.join(dir, 'resources.json');
      await remoteSession(file, path.join(dir, 'gone.kubeconfig'));
      const result = await sweepTrackedResources(file, {
        client: fake.client,
        timeouts: { cancelMs: 2000, archiveMs: 2000, deleteMs: 2000, storageMs: 2000 },
      });
      expect(result.leftovers.map((l) => l.object)).toEqual(['Namespace remote-ns', 'ServiceAccount remote-ns/sa']);
      for (const l of result.leftovers) {
        expect(l.reason).toContain(remote.url);
        expect(l.reason).toContain('tools/clean-cluster.ts');
        expect(l.reason).toContain('--session w1-remote');
      }
      expect(remote.requests).toEqual([]);
      expect(fake.api.requests.filter((r) => r.url.includes('remote-ns'))).toEqual([]);
    });
  });
});
