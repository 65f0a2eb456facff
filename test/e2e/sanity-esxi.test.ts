/**
 * End to end on the ESXi endpoint: `mtv-tests --scenario sanity-cold --tc source_provider:esxi`
 * against the embedded lab uses the providers file's `esxi` entry (a host endpoint, endpoint_type
 * esxi). The Provider gets sdkEndpoint esxi, the source VM is cloned through the vCenter the entry
 * names by clone_provider (a host cannot clone), the five steps pass with nothing skipped, and the
 * clone is deleted through that vCenter at teardown, leaving nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_STEPS as STEP_NAMES } from '../../lib/runner/step-names';
import { readTrackedFile } from '../../lib/resources/tracker';
import { junitCases } from './support/junit';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

describe('sanity-cold on the ESXi endpoint of the embedded lab', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--tc', 'source_provider:esxi']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('passes and exits 0', () => {
    expect({ exit: run!.exit, log: failureContext(run!) }).toEqual({ exit: { code: 0, signal: null }, log: '' });
  });

  it('creates the source Provider with sdkEndpoint esxi at the host endpoint, not the vCenter', () => {
    const providers = JSON.parse(fs.readFileSync(path.join(run!.dataCollector, 'lab-providers.json'), 'utf8')) as Record<
      string,
      { api_url: string }
    >;
    const line = /source provider esxi: vsphere at (\S+), sdkEndpoint (\S+)/.exec(run!.output);
    expect([line?.[1], line?.[2]]).toEqual([providers['esxi']?.api_url, 'esxi']);
    expect(providers['esxi']?.api_url).not.toBe(providers['vsphere']?.api_url);
  });

  it('clones the source VM through the vCenter named by clone_provider, and tracks the clone under that entry', () => {
    expect(run!.output).toContain('ESXi source esxi: VMs are cloned through the vCenter entry vsphere');
    expect(run!.output).toMatch(/cloning source VM mtv-tests-rhel8 -> \S+ through vCenter vsphere/);
    const clones = readTrackedFile(path.join(run!.dataCollector, 'resources.json')).entries.filter(
      (e) => e.session === run!.session && e.kind === 'SourceVm',
    );
    expect(clones.length).toBeGreaterThan(0);
    expect(clones.map((c) => (c as { providerKey?: string }).providerKey)).toEqual(clones.map(() => 'vsphere'));
  });

  it('writes junit-report.xml with the five steps passed, none skipped', () => {
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    expect(cases).toHaveLength(5);
    expect(cases.map((c) => c['@_name'])).toEqual(
      expect.arrayContaining([...STEP_NAMES].map((s) => expect.stringMatching(new RegExp(`^${s}-esxi-`)))),
    );
    for (const c of cases) {
      expect(c.failure).toBeUndefined();
      expect(c.skipped).toBeUndefined();
    }
  });

  it('leaves no object it created in the lab', () => {
    expect(run!.observer.observed(run!.session).length).toBeGreaterThan(5);
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });
});
