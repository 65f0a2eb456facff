/**
 * Every wait on a Forklift object ends at once on a True Critical condition, with
 * ForkliftCriticalConditionError naming the object, the condition and what was expected: maps,
 * Plan and Provider Ready, and the migration wait while the run has not started. A Warn condition
 * does not end a wait, and a blocker during the run is left to Forklift (its grace period).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WaitTerminalConditionError } from '../../../exceptions/k8s';
import { ForkliftCriticalConditionError, MigrationPlanExecError, ProviderNotReadyError } from '../../../exceptions/migration';
import type { Kind } from '../../../lib/k8s/kinds';
import type { SuiteLog } from '../../../lib/k8s/log';
import { ResourceTracker } from '../../../lib/resources/tracker';
import { waitProviderReady } from '../../../fixtures/session';
import { createStorageMap, createNetworkMap } from '../../../utilities/mtv-migration/maps';
import { createPlan } from '../../../utilities/mtv-migration/plan';
import { executeMigration } from '../../../utilities/mtv-migration/migration';
import type { MigrationContext } from '../../../utilities/mtv-migration/context';
import { useFakeCluster } from '../k8s/fake-apiserver';

const NS = '/apis/forklift.konveyor.io/v1beta1/namespaces/ns1';
/** Far beyond the Jest test timeout: a wait that ran to it would fail the test, not pass it. */
const LONG = 600_000;
const critical = (type: string, reason: string, message: string, items?: string[]) => ({
  type,
  status: 'True',
  category: 'Critical',
  reason,
  message,
  ...(items ? { items } : {}),
});

/** Resolves when the suite logs a line matching `re` (the wait has seen the change that produces it). */
let logged: { re: RegExp; resolve: () => void } | undefined;
const whenLogged = (re: RegExp) => new Promise<void>((resolve) => (logged = { re, resolve }));
const log: SuiteLog = {
  info: (m) => (logged?.re.test(m) ? logged.resolve() : undefined),
  warn: () => {},
  debug: () => {},
  error: () => {},
};
const fake = useFakeCluster({ log: () => log });
let dir: string;
let ctx: MigrationContext;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-critical-'));
  ctx = {
    client: fake.client,
    tracker: new ResourceTracker(path.join(dir, 'resources.json'), 'auto-ab12'),
    baseName: 'auto-ab12-source-vsphere-8-0',
    namespace: 'ns1',
    sourceProvider: { name: 'src', namespace: 'ns1' },
    destinationProvider: { name: 'dst', namespace: 'ns1' },
  };
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Plays Forklift: once the suite watches, writes `conditions` into the status of the one object of `kind` it created. */
async function controllerSets(kind: Kind, plural: string, conditions: unknown[]): Promise<string> {
  await fake.api.whenWatching();
  const [obj] = (await fake.client.list(kind, { namespace: 'ns1' })).items as Array<{ metadata: { name: string; namespace: string } }>;
  fake.api.put(`${NS}/${plural}`, { ...obj!, status: { conditions } });
  return obj!.metadata.name;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => new Error('expected the wait to fail'),
    (e: unknown) => e,
  );
}

describe('maps', () => {
  it('a StorageMap with DestinationStorageNotValid fails at once naming the map, the condition and Ready=True', async () => {
    const run = rejection(
      createStorageMap(ctx, [{ source: { name: 'ds1' }, destination: { storageClass: 'nosuch-sc' } }], { readyTimeoutMs: LONG }),
    );
    const name = await controllerSets('StorageMap', 'storagemaps', [
      critical('DestinationStorageNotValid', 'NotFound', 'Destination storage not valid.', ['nosuch-sc']),
    ]);
    const error = await run;
    expect(error).toBeInstanceOf(ForkliftCriticalConditionError);
    expect(error).toBeInstanceOf(WaitTerminalConditionError);
    const e = error as ForkliftCriticalConditionError;
    expect(e.object).toEqual({ kind: 'StorageMap', namespace: 'ns1', name });
    expect(e.condition).toMatchObject({ type: 'DestinationStorageNotValid', category: 'Critical', reason: 'NotFound' });
    expect(e.message).toBe(
      `StorageMap ns1/${name} has Critical condition DestinationStorageNotValid (reason NotFound): "Destination storage not valid." [items: nosuch-sc]; expected Ready=True, ` +
        'which Forklift withholds while a Critical condition is set, so the wait stopped at once instead of running to its timeout; ' +
        'last observed state: conditions: DestinationStorageNotValid=True [Critical] (NotFound): Destination storage not valid. items: nosuch-sc',
    );
    expect(e.name).toBe('ForkliftCriticalConditionError');
  });

  it('a Warn condition does not end the wait: the map still becomes Ready', async () => {
    const run = createNetworkMap(ctx, [{ source: { name: 'VM Network' }, destination: { type: 'pod' } }], { readyTimeoutMs: LONG });
    const name = await controllerSets('NetworkMap', 'networkmaps', [
      { type: 'SourceNetworkNotValid', status: 'True', category: 'Warn', reason: 'NotFound', message: 'Source network not found.' },
    ]);
    fake.api.put(`${NS}/networkmaps`, {
      kind: 'NetworkMap',
      metadata: { name, namespace: 'ns1' },
      status: {
        conditions: [
          { type: 'SourceNetworkNotValid', status: 'True', category: 'Warn' },
          { type: 'Ready', status: 'True', category: 'Required' },
        ],
      },
    });
    await expect(run).resolves.toMatchObject({ metadata: { name } });
  });
});

