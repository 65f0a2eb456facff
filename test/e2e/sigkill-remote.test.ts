/**
 * Workers killed with SIGKILL mid-migration while one of them migrates to the lab's remote
 * cluster (cold-remote-ocp, destination remote): the CLI's global teardown sweeps both clusters,
 * the remote through the kubeconfig its session recorded. What is left is read from watches on
 * each cluster (the CLI stops its lab at the end), and the remote watch must first have seen the
 * remote session's objects, so an empty result is not a watch that saw nothing. The moment to kill
 * is an event: both Migrations exist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../../lib/k8s/connect';
import { silentLog } from '../../lib/k8s/log';
import { jestWorkerPids } from '../../lib/environment/jest-workers';
import { exitOf, startCli, type CliRun } from './support/cli';
import { LabObserver } from './support/observer';
import { migrationsCreated } from './support/migrations-created';

describe('SIGKILL of the workers mid-migration, one session migrating to the remote cluster', () => {
  let cwd: string;
  let cli: CliRun;
  let host: LabObserver | undefined;
  let remote: LabObserver | undefined;
  let sessions: string[] = [];
  let exit: Awaited<ReturnType<typeof exitOf>>;

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-e2e-sigkill-remote-'));
    cli = startCli(
      [
        '--scenario',
        'cold-remote-ocp,sanity-cold',
        '-w',
        '2',
        '--lab-fault',
        'migration-stuck',
        '--tc',
        'plan_wait_timeout:30',
        '--data-collector-path',
        path.join(cwd, 'dc'),
      ],
      { cwd },
    );
    try {
      const [, stateDir] = await cli.waitForLine(/embedded lab running at \S+ \(state (.+)\)$/, 90_000);
      [host, remote] = await Promise.all([
        LabObserver.start(path.join(stateDir!, 'kubeconfig')),
        LabObserver.start(path.join(stateDir!, 'remote', 'kubeconfig')),
      ]);
      const client = await connect({ kind: 'kubeconfig', path: path.join(stateDir!, 'kubeconfig') }, silentLog);
      try {
        sessions = await migrationsCreated(client, 2, 180_000);
      } finally {
        client.close();
      }
      const workers = jestWorkerPids(cli.child.pid!);
      expect(workers).toHaveLength(2);
      for (const pid of workers) process.kill(pid, 'SIGKILL');
      exit = await exitOf(cli, 240_000);
    } catch (error) {
      cli.child.kill('SIGKILL');
      throw new Error(`${String(error)}\n--- CLI output ---\n${cli.lines.slice(-30).join('\n')}`);
    }
  }, 420_000);

  afterAll(() => {
    host?.stop();
    remote?.stop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('the run fails, and its global teardown sweeps the host and the remote cluster', () => {
    expect(exit.code).not.toBe(0);
    expect(exit.signal).toBeNull();
    const output = cli.lines.join('\n');
    expect(output).toMatch(/jest worker process \(pid=\d+\) was terminated by another process: signal=SIGKILL/i);
    const swept = new Set([...output.matchAll(/tracked object\(s\) still exist; removing them from (\S+)/g)].map((m) => m[1]));
    expect(swept.size).toBe(2);
  });

  it('the remote session had objects on the remote cluster, and none of them is left', () => {
    expect(sessions).toHaveLength(2);
    const onRemote = sessions.filter((s) => remote!.observed(s).length > 0);
    expect(onRemote).toHaveLength(1);
    expect(remote!.observed(onRemote[0]!)).toEqual(expect.arrayContaining([`Namespace ${onRemote[0]}`]));
    for (const s of sessions) expect({ session: s, left: remote!.leftovers(s) }).toEqual({ session: s, left: [] });
  });

  it('nothing of either session is left on the host cluster', () => {
    for (const s of sessions) {
      expect(host!.observed(s).length).toBeGreaterThan(0);
      expect({ session: s, left: host!.leftovers(s) }).toEqual({ session: s, left: [] });
    }
  });
});
