/**
 * `--lab-fault plan-never-ready`: the Plan never gets Ready. Step 3 must fail with the plan's
 * conditions in its message, steps 4-5 are skipped ("previous step failed"), the run exits
 * non-zero, and teardown still leaves nothing behind. `--lab-fault map-destination-invalid`: the
 * StorageMap gets a Critical condition, and step 1 fails on it at once, naming it.
 */
import path from 'node:path';
import { junitCases } from './support/junit';
import { cleanup, runObserved, type ObservedRun } from './support/run-scenario';

describe('sanity-cold with the plan-never-ready lab fault', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--lab-fault', 'plan-never-ready', '--tc', 'plan_ready_timeout:5']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('fails step 3 with the plan conditions, skips 4-5, exits non-zero', () => {
    expect(run!.exit.code).not.toBe(0);
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    const byStep = (s: string) => cases.find((c) => c['@_name'].includes(s));
    expect(byStep('create StorageMap')?.failure).toBeUndefined();
    expect(byStep('create NetworkMap')?.failure).toBeUndefined();
    expect(JSON.stringify(byStep('create Plan')?.failure)).toMatch(
      /to become Ready; last observed state: Plan \S+ conditions: \w+=True \[\w+\].* \| source Provider \S+ conditions: .* \| destination Provider \S+ conditions: /,
    );
    expect(byStep('migrate VMs')?.skipped ?? byStep('migrate VMs')?.failure).toBeDefined();
    expect(byStep('check VMs')?.skipped ?? byStep('check VMs')?.failure).toBeDefined();
    expect(run!.output).toMatch(/SKIPPED migrate VMs\S* previous step failed: create Plan/);
    expect(run!.output).toMatch(/SKIPPED check VMs\S* previous step failed: create Plan/);
  });

  it('leaves no object it created in the lab', () => {
    expect(run!.observer.observed(run!.session).length).toBeGreaterThan(5);
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });
});

describe('sanity-cold with the provider-connection-failed lab fault', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--lab-fault', 'provider-connection-failed']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('fails fast on ConnectionFailed (well before the Ready timeout) showing the provider conditions', () => {
    expect(run!.exit.code).not.toBe(0);
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    const first = JSON.stringify(cases.find((c) => c['@_name'].includes('create StorageMap'))?.failure);
    expect(first).toMatch(
      /is not Ready: gave up waiting for Provider \S+ to become Ready: its connection test failed .*last observed state: phase ConnectionFailed, conditions: .*ConnectionTestFailed=True \[Critical\]/,
    );
    // Failing fast: the wait gave up on the ConnectionFailed condition (above), never at its 60 s timeout.
    expect(first).not.toMatch(/timed out after/);
    const started = run!.cli.lines.findIndex((l) => /waiting up to 60 s for Provider .* to become Ready/.test(l));
    const failed = run!.cli.lines.findIndex((l) => /sourceProvider setup failed/.test(l));
    expect(started).toBeGreaterThanOrEqual(0);
    expect(failed).toBeGreaterThan(started);
  });

  it('leaves no object it created in the lab', () => {
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });
});

describe('sanity-cold with the map-destination-invalid lab fault', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--lab-fault', 'map-destination-invalid']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('fails step 1 on the Critical condition DestinationStorageNotValid, not at a timeout, and skips the rest', () => {
    expect(run!.exit.code).not.toBe(0);
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    const failure = JSON.stringify(cases.find((c) => c['@_name'].includes('create StorageMap'))?.failure);
    expect(failure).toMatch(
      /ForkliftCriticalConditionError: StorageMap \S+ has Critical condition DestinationStorageNotValid \(reason NotFound\): \\"Destination storage not valid.\\" \[items: [^\]]+\]; expected Ready=True/,
    );
    expect(failure).toMatch(/so the wait stopped at once instead of running to its timeout/);
    expect(failure).not.toMatch(/timed out after/);
    for (const step of ['create NetworkMap', 'create Plan', 'migrate VMs', 'check VMs'])
      expect(run!.output).toMatch(new RegExp(`SKIPPED ${step}\\S* previous step failed: create StorageMap`));
  });

  it('leaves no object it created in the lab', () => {
    expect(run!.observer.observed(run!.session).length).toBeGreaterThan(3);
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });
});
