import { WaitAbortedError, WaitTerminalConditionError, WaitTimeoutError } from '../../../exceptions/k8s';
import { criticalCondition } from '../../../lib/k8s/conditions';
import type { K8sClient } from '../../../lib/k8s/client';
import { CollectionListWatch } from '../../../lib/k8s/list-watch';
import type { SuiteLog } from '../../../lib/k8s/log';
import { waitForCondition } from '../../../lib/k8s/waits';
import { waitOn } from '../../../lib/k8s/watch';
import { useFakeCluster } from './fake-apiserver';

const PLANS = '/apis/forklift.konveyor.io/v1beta1/namespaces/ns1/plans';
const FAST_RETRIES = { retries: 2, minTimeoutMs: 5, maxTimeoutMs: 20, maxRetryAfterMs: 50 };

function capturingLog(): SuiteLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, info: push('info'), warn: push('warn'), debug: push('debug'), error: push('error') };
}

function plan(name: string, conditions: Array<{ type: string; status: string; category?: string; message?: string }> = []) {
  return {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Plan',
    metadata: { name, namespace: 'ns1' },
    spec: {},
    status: { conditions },
  };
}

const names = (items: Array<{ metadata?: { name?: string } }>): string[] => items.map((i) => i.metadata?.name ?? '?').sort();

const views: Array<CollectionListWatch<'Plan'>> = [];
afterEach(() => views.splice(0).forEach((v) => v.stop()));

/** A view over ns1's Plans, a way to await the moment its items satisfy a predicate, and its reported failures. */
function planView(client: K8sClient, pollIntervalMs?: number) {
  const waiters: Array<{ test: () => boolean; wake: () => void }> = [];
  const failures: unknown[] = [];
  let reportFailure!: () => void;
  const failed = new Promise<void>((r) => (reportFailure = r));
  const view = new CollectionListWatch(
    client,
    { kind: 'Plan', namespace: 'ns1', what: 'test plans', pollIntervalMs },
    {
      changed: () => {
        for (const w of waiters.filter((x) => x.test())) {
          waiters.splice(waiters.indexOf(w), 1);
          w.wake();
        }
      },
      failed: (error) => {
        failures.push(error);
        reportFailure();
      },
    },
  );
  views.push(view);
  const until = (test: () => boolean): Promise<void> => (test() ? Promise.resolve() : new Promise((wake) => waiters.push({ test, wake })));
  return { view, until, failures, failed };
}

describe('CollectionListWatch while watching', () => {
  const fake = useFakeCluster({ log: capturingLog, retryPolicy: FAST_RETRIES });
  const watchUrls = () => fake.api.requests.filter((r) => r.method === 'WATCH').map((r) => r.url);

  it('resumes a closed stream from the last resourceVersion: a change made meanwhile is replayed, not re-listed', async () => {
    fake.api.put(PLANS, plan('a'));
    const { view: v, until } = planView(fake.client);
    v.start();
    await fake.api.whenWatching();
    fake.api.closeWatches();
    // No watcher is registered until the client reopens: this change only reaches it by the replay.
    fake.api.put(PLANS, plan('a', [{ type: 'Ready', status: 'True' }]));
    await until(() => v.items.some((p) => p.status?.conditions?.some((c) => c.type === 'Ready')));
    expect(watchUrls()).toHaveLength(2);
    expect(watchUrls()[1]).toContain('resourceVersion=101');
    expect(v.stats).toMatchObject({ lists: 1, watches: 2, events: 1, mode: 'watch' });
  });

  it('re-lists after 410 Gone, dropping an object deleted while the history was compacted', async () => {
    fake.api.put(PLANS, plan('a'));
    fake.api.put(PLANS, plan('b'));
    const { view: v } = planView(fake.client);
    v.start();
    await fake.api.whenWatching();
    expect(names(v.items)).toEqual(['a', 'b']);
    fake.api.closeWatches();
    fake.api.remove(PLANS, 'b'); // the DELETED event is lost to compaction: only a re-list can tell
    fake.api.compact();
    await fake.api.whenWatching();
    expect(names(v.items)).toEqual(['a']);
    expect(v.stats.lists).toBe(2);
    expect(watchUrls()).toHaveLength(3); // the first watch, the 410'd resume, the watch from the new list
    expect(watchUrls()[2]).toContain('resourceVersion=103');
    expect(fake.log.lines).toContain('debug: watch for test plans: resourceVersion expired, re-listing');
  });

  it('stop closes the open watch', async () => {
    const { view: v } = planView(fake.client);
    v.start();
    await fake.api.whenWatching();
    v.stop();
    await fake.api.whenNoWatches();
    expect(fake.api.openWatches).toBe(0);
  });
});

