/**
 * The two vCenter peers the vSphere contract tests run against: govmomi's simulator (an
 * independent vim25 implementation, built from Debian's govmomi source by
 * tools/govmomi-sim/build.sh) and the lab's own simulator. Each test file starts its own peer and
 * stops it (the govmomi process is killed by its pid).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { ensureTls } from '../../../lab/certs';
import { startVSphereSimulator } from '../../../lab/vsphere/server';

export interface Peer {
  name: string;
  url: string;
  username: string;
  password: string;
  caPem?: string;
  /** A VM that exists at start, and its power state then. */
  sourceVm: string;
  sourcePoweredOn: boolean;
  stop(): Promise<void>;
}

const REPO = path.resolve(__dirname, '../../..');
const BUILD = path.join(REPO, 'tools/govmomi-sim/build.sh');
export const GOVMOMI_PACKAGES = 'golang-go golang-github-vmware-govmomi-dev';

/** Builds (or reuses) the govmomi simulator; resolves to its path, or to a reason it cannot. */
export function buildGovmomiSim(): Promise<{ bin?: string; reason?: string }> {
  return new Promise((resolve) => {
    execFile(BUILD, [], { timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) resolve({ reason: `${BUILD} failed (${err.code ?? err.message}): ${stderr.trim()}` });
      else resolve({ bin: stdout.trim().split('\n').pop() ?? '' });
    });
  });
}

/**
 * Why the govmomi peer cannot be built here (no `go` on PATH, or no govmomi source), or
 * undefined when it can. Synchronous so test files can decide to skip while being defined.
 */
export function govmomiToolchainMissing(): string | undefined {
  const onPath = (process.env['PATH'] ?? '').split(path.delimiter).some((d) => d !== '' && fs.existsSync(path.join(d, 'go')));
  if (!onPath) return `no 'go' on PATH; install the Debian packages ${GOVMOMI_PACKAGES}`;
  if (!fs.existsSync('/usr/share/gocode/src/github.com/vmware/govmomi/simulator'))
    return `no govmomi source in /usr/share/gocode; install the Debian package golang-github-vmware-govmomi-dev`;
  return undefined;
}

/** Builds the govmomi simulator (cached) and starts it; errors say what is missing. */
export async function startGovmomi(opts: { tls?: boolean } = {}): Promise<Peer> {
  const { bin, reason } = await buildGovmomiSim();
  if (!bin) throw new Error(`govmomi simulator unavailable (Debian packages ${GOVMOMI_PACKAGES}): ${reason ?? ''}`);
  return startGovmomiPeer(bin, opts);
}

/**
 * Starts a built govmomi simulator; `tls` serves HTTPS with govmomi's built-in localhost
 * certificate; `esx` simulates a standalone ESXi host (simulator.ESX()) instead of a vCenter.
 */
export async function startGovmomiPeer(bin: string, opts: { tls?: boolean; esx?: boolean } = {}): Promise<Peer> {
  const username = 'contract-user';
  const password = `pw-${process.pid}-${Date.now()}`;
  const child: ChildProcess = spawn(bin, [...(opts.esx ? ['-esx'] : ['-hosts', '3']), '-vms', '2', ...(opts.tls ? ['-tls'] : [])], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', VCSIM_USERNAME: username, VCSIM_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`govmomi-sim printed no URL within 20 s; stderr: ${stderr}`)), 20_000);
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once('line', (line) => {
      clearTimeout(timer);
      rl.close();
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        reject(new Error(`govmomi-sim printed ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`govmomi-sim exited (${code}) before printing its URL; stderr: ${stderr}`));
    });
  });
  return {
    name: opts.esx ? 'govmomi vcsim (ESX)' : 'govmomi vcsim',
    url,
    username,
    password,
    sourceVm: opts.esx ? 'ha-host_VM0' : 'DC0_H0_VM0',
    sourcePoweredOn: true,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The lab simulator over HTTPS with a lab CA made in a temp state dir. */
export async function startLabPeer(opts: { taskMs?: number } = {}): Promise<Peer & { stateDir: string }> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vsphere-contract-'));
  const tls = ensureTls(stateDir);
  const username = 'administrator@vsphere.local';
  const password = `Lab-${process.pid}-${Date.now()}!`;
  const sim = await startVSphereSimulator({
    credentials: { username, password },
    tls,
    ...(opts.taskMs !== undefined ? { taskMs: opts.taskMs } : {}),
  });
  return {
    name: 'lab simulator',
    url: sim.url,
    username,
    password,
    caPem: tls.caCertPem,
    sourceVm: 'mtv-tests-rhel8',
    sourcePoweredOn: false,
    stateDir,
    stop: async () => {
      await sim.stop();
      sim.model.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
