import { waitDeleted, waitForCondition, waitForNone } from '../../../lib/k8s/waits';
import { WaitNoLongerNeeded } from '../../../lib/k8s/watch';
import type { SuiteLog } from '../../../lib/k8s/log';
import type { V1beta1Plan } from '@kubev2v/types';
import { useFakeCluster } from './fake-apiserver';

const PLANS = '/apis/forklift.konveyor.io/v1beta1/namespaces/ns1/plans';
const FAST_RETRIES = { retries: 3, minTimeoutMs: 5, maxTimeoutMs: 20, maxRetryAfterMs: 50 };

function capturingLog(): SuiteLog & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string) => lines.push(`${level}: ${m}`);
  return { lines, info: push('info'), warn: push('warn'), debug: push('debug'), error: push('error') };
}

function plan(name: string, conditions: Array<{ type: string; status: string; category?: string; message?: string }>) {
  return {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Plan',
    metadata: { name, namespace: 'ns1' },
    spec: {},
    status: { conditions },
  };
}

describe('event-driven waits', () => {
  const fake = useFakeCluster({ log: capturingLog, retryPolicy: FAST_RETRIES });

  it('reacts to a status change within milliseconds (no polling interval)', async () => {
    fake.api.put(PLANS, plan('p1', [{ type: 'Executing', status: 'True' }]));
    const waiting = waitForCondition(fake.client, 'Plan', 'p1', 'ns1', 'Ready', { timeoutMs: 10_000 });
    await fake.api.whenWatching();
    fake.api.put(PLANS, plan('p1', [{ type: 'Ready', status: 'True', category: 'Required' }]));
    const obj = await waiting;
    expect(obj.metadata?.name).toBe('p1');
    // The change reached the wait through its watch: one list (before the change) and one watch, no poll.
    expect(fake.api.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(fake.api.requests.filter((r) => r.method === 'WATCH')).toHaveLength(1);
    expect(fake.log.lines.some((l) => l.includes('waiting up to 10 s for Plan ns1/p1 to have condition Ready=True'))).toBe(true);
  });

  it('on timeout the error carries the last observed conditions', async () => {
    fake.api.put(PLANS, plan('p2', [{ type: 'VMNotFound', status: 'True', category: 'Critical', message: 'VM not found.' }]));
    const waiting = waitForCondition(fake.client, 'Plan', 'p2', 'ns1', 'Ready', { timeoutMs: 400 });
    setTimeout(
      () =>
        fake.api.put(
          PLANS,
          plan('p2', [
            {
              type: 'SourceProviderNotReady',
              status: 'True',
              category: 'Critical',
              message: 'The source provider does not have the Ready condition.',
            },
          ]),
        ),
      100,
    );
    await expect(waiting).rejects.toThrow(
      /timed out after 400 ms waiting for Plan ns1\/p2 to have condition Ready=True; last observed state: conditions: SourceProviderNotReady=True \[Critical\]: The source provider does not have the Ready condition\./,
    );
  });

  it('gives up at once when failIf names an unrecoverable state', async () => {
    fake.api.put(PLANS, plan('p3', []));
    const waiting = waitForCondition(fake.client, 'Plan', 'p3', 'ns1', 'Ready', {
      timeoutMs: 10_000,
      failIf: (p) => (p.status?.conditions?.some((c) => c.type === 'Failed') ? 'the plan failed' : undefined),
    });
    setTimeout(() => fake.api.put(PLANS, plan('p3', [{ type: 'Failed', status: 'True' }])), 50);
    await expect(waiting).rejects.toThrow(
      /gave up waiting for Plan ns1\/p3 .*: the plan failed; last observed state: conditions: Failed=True/,
    );
  });

  it('resumes after the server closes the watch and re-lists after 410 Gone', async () => {
    // Every step waits for an explicit signal from the fake (a registered watcher), never a sleep:
    // on a loaded machine the first list + watch can take longer than any fixed delay.
    fake.api.put(PLANS, plan('p4', []));
    const waiting = waitForCondition(fake.client, 'Plan', 'p4', 'ns1', 'Ready', { timeoutMs: 10_000 });
    await fake.api.whenWatching();
    const watchUrls = () => fake.api.requests.filter((r) => r.method === 'WATCH').map((r) => r.url);
    const lists = () => fake.api.requests.filter((r) => r.method === 'GET').length;
    expect(lists()).toBe(1);

    // 1. The server ends the stream (its watch timeout): the client resumes from the last version, no re-list.
    fake.api.closeWatches();
    await fake.api.whenWatching();
    expect(watchUrls()).toHaveLength(2);
    expect(watchUrls()[1]).toContain('resourceVersion=101');
    expect(lists()).toBe(1);

    // 2. History is compacted past that version (an unrelated change moved it on) and the stream ends:
    //    the resume gets 410 Gone, so the client re-lists and watches from the fresh list's version.
    fake.api.put(PLANS, plan('other', []));
    fake.api.compact();
    fake.api.closeWatches();
    await fake.api.whenWatching();
    expect(lists()).toBe(2);
    expect(watchUrls()).toHaveLength(4); // the 410'd resume, then the watch from the new list
    expect(watchUrls()[3]).toContain('resourceVersion=102');
    expect(fake.log.lines.some((l) => l.includes('resourceVersion expired, re-listing'))).toBe(true);

    // 3. The update lands on the new watch.
    fake.api.put(PLANS, plan('p4', [{ type: 'Ready', status: 'True' }]));
    await expect(waiting).resolves.toBeDefined();
  });

  it('backs off when every watch from a fresh list answers 410 Gone', async () => {
    fake.api.compactedBelow = Number.MAX_SAFE_INTEGER; // a broken server: nothing can be watched
    fake.api.put(PLANS, plan('p10', []));
    const waiting = waitForCondition(fake.client, 'Plan', 'p10', 'ns1', 'Ready', { timeoutMs: 10_000 });
    const [gets, watches] = await new Promise<[number, number]>((r) =>
      setTimeout(
        () => r([fake.api.requests.filter((q) => q.method === 'GET').length, fake.api.requests.filter((q) => q.method === 'WATCH').length]),
        700,
      ),
    );
    // 0 + 200 + 400 ms of backoff in 700 ms: a handful of rounds, not a tight list/watch loop.
    expect(gets).toBeLessThanOrEqual(5);
    expect(watches).toBeLessThanOrEqual(5);
    fake.api.put(PLANS, plan('p10', [{ type: 'Ready', status: 'True' }]));
    await expect(waiting).resolves.toBeDefined();
    expect(fake.log.lines.some((l) => l.includes('resourceVersion expired, re-listing in 200 ms'))).toBe(true);
  });

  it('an already aborted signal rejects at once without touching the server', async () => {
    const ctl = new AbortController();
    ctl.abort('step timed out');
    await expect(waitForCondition(fake.client, 'Plan', 'p11', 'ns1', 'Ready', { timeoutMs: 10_000, signal: ctl.signal })).rejects.toThrow(
      /aborted \(step timed out\)/,
    );
    expect(fake.api.requests).toHaveLength(0);
  });

  it('an abort is a warning, except a guard wait that is no longer needed (debug)', async () => {
    fake.api.put(PLANS, plan('p12', []));
    for (const [name, reason] of [
      ['p12', 'step timed out'],
      ['p12', new WaitNoLongerNeeded('the other wait has ended')],
    ] as const) {
      const ctl = new AbortController();
      const waiting = waitForCondition(fake.client, 'Plan', name, 'ns1', 'Ready', { timeoutMs: 10_000, signal: ctl.signal });
      await fake.api.whenWatching();
      ctl.abort(reason);
      await expect(waiting).rejects.toThrow(/aborted/);
    }
    const stopped = fake.log.lines.filter((l) => l.includes('stopped waiting for Plan ns1/p12'));
    expect(stopped).toEqual([
      expect.stringMatching(/^warn: .*: step timed out$/),
      expect.stringMatching(/^debug: .*: the other wait has ended$/),
    ]);
  });

  it('falls back to listing when the watch is refused, and says so', async () => {
    fake.api.watchDisabled = true;
    fake.api.put(PLANS, plan('p5', []));
    const waiting = waitForCondition(fake.client, 'Plan', 'p5', 'ns1', 'Ready', { timeoutMs: 10_000 });
    setTimeout(() => fake.api.put(PLANS, plan('p5', [{ type: 'Ready', status: 'True' }])), 100);
    await expect(waiting).resolves.toBeDefined();
    expect(fake.log.lines.some((l) => l.startsWith('warn: watch for Plan ns1/p5') && l.includes('falling back to listing'))).toBe(true);
  });

  it('reopens a watch refused with 503 instead of falling back to listing', async () => {
    fake.api.failWatches = 2;
    fake.api.put(PLANS, plan('p8', []));
    const waiting = waitForCondition(fake.client, 'Plan', 'p8', 'ns1', 'Ready', { timeoutMs: 10_000 });
    await fake.api.whenWatching(); // after two 503s and their backoff
    fake.api.put(PLANS, plan('p8', [{ type: 'Ready', status: 'True' }]));
    await waiting;
    // Delivered by the third watch: the single list preceded the change, and nothing polled.
    expect(fake.api.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    expect(fake.api.requests.filter((r) => r.method === 'WATCH')).toHaveLength(3);
    expect(fake.log.lines.some((l) => l.includes('falling back to listing'))).toBe(false);
  });

  it('waitDeleted and waitForNone finish on DELETED events', async () => {
    fake.api.put(PLANS, plan('p6', []));
    fake.api.put(PLANS, plan('p7', []));
    const deleted = waitDeleted(fake.client, 'Plan', 'p6', 'ns1', 5000);
    const none = waitForNone(fake.client, 'Plan', { namespace: 'ns1' }, 5000);
    setTimeout(() => fake.api.remove(PLANS, 'p6'), 50);
    setTimeout(() => fake.api.remove(PLANS, 'p7'), 100);
    await expect(deleted).resolves.toBeUndefined();
    await expect(none).resolves.toBeUndefined();
  });
});

describe('client retries and accounting', () => {
  const fake = useFakeCluster({ log: capturingLog, retryPolicy: FAST_RETRIES });

  it('retries idempotent reads on 503 and 429 and counts every attempt', async () => {
    fake.api.put(PLANS, plan('r1', []));
    fake.api.failNext('GET', 503, 1);
    fake.api.failNext('GET', 429, 1, { 'retry-after': '0' });
    const p = await fake.client.get('Plan', 'r1', 'ns1');
    expect(p.metadata?.name).toBe('r1');
    const snap = fake.client.counter.snapshot();
    expect(snap.byVerb.get).toBe(3);
    expect(snap.retries).toBe(2);
  });

  it('never retries a plain create on 500', async () => {
    fake.api.failNext('POST', 500, 1);
    await expect(fake.client.create('Plan', plan('c1', []) as unknown as V1beta1Plan)).rejects.toMatchObject({ code: 500 });
    expect(fake.api.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('create-or-reuse retries a create and reuses on 409 AlreadyExists', async () => {
    fake.api.failNext('POST', 503, 1);
    const first = await fake.client.create('Plan', plan('c2', []) as unknown as V1beta1Plan, { reuseOnConflict: true });
    expect(first.created).toBe(true);
    const again = await fake.client.create('Plan', plan('c2', []) as unknown as V1beta1Plan, { reuseOnConflict: true });
    expect(again.created).toBe(false);
    expect(again.object.metadata?.uid).toBe(first.object.metadata?.uid);
  });

  it('merge-patches with application/merge-patch+json and reports 404 as absent on delete', async () => {
    fake.api.put(PLANS, plan('m1', []));
    const patched = await fake.client.mergePatch('Plan', 'm1', 'ns1', { spec: { archived: true } });
    expect(patched.spec?.archived).toBe(true);
    expect(await fake.client.delete('Plan', 'm1', 'ns1')).toBe('deleted');
    expect(await fake.client.delete('Plan', 'm1', 'ns1')).toBe('absent');
    await expect(fake.client.get('Plan', 'm1', 'ns1')).rejects.toThrow(
      /GET \/apis\/forklift.konveyor.io\/v1beta1\/namespaces\/ns1\/plans\/m1 failed: HTTP 404 NotFound/,
    );
  });
});
