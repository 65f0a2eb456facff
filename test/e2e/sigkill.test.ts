/**
 * A worker killed with SIGKILL mid-migration leaves nothing behind. The run uses a lab that outlives
 * it (named with --kubeconfig), so what is left is read afterwards through the lab's API and its
 * vCenter, not inferred from the run's output. The moment to kill is an event of the lab: the
 * Migration of each session exists (a watch on Migrations), never a delay.
 *  - Workers killed, the CLI lives: its global teardown sweeps what the workers tracked.
 *  - Workers and then the CLI killed: nothing runs a teardown; tools/clean-cluster.ts on the run's
 *    resources.json removes it all.
 * Either way: no namespace, no object of the sessions (CRs, Secrets, PVCs, PVs, VMs, ...) and no
 * source VM clone is left.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from '../../lib/k8s/connect';
import type { K8sClient } from '../../lib/k8s/client';
import { silentLog } from '../../lib/k8s/log';
import { jestWorkerPids } from '../../lib/environment/jest-workers';
import { readTrackedFile } from '../../lib/resources/tracker';
import { connectVsphere } from '../../lib/providers/base';
import { loadProvidersFile, selectSourceProvider } from '../../lib/config/providers-file';
import { VSphereVmNotFoundError } from '../../lib/providers/vsphere/errors';
import { useLab } from '../support/lab';
import { REGISTER_TS, REPO_ROOT, exitOf, namedClusterArgs, startCli, type CliRun } from './support/cli';
import { OBSERVED_KINDS } from './support/observer';
import { migrationsCreated } from './support/migrations-created';

const lab = useLab();
/** Two cold scenarios (a warm one needs a VDDK image the named-cluster run is not given). */
const SCENARIOS = 'sanity-cold,comprehensive-cold';

/** Every object of the session the lab still has, read through its API (namespaces, CRs, PVs, ...). */
async function leftInLab(client: K8sClient, session: string): Promise<string[]> {
  const left: string[] = [];
  for (const kind of OBSERVED_KINDS) {
    for (const o of (await client.list(kind)).items) {
      const meta = o.metadata ?? {};
      const claim = (o as { spec?: { claimRef?: { namespace?: string } } }).spec?.claimRef?.namespace ?? '';
      if ([meta.name ?? '', meta.namespace ?? '', claim].some((s) => s.startsWith(session)))
        left.push(`${kind} ${meta.namespace ?? ''}/${meta.name ?? ''}`);
    }
  }
  return left;
}

/** The source VM clones the run tracked that the lab's vCenter still has. */
async function clonesLeft(providersJson: string, trackedFile: string, sessions: string[]): Promise<string[]> {
  const clones = readTrackedFile(trackedFile).entries.filter((e) => e.side === 'source' && sessions.includes(e.session));
  const vs = await connectVsphere(selectSourceProvider(loadProvidersFile(providersJson), 'vsphere'), false);
  try {
    const left: string[] = [];
    for (const c of clones) {
      const found = await vs.findVmByName(c.name).then(
        () => true,
        (e: unknown) => (e instanceof VSphereVmNotFoundError ? false : Promise.reject(e)),
      );
      if (found) left.push(c.name);
    }
    return left;
  } finally {
    await vs.logout();
  }
}

interface KilledRun {
  cwd: string;
  providersJson: string;
  tracked: string;
  sessions: string[];
  cli: CliRun;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

/** Starts the two scenarios on two workers against the lab, and SIGKILLs both workers (and the CLI when asked) once both Migrations exist. */
async function runAndKill(client: K8sClient, killCli: boolean): Promise<KilledRun> {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-e2e-sigkill-'));
  const dc = path.join(cwd, 'dc');
  const providersJson = path.join(cwd, 'providers.json');
  const created = migrationsCreated(client, 2, 180_000);
  const cli = startCli(['--scenario', SCENARIOS, '-w', '2', ...namedClusterArgs(lab(), cwd, ['plan_wait_timeout:15'])], { cwd });
  try {
    const sessions = await created;
    const workers = jestWorkerPids(cli.child.pid!);
    expect(workers).toHaveLength(2);
    for (const pid of workers) process.kill(pid, 'SIGKILL');
    if (killCli) cli.child.kill('SIGKILL');
    const exit = await exitOf(cli, 240_000);
    return { cwd, providersJson, tracked: path.join(dc, 'resources.json'), sessions, cli, exit };
  } catch (error) {
    cli.child.kill('SIGKILL');
    fs.rmSync(cwd, { recursive: true, force: true });
    throw new Error(
      `${String(error)}\n--- CLI output ---\n${cli.lines
        .filter((l) => /ERROR|WARN|session|created Migration/.test(l))
        .slice(-30)
        .join('\n')}`,
    );
  }
}

describe('SIGKILL mid-migration', () => {
  let client: K8sClient;
  beforeAll(async () => {
    expect((await lab().request('PUT', '/lab/faults/migration-stuck')).status).toBe(200);
    client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
  });
  afterAll(async () => {
    client?.close();
    await lab().request('DELETE', '/lab/faults/migration-stuck');
  });

  it('of both workers: the run finishes, its global teardown sweeps, and nothing of either session is left', async () => {
    const run = await runAndKill(client, false);
    try {
      const output = run.cli.lines.join('\n');
      expect(run.exit.code).not.toBe(0);
      expect(run.exit.signal).toBeNull();
      expect(output).toMatch(/jest worker process \(pid=\d+\) was terminated by another process: signal=SIGKILL/i);
      expect(output).toMatch(/sweep of \S+resources\.json: \d+ of \d+ tracked object\(s\) still exist; removing them/);
      expect(run.sessions).toHaveLength(2);
      for (const s of run.sessions) expect({ session: s, left: await leftInLab(client, s) }).toEqual({ session: s, left: [] });
      expect(await clonesLeft(run.providersJson, run.tracked, run.sessions)).toEqual([]);
    } finally {
      fs.rmSync(run.cwd, { recursive: true, force: true });
    }
  }, 300_000);

  it('of the workers and the CLI: tools/clean-cluster.ts on resources.json leaves nothing of either session', async () => {
    const run = await runAndKill(client, true);
    try {
      expect(run.exit.signal).toBe('SIGKILL');
      const before = (await Promise.all(run.sessions.map((s) => leftInLab(client, s)))).flat();
      expect(before.length).toBeGreaterThan(5); // the kills left objects behind
      expect((await clonesLeft(run.providersJson, run.tracked, run.sessions)).length).toBeGreaterThan(0);

      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['-r', REGISTER_TS, path.join(REPO_ROOT, 'tools/clean-cluster.ts'), run.tracked],
        { cwd: run.cwd, timeout: 120_000 },
      );
      expect(stdout).toMatch(/removed \d+ object\(s\)/);
      for (const s of run.sessions) expect({ session: s, left: await leftInLab(client, s) }).toEqual({ session: s, left: [] });
      expect(await clonesLeft(run.providersJson, run.tracked, run.sessions)).toEqual([]);
    } finally {
      fs.rmSync(run.cwd, { recursive: true, force: true });
    }
  }, 300_000);
});
