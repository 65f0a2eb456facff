/** The watch endpoint over raw HTTP: resume, 410 Expired, selectors, legacy /watch/ paths, timeouts, bookmarks. */
import https from 'node:https';
import readline from 'node:readline';
import { useLab } from '../../support/lab';

interface WatchEvent {
  type: string;
  object: { kind?: string; code?: number; reason?: string; metadata: { name?: string; namespace?: string; resourceVersion?: string } };
}

describe('watch', () => {
  const lab = useLab({ components: false, extraArgs: ['--watch-history', '30', '--bookmark-interval-ms', '100'] });
  const cms = (ns: string): string => `/api/v1/namespaces/${ns}/configmaps`;

  /** Opens a watch and collects events; `until` decides when to stop (or the server ends it). */
  function watch(
    path: string,
    until: (events: WatchEvent[]) => boolean,
    timeoutMs = 10_000,
  ): { events: WatchEvent[]; done: Promise<WatchEvent[]>; firstEvent: Promise<void> } {
    const events: WatchEvent[] = [];
    let sawFirst: () => void = () => undefined;
    // The first line proves the server has the watch registered: a signal, not a guessed delay.
    const firstEvent = new Promise<void>((r) => (sawFirst = r));
    const done = new Promise<WatchEvent[]>((resolve, reject) => {
      const req = https.get(
        new URL(path, lab().url),
        { ca: lab().caPem, headers: { Authorization: `Bearer ${lab().adminToken}` } },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`watch ${path} answered ${res.statusCode}`));
            res.resume();
            return;
          }
          const lines = readline.createInterface({ input: res });
          lines.on('error', () => undefined);
          lines.on('line', (line) => {
            events.push(JSON.parse(line) as WatchEvent);
            sawFirst();
            if (until(events)) {
              clearTimeout(timer);
              req.destroy();
              resolve(events);
            }
          });
          res.on('end', () => {
            clearTimeout(timer);
            resolve(events);
          });
          // Destroying the request on purpose aborts the response; that is not a failure.
          res.on('error', () => undefined);
        },
      );
      req.on('error', (e) => {
        if (!req.destroyed) reject(e);
      });
      const timer = setTimeout(() => {
        req.destroy();
        reject(new Error(`watch ${path} timed out; events: ${JSON.stringify(events.map((e) => e.type))}`));
      }, timeoutMs);
    });
    return { events, done, firstEvent };
  }
  const create = (ns: string, name: string, labels: Record<string, string> = {}) =>
    lab().request('POST', cms(ns), { body: { metadata: { name, labels } } });
  const names = (events: WatchEvent[]): string[] =>
    events
      .filter((e) => e.type !== 'BOOKMARK')
      .map((e) => `${e.type} ${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`);

  beforeAll(async () => {
    for (const ns of ['w1', 'w2'])
      expect((await lab().request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } })).status).toBe(201);
  });

  it('without a resourceVersion starts with ADDED for what exists, then streams changes', async () => {
    await create('w1', 'pre');
    const w = watch(`${cms('w1')}?watch=true`, (ev) => names(ev).length >= 3);
    await Promise.race([w.firstEvent, w.done]); // ADDED w1/pre arrived: the watch is open
    await lab().request('PATCH', `${cms('w1')}/pre`, { contentType: 'application/merge-patch+json', body: { data: { k: 'v' } } });
    await lab().request('DELETE', `${cms('w1')}/pre`);
    expect(names(await w.done)).toEqual(['ADDED w1/pre', 'MODIFIED w1/pre', 'DELETED w1/pre']);
  });

  it('resumes from a resourceVersion and answers 410 Expired past the kept history', async () => {
    const list = (await lab().request('GET', cms('w1'))).json<{ metadata: { resourceVersion: string } }>();
    await create('w1', 'r1');
    await create('w1', 'r2');
    const resumed = watch(`${cms('w1')}?watch=true&resourceVersion=${list.metadata.resourceVersion}`, (ev) => names(ev).length >= 2);
    expect(names(await resumed.done)).toEqual(['ADDED w1/r1', 'ADDED w1/r2']);
    // Push the starting point out of the 30-event history.
    for (let i = 0; i < 70; i++) await create('w2', `filler-${i}`);
    const expired = watch(`${cms('w1')}?watch=true&resourceVersion=${list.metadata.resourceVersion}`, () => false);
    const ev = await expired.done;
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('watches across namespaces, through the legacy /watch/ path, and honours selectors', async () => {
    const rv = (await lab().request('GET', '/api/v1/configmaps')).json<{ metadata: { resourceVersion: string } }>().metadata
      .resourceVersion;
    const all = watch(`/api/v1/configmaps?watch=1&resourceVersion=${rv}&labelSelector=team%3Dblue`, (ev) => names(ev).length >= 4);
    const legacy = watch(`/api/v1/watch/namespaces/w2/configmaps/one?resourceVersion=${rv}`, (ev) => names(ev).length >= 1);
    const byField = watch(`${cms('w1')}?watch=true&resourceVersion=${rv}&fieldSelector=metadata.name%3Done`, (ev) => names(ev).length >= 1);
    await create('w1', 'one', { team: 'blue' });
    await create('w2', 'one', { team: 'blue' });
    await create('w2', 'two', { team: 'red' });
    // Relabelling w2/two into the selector is ADDED for the filtered watch; out of it, DELETED.
    await lab().request('PATCH', `${cms('w2')}/two`, {
      contentType: 'application/merge-patch+json',
      body: { metadata: { labels: { team: 'blue' } } },
    });
    await lab().request('PATCH', `${cms('w1')}/one`, {
      contentType: 'application/strategic-merge-patch+json',
      body: { metadata: { labels: { team: null } } },
    });
    expect(names(await all.done)).toEqual(['ADDED w1/one', 'ADDED w2/one', 'ADDED w2/two', 'DELETED w1/one']);
    expect(names(await legacy.done)).toEqual(['ADDED w2/one']);
    expect(names(await byField.done)).toEqual(['ADDED w1/one']);
  });

  it('ends after timeoutSeconds and sends BOOKMARKs when allowed', async () => {
    const t0 = Date.now();
    const w = watch(
      `${cms('w1')}?watch=true&timeoutSeconds=1&allowWatchBookmarks=true&resourceVersion=${(await lab().request('GET', cms('w1'))).json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion}`,
      () => false,
    );
    const ev = await w.done;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    const bookmarks = ev.filter((e) => e.type === 'BOOKMARK');
    expect(bookmarks.length).toBeGreaterThan(2);
    expect(bookmarks[0]?.object).toMatchObject({ kind: 'ConfigMap', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
  });
});