describe('Plan Ready', () => {
  it('VDDKInitImageUnavailable ends the wait at once, naming the plan and the condition', async () => {
    const input = {
      warm: true,
      storageMap: { name: 'sm', namespace: 'ns1' },
      networkMap: { name: 'nm', namespace: 'ns1' },
      targetNamespace: 'ns1',
      vms: [{ name: 'vm1' }],
      readyTimeoutMs: LONG,
    };
    const run = rejection(createPlan(ctx, input));
    const name = await controllerSets('Plan', 'plans', [critical('VDDKInitImageUnavailable', 'NotSet', 'VDDK init image is not set.')]);
    const error = (await run) as ForkliftCriticalConditionError;
    expect(error).toBeInstanceOf(ForkliftCriticalConditionError);
    expect(error.object).toEqual({ kind: 'Plan', namespace: 'ns1', name });
    expect(error.message).toMatch(
      new RegExp(
        `^Plan ns1/${name} has Critical condition VDDKInitImageUnavailable \\(reason NotSet\\): "VDDK init image is not set."; expected Ready=True, `,
      ),
    );
  });
});

describe('Provider Ready', () => {
  const provider = { kind: 'Provider', metadata: { name: 'p1', namespace: 'ns1' }, spec: { type: 'vsphere' } };

  it('a Critical condition other than the connection test (SecretNotValid) fails at once naming it', async () => {
    fake.api.put(`${NS}/providers`, {
      ...provider,
      status: { phase: 'ValidationFailed', conditions: [critical('SecretNotValid', 'NotFound', 'The `secret` is not valid.')] },
    });
    const error = (await rejection(waitProviderReady(fake.client, provider as never, LONG))) as ForkliftCriticalConditionError;
    expect(error).toBeInstanceOf(ForkliftCriticalConditionError);
    expect(error.object).toEqual({ kind: 'Provider', namespace: 'ns1', name: 'p1' });
    expect(error.message).toMatch(
      /^Provider ns1\/p1 has Critical condition SecretNotValid \(reason NotFound\): "The `secret` is not valid."; expected Ready=True, .*last observed state: phase ValidationFailed, conditions: SecretNotValid=True \[Critical\]/,
    );
  });

  it('a failed connection test keeps its own message (ProviderNotReadyError)', async () => {
    fake.api.put(`${NS}/providers`, {
      ...provider,
      status: { phase: 'ConnectionFailed', conditions: [critical('ConnectionTestFailed', 'Tested', 'Connection test, failed: refused')] },
    });
    const error = await rejection(waitProviderReady(fake.client, provider as never, LONG));
    expect(error).toBeInstanceOf(ProviderNotReadyError);
    expect((error as Error).message).toMatch(
      /is not Ready: gave up waiting for Provider ns1\/p1 to become Ready: its connection test failed \(phase ConnectionFailed\)/,
    );
  });
});

describe('migration', () => {
  const plan = { kind: 'Plan', metadata: { name: 'p1', namespace: 'ns1' }, spec: {} };

  it('a plan blocked before its run starts fails at once, naming the condition', async () => {
    const stored = fake.api.put(`${NS}/plans`, plan);
    const run = rejection(executeMigration(ctx, stored as never, { warm: false, timeoutMs: LONG }));
    await fake.api.whenWatching();
    fake.api.put(`${NS}/plans`, { ...plan, status: { conditions: [critical('VMNotFound', 'NotFound', 'VM not found.', ['id:vm-1'])] } });
    const error = (await run) as ForkliftCriticalConditionError;
    expect(error).toBeInstanceOf(ForkliftCriticalConditionError);
    expect(error.object).toEqual({ kind: 'Plan', namespace: 'ns1', name: 'p1' });
    expect(error.expected).toBe('its migration to start and finish (Succeeded or Failed)');
    expect(error.message).toMatch(
      /^Plan ns1\/p1 has Critical condition VMNotFound \(reason NotFound\): "VM not found." \[items: id:vm-1\]; expected its migration to start/,
    );
  });

  it('a blocker during the run is left to Forklift: the wait ends on its Failed condition', async () => {
    const stored = fake.api.put(`${NS}/plans`, plan);
    const run = rejection(executeMigration(ctx, stored as never, { warm: false, timeoutMs: LONG }));
    await fake.api.whenWatching();
    const executing = { type: 'Executing', status: 'True', category: 'Advisory' };
    const seen = whenLogged(/VM vm1: phase DiskTransfer/);
    fake.api.put(`${NS}/plans`, {
      ...plan,
      status: {
        conditions: [executing, critical('SourceProviderNotReady', 'NotFound', 'The source provider does not have the Ready condition.')],
        migration: { vms: [{ id: 'vm-1', name: 'vm1', phase: 'DiskTransfer' }] },
      },
    });
    await seen;
    fake.api.put(`${NS}/plans`, {
      ...plan,
      status: {
        conditions: [
          { type: 'Failed', status: 'True', category: 'Advisory', message: 'The migration has FAILED due to a validation blocker' },
        ],
        migration: {
          vms: [{ id: 'vm-1', name: 'vm1', phase: 'Completed', error: { phase: 'DiskTransfer', reasons: ['validation blocker'] } }],
        },
      },
    });
    const error = await run;
    expect(error).toBeInstanceOf(MigrationPlanExecError);
    expect((error as Error).message).toMatch(/^migration of plan p1 ended Failed:\n {2}- VM vm1: phase Completed — validation blocker/);
  });
});
