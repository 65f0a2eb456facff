/**
 * Interrupted runs must not leave anything behind:
 *  - SIGINT while the migration runs: the session cancels the migration, archives the plan and
 *    tears everything down before exiting (130); with several Jest workers, a SIGINT sent to the
 *    CLI alone is forwarded to each worker;
 *  - SIGKILL of the process that owns the session (no teardown at all): tools/clean-cluster.ts
 *    on the run's resources.json removes every cluster object and the vSphere clone.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from '../../lib/k8s/connect';
import { silentLog } from '../../lib/k8s/log';
import { jestWorkerPids } from '../../lib/environment/jest-workers';
import { readTrackedFile } from '../../lib/resources/tracker';
import { connectVsphere } from '../../lib/providers/base';
import { loadProvidersFile, selectSourceProvider } from '../../lib/config/providers-file';
import { VSphereVmNotFoundError } from '../../lib/providers/vsphere/errors';
import { useLab } from '../support/lab';
import { REGISTER_TS, REPO_ROOT, exitOf, namedClusterArgs, startCli } from './support/cli';
import { LabObserver } from './support/observer';
import { cleanup, runObserved, type ObservedRun } from './support/run-scenario';

describe('SIGINT during the migration step', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--lab-fault', 'migration-stuck'], {
      during: async (cli) => {
        await cli.waitForLine(/waiting up to .* migration to finish/, 120_000);
        cli.child.kill('SIGINT');
      },
    });
  }, 300_000);
  afterAll(() => cleanup(run));

  it('tears the session down (cancel, archive, delete) and exits 130', () => {
    expect(run!.output).toMatch(/SIGINT received: tearing down session/);
    expect(run!.output).toMatch(/teardown: canceling running Migration/);
    expect(run!.output).toMatch(/session \S+: teardown complete, nothing left/);
    expect(run!.exit.code).toBe(130);
  });

  it('leaves no object it created in the lab', () => {
    expect(run!.observer.observed(run!.session).length).toBeGreaterThan(5);
    expect(run!.observer.leftovers(run!.session)).toEqual([]);
  });
});

describe('SIGINT to the CLI process only (kill <pid>) while two Jest workers migrate', () => {
  let run: ObservedRun | undefined;
  let namespaces: string[] = [];
  beforeAll(async () => {
    // Three scenario files for two workers: the third waits for a worker when the signal comes.
    run = await runObserved(['--scenario', 'sanity-cold,2disks2nics-warm,sanity-warm', '-w', '2', '--lab-fault', 'migration-stuck'], {
      during: async (cli) => {
        await cli.waitForLine(/waiting up to .* migration to finish/, 120_000, 2);
        expect(jestWorkerPids(cli.child.pid!)).toHaveLength(2);
        cli.child.kill('SIGINT'); // the CLI alone, not its process group
      },
    });
    namespaces = [
      ...new Set(run.cli.lines.map((l) => /created Namespace (auto-[a-z0-9]{4})$/.exec(l)?.[1]).filter((x): x is string => !!x)),
    ];
  }, 300_000);
  afterAll(() => cleanup(run));

  it('forwards the signal to both workers, each tears its session down, and the CLI exits 130', () => {
    expect(run!.output).toMatch(/SIGINT received: forwarding it to 2 Jest worker\(s\)/);
    expect(run!.output.match(/SIGINT received: tearing down session/g)).toHaveLength(2);
    expect(run!.output.match(/session \S+: teardown complete, nothing left/g)).toHaveLength(2);
    expect(run!.output).toMatch(/mtv-tests: the run was interrupted \(SIGINT\)/);
    expect(run!.exit.code).toBe(130);
  });

  it('starts no scenario after the interrupt (Jest restarts the exited workers for the waiting file) and leaves nothing behind', () => {
    expect(namespaces).toHaveLength(2);
    expect(run!.output).toMatch(/the run was interrupted \(SIGINT\): scenario \S+\.scenario\.json not started/);
    expect(run!.output).not.toMatch(/created Namespace \S+[\s\S]*SIGINT received: forwarding[\s\S]*created Namespace/);
    for (const ns of namespaces) {
      expect(run!.observer.observed(ns).length).toBeGreaterThan(5);
      expect(run!.observer.leftovers(ns)).toEqual([]);
    }
  });
});

describe('SIGKILL of a Jest worker: the global teardown sweep removes what it left', () => {
  let run: ObservedRun | undefined;
  let sessions: string[] = [];
  beforeAll(async () => {
    run = await runObserved(
      ['--scenario', 'sanity-cold,2disks2nics-warm', '-w', '2', '--lab-fault', 'migration-stuck', '--tc', 'plan_wait_timeout:15'],
      {
        during: async (cli) => {
          // Both workers are inside the migration step before one of them is killed.
          await cli.waitForLine(/waiting up to .* migration to finish/, 120_000, 2);
          const workers = jestWorkerPids(cli.child.pid!);
          expect(workers).toHaveLength(2);
          process.kill(workers[0]!, 'SIGKILL');
        },
      },
    );
    sessions = [
      ...new Set(run.cli.lines.map((l) => /worker \d+: session (auto-[a-z0-9]{4})/.exec(l)?.[1]).filter((x): x is string => !!x)),
    ];
  }, 300_000);
  afterAll(() => cleanup(run));

  it('reports the killed worker and sweeps its objects in the global teardown', () => {
    expect(run!.output).toMatch(/jest worker process \(pid=\d+\) was terminated by another process: signal=SIGKILL/i);
    expect(run!.output).toMatch(/sweep of \S+resources\.json: \d+ of \d+ tracked object\(s\) still exist; removing them/);
    expect(run!.exit.code).not.toBe(0);
  });

  it('leaves no object of either session in the lab', () => {
    expect(sessions).toHaveLength(2);
    for (const s of sessions) {
      expect(run!.observer.observed(s).length).toBeGreaterThan(5);
      expect(run!.observer.leftovers(s)).toEqual([]);
    }
  });
});

describe('SIGKILL of the session process, then tools/clean-cluster.ts', () => {
  const lab = useLab();

  it('clean-cluster removes everything the killed run created, cluster and vSphere side', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-e2e-kill-'));
    expect((await lab().request('PUT', '/lab/faults/migration-stuck')).status).toBe(200);
    const observer = await LabObserver.start(lab().kubeconfig);
    const dc = path.join(cwd, 'dc');
    const providersJson = path.join(cwd, 'providers.json');
    try {
      // The lab outlives the run: the run treats it as a named cluster.
      const cli = startCli(['--scenario', 'sanity-cold', ...namedClusterArgs(lab(), cwd)], { cwd });
      const [, session] = await cli.waitForLine(/session (auto-[a-z0-9]{4}) on /, 90_000);
      await cli.waitForLine(/waiting up to .* migration to finish/, 120_000);
      cli.child.kill('SIGKILL');
      expect((await exitOf(cli, 30_000)).signal).toBe('SIGKILL');
      const tracked = path.join(dc, 'resources.json');
      const clone = readTrackedFile(tracked).entries.find((e) => e.side === 'source');
      expect(clone).toBeDefined();
      expect(observer.leftovers(session!).length).toBeGreaterThan(5); // the kill left objects behind

      const clean = async () => {
        try {
          const { stdout } = await promisify(execFile)(
            process.execPath,
            ['-r', REGISTER_TS, path.join(REPO_ROOT, 'tools/clean-cluster.ts'), tracked],
            { cwd, timeout: 120_000 },
          );
          return { code: 0, out: stdout };
        } catch (error) {
          const e = error as { code?: number; stdout?: string; stderr?: string };
          return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
        }
      };
      const first = await clean();
      expect(first).toMatchObject({ code: 0 });
      expect(first.out).toMatch(/removed \d+ object\(s\)/);
      // Read back through the API, not only the watch.
      const client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
      try {
        expect(await client.tryGet('Namespace', session!)).toBeUndefined();
        const pvs = await client.list('PersistentVolume');
        expect(pvs.items.filter((pv) => pv.spec?.claimRef?.namespace === session)).toEqual([]);
      } finally {
        client.close();
      }
      expect(observer.leftovers(session!)).toEqual([]);
      const vs = await connectVsphere(selectSourceProvider(loadProvidersFile(providersJson), 'vsphere'), false);
      await expect(vs.findVmByName(clone!.name)).rejects.toBeInstanceOf(VSphereVmNotFoundError);
      await vs.logout();
      const second = await clean();
      expect(second.code).toBe(0);
      expect(second.out).toMatch(/nothing to do/);
    } finally {
      observer.stop();
      await lab().request('DELETE', '/lab/faults/migration-stuck');
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  }, 300_000);
});
