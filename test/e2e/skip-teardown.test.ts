/** --skip-teardown keeps everything for inspection: the migrated VM, the Plan, the namespace, and says so. */
import path from 'node:path';
import { readTrackedFile } from '../../lib/resources/tracker';
import { cleanup, runObserved, type ObservedRun } from './support/run-scenario';

describe('sanity-cold --skip-teardown', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--skip-teardown']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('passes and leaves the session objects and the migrated VM in place', () => {
    expect(run!.exit.code).toBe(0);
    expect(run!.output).toMatch(/--skip-teardown: leaving every object of session/);
    const left = run!.observer.leftovers(run!.session);
    expect(left).toEqual(
      expect.arrayContaining([`Namespace ${run!.session}`, expect.stringMatching(/^Plan /), expect.stringMatching(/^VirtualMachine /)]),
    );
    const tracked = readTrackedFile(path.join(run!.dataCollector, 'resources.json')).entries.filter((e) => e.side === 'cluster');
    for (const e of tracked) expect(left).toContain(`${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`);
  });
});
