/**
 * --list and --plan through the real bin: no cluster configured (no KUBECONFIG, no ~/.kube), and
 * afterwards the working directory is exactly as before: nothing was created.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FIXTURE_SCENARIOS, FIXTURE_SUITE, listFiles, runBin } from './run-bin';

/** What --plan prints for a scenario of the five steps whose cleanupMigratedVms is already set up. */
const PLANNED_STEPS = [
  '        create StorageMap-vsphere-mtv-block (fixtures used: client, run)',
  '        create NetworkMap-vsphere-mtv-block (fixtures used: client, run)',
  '    SETUP    C plan (fixtures used: client, scenario, run)',
  '        create Plan-vsphere-mtv-block (fixtures used: client, plan, run, scenario)',
  '        migrate VMs-vsphere-mtv-block (fixtures used: client, plan, run, scenario)',
  '        check VMs-vsphere-mtv-block (fixtures used: client, plan, run, scenario)',
  '    TEARDOWN C plan',
];

describe('dry runs need no cluster and create nothing', () => {
  test('--list shows the selected scenarios with markers, gates and the five steps in order', () => {
    const r = runBin(['--list', '-m', 'tier0 or warm']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('target: embedded lab');
    const names = [...r.stdout.matchAll(/^(\S+)$/gm)].map((m) => m[1]).filter((n) => n && !n.includes(':'));
    expect(names).toEqual([
      '2disks2nics-warm',
      'clusterrole-warm-migration',
      'clusterrole-warm-migration-with-scc',
      'comprehensive-cold',
      'comprehensive-warm',
      'copyoffload-warm',
      'copyoffload-warm-rdm-virtual',
      'ova-cold-migration',
      'post-hook-retain-failed-vm',
      'sanity-cold',
      'sanity-warm',
      'shared-disk-rhel-migration',
      'warm-migration-xfs',
      'warm-remote-ocp',
    ]);
    const warm = r.stdout.slice(r.stdout.indexOf('\nsanity-warm'), r.stdout.indexOf('\nshared-disk-rhel-migration'));
    expect(warm).toContain('markers: tier0, warm, vsphere, rhv, upgrade');
    expect(warm).toContain('gates: unsupported source types: openstack, openshift, ova; jira MTV-2846 (ovirt)');
    const steps = [...warm.matchAll(/^ {4}(.+)$/gm)].map((m) => m[1]);
    // A copy-offload scenario (copyoffload-warm) in the selection makes the lab's source entry its
    // copy-offload one (lib/config/lab.ts withLabCopyOffloadProvider), so every title names it.
    expect(steps).toEqual([
      'create StorageMap-vsphere-copy-offload-mtv-block',
      'create NetworkMap-vsphere-copy-offload-mtv-block',
      'create Plan-vsphere-copy-offload-mtv-block',
      'migrate VMs-vsphere-copy-offload-mtv-block',
      'check VMs-vsphere-copy-offload-mtv-block',
    ]);
    expect(r.stdout).toContain('73 steps in 14 scenario(s); nothing was run');
    expect(listFiles(r.cwd)).toEqual([]);
  });

  test('--plan prints the fixture resolution order per scenario and sets nothing up', () => {
    const r = runBin([
      '--plan',
      '--suite',
      FIXTURE_SUITE,
      '--scenarios-dir',
      FIXTURE_SCENARIOS,
      '--scenario',
      'tiny-fails-at-plan,tiny-passes,tiny-gated',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const body = lines.slice(
      lines.indexOf('tiny-fails-at-plan'),
      lines.findIndex((l) => l.startsWith('nothing was set up')),
    );
    expect(body.filter((l) => l.trim() !== '')).toEqual([
      'tiny-fails-at-plan',
      'SETUP    S client (fixtures used: run)',
      '    SETUP    C cleanupMigratedVms (fixtures used: client, scenario, run)',
      ...PLANNED_STEPS,
      '    TEARDOWN C cleanupMigratedVms',
      'tiny-passes',
      ...PLANNED_STEPS,
      // The embedded lab runs a remote cluster, so its needsRemoteCluster gate is lifted (test/unit/runner/incremental.test.ts: skipped on a cluster).
      'tiny-gated',
      ...PLANNED_STEPS,
      'TEARDOWN S client',
    ]);
    expect(listFiles(r.cwd)).toEqual([]);
    expect(fs.existsSync(path.join(r.cwd, '.data-collector'))).toBe(false);
  });

  test('--plan with a step that has no body says so', () => {
    const r = runBin(['--plan', '--suite', FIXTURE_SUITE, '--scenarios-dir', FIXTURE_SCENARIOS, '--scenario', 'tiny-passes'], {
      env: { FIXTURE_SUITE_NO_CHECK: '1' },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('check VMs-vsphere-mtv-block (no body registered: this step will fail)');
  });
});
