/**
 * End to end, as a user runs it: `mtv-tests --scenario <name>` with nothing configured runs
 * against the embedded lab. Each run must pass its five steps, write the JUnit report and the
 * tracked-resources file, and leave nothing it created in the lab (read through the lab's API).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_STEPS as STEP_NAMES } from '../../lib/runner/step-names';
import { readTrackedFile } from '../../lib/resources/tracker';
import { junitCases } from './support/junit';
import { MTV_VERSION } from '../../lab/bootstrap/cluster-objects';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

describe.each(['sanity-cold', 'sanity-warm'])('%s against the embedded lab', (scenario) => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', scenario]);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('passes, says it ran on the lab, and exits 0', () => {
    expect(run!.output).toMatch(/on embedded lab/);
    expect(run!.output).toContain('EMBEDDED LAB — this run does NOT touch a real cluster, MTV or vCenter.');
    // On a failure the diff shows the log lines that explain it.
    expect({ exit: run!.exit, log: failureContext(run!) }).toEqual({ exit: { code: 0, signal: null }, log: '' });
  });

  it('writes junit-report.xml with the five steps passed', () => {
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    expect(cases.map((c) => c['@_name'].replace(/-vsphere-mtv-block$/, ''))).toEqual(
      expect.arrayContaining([...STEP_NAMES].map((s) => expect.stringContaining(s))),
    );
    expect(cases).toHaveLength(5);
    for (const c of cases) {
      expect(c.failure).toBeUndefined();
      expect(c.skipped).toBeUndefined();
    }
  });

  it('reports the installed MTV version (the lab CSV) as the suite property mtv_version', () => {
    const xml = fs.readFileSync(path.join(run!.cwd, 'junit-report.xml'), 'utf8');
    expect(xml).toMatch(new RegExp(`<property name="mtv_version" value="${MTV_VERSION.replace(/\./g, '\\.')}"`));
  });

  it('writes resources.json (0600) listing what the session created', () => {
    const file = path.join(run!.dataCollector, 'resources.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const kinds = readTrackedFile(file)
      .entries.filter((e) => e.session === run!.session)
      .map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['Namespace', 'Secret', 'Provider', 'StorageMap', 'NetworkMap', 'Plan', 'Migration', 'SourceVm']),
    );
  });

  it("never writes the lab's bearer token to the log, the JUnit report or the console", () => {
    expect(run!.labToken.length).toBeGreaterThan(8);
    const outputs: Record<string, string> = {
      'mtv-tests.log': fs.readFileSync(path.join(run!.dataCollector, 'mtv-tests.log'), 'utf8'),
      'lab.log': fs.readFileSync(path.join(run!.dataCollector, 'lab.log'), 'utf8'),
      'junit-report.xml': fs.readFileSync(path.join(run!.cwd, 'junit-report.xml'), 'utf8'),
      console: run!.output,
    };
    expect(outputs['mtv-tests.log']!.length).toBeGreaterThan(0);
    for (const [name, text] of Object.entries(outputs))
      expect({ name, leaks: text.includes(run!.labToken) }).toEqual({ name, leaks: false });
  });

  it('leaves no object it created in the lab', () => {
    expect(run!.observer.observed(run!.session).length).toBeGreaterThan(5);
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });

  if (scenario === 'sanity-warm') {
    it('shows precopies and the cutover in the log', () => {
      expect(run!.output).toMatch(/precopy #1 finished/);
      expect(run!.output).toMatch(/cutover scheduled at/);
      expect(run!.output).toMatch(/cutover started/);
    });
  }
});