describe('CollectionListWatch when watching or listing fails', () => {
  const fake = useFakeCluster({ log: capturingLog, retryPolicy: FAST_RETRIES });
  const watchUrls = () => fake.api.requests.filter((r) => r.method === 'WATCH').map((r) => r.url);

  it('falls back to periodic listing when watch is refused, and still sees changes', async () => {
    fake.api.watchDisabled = true;
    const { view: v, until } = planView(fake.client, 20);
    v.start();
    await until(() => v.stats.mode === 'poll');
    fake.api.put(PLANS, plan('late'));
    await until(() => names(v.items).includes('late'));
    expect(watchUrls()).toHaveLength(1);
    expect(v.stats.lists).toBeGreaterThanOrEqual(2);
    expect(fake.log.lines).toContain('warn: watch for test plans unavailable (HTTP 405); falling back to listing every 20 ms');
  });

  it('a list that keeps failing is reported to the owner', async () => {
    fake.api.failNext('GET', 500, 10);
    const { view: v, failures, failed } = planView(fake.client);
    v.start();
    await failed;
    expect(failures[0]).toMatchObject({ code: 500 });
    expect(watchUrls()).toHaveLength(0);
  });
});

describe('waitOn edges', () => {
  const fake = useFakeCluster({ log: capturingLog, retryPolicy: FAST_RETRIES });

  it('on timeout logs what the wait saw and the last observed state', async () => {
    fake.api.put(PLANS, plan('t1'));
    let sawChange!: () => void;
    const changed = new Promise<void>((r) => (sawChange = r));
    const waiting = waitOn(fake.client, {
      kind: 'Plan',
      name: 't1',
      namespace: 'ns1',
      what: 'Plan ns1/t1 to never be ready',
      timeoutMs: 3000, // room for the event to arrive first on a loaded machine
      check: (items) => {
        if (items[0]?.status?.conditions?.length) sawChange();
        return undefined;
      },
      describe: (items) => `conditions of ${items.length} plan(s): ${JSON.stringify(items[0]?.status?.conditions)}`,
    });
    await fake.api.whenWatching();
    fake.api.put(PLANS, plan('t1', [{ type: 'Executing', status: 'True' }]));
    await changed;
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastState).toBe('conditions of 1 plan(s): [{"type":"Executing","status":"True"}]');
    expect(fake.log.lines).toContain(
      'warn: timed out after 3 s waiting for Plan ns1/t1 to never be ready (saw 1 list(s), 1 watch(es), 1 event(s), watching); ' +
        'last observed state: conditions of 1 plan(s): [{"type":"Executing","status":"True"}]',
    );
  });

  it('a timeout while polling says so', async () => {
    fake.api.watchDisabled = true;
    fake.api.put(PLANS, plan('t2'));
    const waiting = waitOn(fake.client, {
      kind: 'Plan',
      name: 't2',
      namespace: 'ns1',
      what: 'Plan t2',
      timeoutMs: 500,
      pollIntervalMs: 20,
      check: () => undefined,
    });
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
    expect(
      fake.log.lines.some((l) =>
        /^warn: timed out after 500 ms waiting for Plan t2 \(saw \d+ list\(s\), 1 watch\(es\), 0 event\(s\), polling\); last observed state: Plan ns1\/t2/.test(
          l,
        ),
      ),
    ).toBe(true);
  });

  it('a terminal condition ends the wait at once with an error naming it', async () => {
    fake.api.put(PLANS, plan('c1'));
    const waiting = waitForCondition(fake.client, 'Plan', 'c1', 'ns1', 'Ready', { timeoutMs: 30_000, terminalIf: criticalCondition });
    await fake.api.whenWatching();
    fake.api.put(PLANS, plan('c1', [{ type: 'VMNotFound', status: 'True', category: 'Critical', message: 'VM not found.' }]));
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTerminalConditionError);
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect((error as WaitTerminalConditionError).condition).toMatchObject({ type: 'VMNotFound', category: 'Critical' });
    expect((error as Error).message).toMatch(
      /^gave up waiting for Plan ns1\/c1 to have condition Ready=True: terminal condition VMNotFound=True \[Critical\]: VM not found\.; last observed state: conditions: VMNotFound=True/,
    );
    await fake.api.whenNoWatches();
  });

  it('an object already in a terminal state fails on the first list, without opening a watch', async () => {
    fake.api.put(
      PLANS,
      plan('c2', [
        { type: 'Ready', status: 'False' },
        { type: 'SourceProviderNotReady', status: 'True', category: 'Critical' },
      ]),
    );
    await expect(
      waitForCondition(fake.client, 'Plan', 'c2', 'ns1', 'Ready', { timeoutMs: 30_000, terminalIf: criticalCondition }),
    ).rejects.toMatchObject({
      name: 'WaitTerminalConditionError',
      condition: { type: 'SourceProviderNotReady' },
    });
    expect(fake.api.requests.filter((r) => r.method === 'WATCH')).toHaveLength(0);
  });

  it('a Critical condition that is False is not terminal', async () => {
    fake.api.put(PLANS, plan('c3', [{ type: 'VMNotFound', status: 'False', category: 'Critical' }]));
    const waiting = waitForCondition(fake.client, 'Plan', 'c3', 'ns1', 'Ready', { timeoutMs: 30_000, terminalIf: criticalCondition });
    await fake.api.whenWatching();
    fake.api.put(PLANS, plan('c3', [{ type: 'Ready', status: 'True' }]));
    await expect(waiting).resolves.toMatchObject({ metadata: { name: 'c3' } });
  });
});
