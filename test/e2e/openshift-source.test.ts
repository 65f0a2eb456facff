/**
 * End to end on the embedded lab as an OpenShift (KubeVirt) source:
 * `mtv-tests --scenario sanity-cold,comprehensive-cold,post-hook-retain-failed-vm --tc source_provider:openshift`
 * makes the url-less openshift source Provider (no Secret), creates every scenario VM as a KubeVirt
 * VM in the session's source namespace (tracked with the namespace and its NAD), the lab's Forklift
 * migrates it KubeVirt to KubeVirt, every step passes with nothing skipped (the post-hook scenario
 * fails its migration at PostHook as it expects), the checks compare CPU, memory and storage with
 * the KubeVirt source (no network check: the Python suite skips it for OpenShift), and the
 * teardown leaves nothing. sanity-warm is skipped: warm is not offered for OpenShift sources.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readTrackedFile } from '../../lib/resources/tracker';
import { junitCases } from './support/junit';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

describe('openshift source of the embedded lab', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(
      ['--scenario', 'sanity-cold,comprehensive-cold,post-hook-retain-failed-vm', '--tc', 'source_provider:openshift'],
      { timeoutMs: 540_000 },
    );
  }, 600_000);
  afterAll(() => cleanup(run));

  it('passes and exits 0', () => {
    expect({ exit: run!.exit, log: failureContext(run!) }).toEqual({ exit: { code: 0, signal: null }, log: '' });
  });

  it('creates the source Provider on the host cluster, without a Secret', () => {
    expect(run!.output).toContain('source provider openshift: openshift at the host cluster');
    const tracked = readTrackedFile(path.join(run!.dataCollector, 'resources.json')).entries.filter((e) => e.session === run!.session);
    expect(tracked.filter((e) => e.kind === 'Secret' && /source/.test(e.name ?? ''))).toEqual([]);
  });

  it('creates every scenario VM as a KubeVirt VM in the tracked source namespace, with its NAD', () => {
    const ns = `${run!.session}-source-vms`;
    const created = run!.output.split('\n').filter((l) => l.includes(`creating KubeVirt source VM ${ns}/`));
    expect(created.length).toBe(3);
    const tracked = readTrackedFile(path.join(run!.dataCollector, 'resources.json')).entries.filter((e) => e.session === run!.session);
    expect(tracked.filter((e) => e.kind === 'Namespace' && e.name === ns)).toHaveLength(1);
    expect(tracked.filter((e) => e.kind === 'NetworkAttachmentDefinition' && e.namespace === ns)).toHaveLength(1);
    expect(tracked.filter((e) => e.kind === 'VirtualMachine' && e.namespace === ns)).toHaveLength(3);
  });

  it('writes junit-report.xml with every step passed and none skipped', () => {
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    expect(cases.length).toBe(15);
    for (const c of cases) {
      expect(c['@_name']).toMatch(/-openshift-/);
      expect(c.failure).toBeUndefined();
      expect(c.skipped).toBeUndefined();
    }
  });

  it('compares CPU, memory and storage with the KubeVirt source VM, and runs no network check', () => {
    const ran = run!.output.split('\n').filter((l) => /checkVms: \S+: ran /.test(l));
    expect(ran).toHaveLength(3);
    for (const line of ran) {
      expect(line).toMatch(/\bcpu, memory, storage\b/);
      expect(line).not.toMatch(/\bnetwork\b/);
    }
  });

  it('leaves no object it created in the lab, the source VMs and their namespace included', () => {
    expect(run!.output).toContain('teardown complete, nothing left');
    expect(run!.observer.observed(run!.session).length).toBeGreaterThan(5);
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });
});

describe('sanity-warm on the openshift source', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-warm', '--tc', 'source_provider:openshift']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('is skipped by its gate (warm is not offered for OpenShift sources), creating no source VM', () => {
    expect(run!.exit.code).toBe(0);
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    expect(cases.length).toBe(5);
    for (const c of cases) expect(c.skipped).toBeDefined();
    // The scenario's own gate (unsupportedSourceTypes) answers before the per-type marker skip.
    expect(fs.readFileSync(path.join(run!.cwd, 'junit-report.xml'), 'utf8')).toContain(
      '<property name="skip_reason" value="gate unsupportedSourceTypes: sanity-warm does not support source provider type openshift"/>',
    );
    expect(run!.output).not.toMatch(/creating KubeVirt source VM/);
  });
});
