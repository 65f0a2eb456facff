import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SuiteLog } from '../../../lib/k8s/log';
import { ResourceTracker } from '../../../lib/resources/tracker';
import { createPlan } from '../../../utilities/mtv-migration/plan';
import { cutoverTime, executeMigration } from '../../../utilities/mtv-migration/migration';
import { networkMapEntries } from '../../../utilities/mtv-migration/maps';
import type { MigrationContext } from '../../../utilities/mtv-migration/context';
import { useFakeCluster } from '../k8s/fake-apiserver';

const NS = '/apis/forklift.konveyor.io/v1beta1/namespaces/ns1';

describe('mtv-migration helpers', () => {
  let dir: string;
  let ctx: MigrationContext;
  const lines: string[] = [];
  const log: SuiteLog = { info: (m) => lines.push(m), warn: (m) => lines.push(m), debug: () => {}, error: (m) => lines.push(m) };
  const fake = useFakeCluster({ log: () => log });

  beforeEach(() => {
    lines.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-mig-'));
    ctx = {
      client: fake.client,
      tracker: new ResourceTracker(path.join(dir, 'resources.json'), 'auto-ab12'),
      baseName: 'auto-ab12-source-vsphere-8-0',
      namespace: 'ns1',
      sourceProvider: { name: 'src', namespace: 'ns1' },
      destinationProvider: { name: 'dst', namespace: 'ns1' },
    };
    fake.api.put(`${NS}/providers`, {
      kind: 'Provider',
      metadata: { name: 'src', namespace: 'ns1' },
      status: {
        conditions: [{ type: 'ConnectionTestFailed', status: 'True', category: 'Critical', message: 'Connection test, failed: refused' }],
      },
    });
    fake.api.put(`${NS}/providers`, {
      kind: 'Provider',
      metadata: { name: 'dst', namespace: 'ns1' },
      status: { conditions: [{ type: 'Ready', status: 'True', category: 'Required' }] },
    });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('network map: first network to pod, the rest to multus NADs', () => {
    expect(
      networkMapEntries([{ name: 'VM Network' }, { name: 'Mgmt' }, { name: 'Data' }], { baseName: 'cb-abc123', namespace: 'mns' }),
    ).toEqual([
      { source: { name: 'VM Network' }, destination: { type: 'pod' } },
      { source: { name: 'Mgmt' }, destination: { name: 'cb-abc123-1', namespace: 'mns', type: 'multus' } },
      { source: { name: 'Data' }, destination: { name: 'cb-abc123-2', namespace: 'mns', type: 'multus' } },
    ]);
  });

  it('plan Ready timeout shows the plan conditions and both providers', async () => {
    await expect(
      createPlan(ctx, {
        warm: false,
        storageMap: { name: 'sm', namespace: 'ns1' },
        networkMap: { name: 'nm', namespace: 'ns1' },
        targetNamespace: 'ns1',
        vms: [{ name: 'vm1' }],
        options: { targetPowerState: 'on', preserveStaticIPs: false, provider: 'ignored' },
        readyTimeoutMs: 300,
      }),
    ).rejects.toThrow(
      /to become Ready; last observed state: Plan ns1\/auto-ab12-source-vsphere-8-0-[a-z0-9]{4}-cold conditions: \(no conditions\) \| source Provider src conditions: ConnectionTestFailed=True \[Critical\]: Connection test, failed: refused \| destination Provider dst conditions: Ready=True/,
    );
    const created = fake.api.requests.find((r) => r.method === 'POST');
    expect(created?.url).toBe(`${NS}/plans`);
  });

  it('a failed migration names each VM failed step and reasons; progress is logged', async () => {
    const plan = fake.api.put(`${NS}/plans`, { kind: 'Plan', metadata: { name: 'p1', namespace: 'ns1' }, spec: {} });
    const run = executeMigration(ctx, plan as never, { warm: true, cutover: cutoverTime(5), timeoutMs: 5000 });
    const vm = (phase: string, pipeline: unknown[], extra: Record<string, unknown> = {}) => ({
      id: 'vm-1',
      name: 'vm1',
      phase,
      pipeline,
      ...extra,
    });
    setTimeout(
      () =>
        fake.api.put(`${NS}/plans`, {
          ...plan,
          status: {
            conditions: [{ type: 'Executing', status: 'True' }],
            migration: {
              vms: [
                vm('CopyDisks', [{ name: 'DiskTransfer', phase: 'Running' }], { warm: { precopies: [{ start: '2026-01-01T00:00:00Z' }] } }),
              ],
            },
          },
        }),
      100,
    );
    setTimeout(
      () =>
        fake.api.put(`${NS}/plans`, {
          ...plan,
          status: {
            conditions: [{ type: 'Failed', status: 'True', category: 'Advisory' }],
            migration: {
              vms: [
                vm(
                  'Completed',
                  [
                    { name: 'DiskTransfer', phase: 'Completed' },
                    { name: 'Cutover', phase: 'Running', error: { phase: 'Cutover', reasons: ['snapshot failed'] } },
                  ],
                  { warm: { precopies: [{ start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:01:00Z' }] } },
                ),
              ],
            },
          },
        }),
      200,
    );
    await expect(run).rejects.toThrow(/migration of plan p1 ended Failed:\n {2}- VM vm1: failed at step Cutover — snapshot failed/);
    const migrationPost = fake.api.requests.find((r) => r.method === 'POST' && r.url.endsWith('/migrations'));
    expect(migrationPost).toBeDefined();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/cutover scheduled at/),
        'VM vm1: precopy #1 started',
        'VM vm1: precopy #1 finished (snapshot ?)',
        'VM vm1: cutover started',
        'VM vm1: step DiskTransfer Completed',
      ]),
    );
  });

  it("the step's signal stops the wait for the migration outcome and closes its watch", async () => {
    const plan = fake.api.put(`${NS}/plans`, { kind: 'Plan', metadata: { name: 'p2', namespace: 'ns1' }, spec: {} });
    const step = new AbortController();
    const run = executeMigration({ ...ctx, signal: step.signal }, plan as never, { warm: false, timeoutMs: 60_000 });
    await fake.api.whenWatching();
    step.abort(new Error('Jest finished "migrate VMs" before its body returned'));
    // Ended by the signal (its reason is in the message), not by the 60 s timeout.
    await expect(run).rejects.toThrow(
      /gave up waiting for Plan ns1\/p2 migration to finish \(Succeeded or Failed\): aborted \(Jest finished "migrate VMs" before its body returned\)/,
    );
    await expect(fake.api.whenNoWatches(2000)).resolves.toBeUndefined();
  });
});
