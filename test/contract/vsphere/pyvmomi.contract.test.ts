/**
 * VMware's own SDK against the lab's vCenter: pyvmomi-flow.py (the Python suite's vSphere flow:
 * SmartConnect, container view, devices, guest, clone with ctkEnabled, power, snapshot,
 * InvalidPowerState on destroy, destroy) run with Debian's python3-pyvmomi against the lab
 * simulator and, as the control, against govmomi's simulator. Without python3-pyvmomi (or the Go
 * toolchain for the control) the tests skip with the reason, except when CI=true, where they fail.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { VIM25_RELEASES } from '../../../lab/vsphere/soap/vim25-schema';
import { govmomiToolchainMissing, startGovmomi, startLabPeer, type Peer } from './peers';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'pyvmomi-flow.py');
const SCHEMA_CHECK = path.join(__dirname, 'pyvmomi-schema-check.py');
const SCHEMA = path.resolve(__dirname, '../../../lab/vsphere/soap/vim25-schema.json');
const CI = process.env['CI'] === 'true';

/** Why pyVmomi cannot run here, or undefined when it can. */
function pyvmomiMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import pyVmomi, pyVim.connect'], { stdio: 'pipe', timeout: 30_000 });
    return undefined;
  } catch (e) {
    return `${PYTHON} cannot import pyVmomi (install the Debian package python3-pyvmomi): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

interface FlowResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the flow; the credentials go through the environment, never argv. */
function runFlow(peer: Peer): Promise<FlowResult> {
  const env = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    VSPHERE_URL: peer.url,
    VSPHERE_USER: peer.username,
    VSPHERE_PASSWORD: peer.password,
    VSPHERE_SOURCE_VM: peer.sourceVm,
  };
  return new Promise((resolve) => {
    execFile(PYTHON, [SCRIPT], { env, timeout: 180_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const STEPS = [
  'SmartConnect',
  'RetrieveContent',
  'CreateContainerView VirtualMachine',
  'read inventory',
  'config.hardware devices',
  'guest and runtime',
  'CloneVM_Task',
  'PowerOnVM_Task',
  'guest of the running clone',
  'CreateSnapshot_Task',
  'Destroy_Task while powered on',
  'PowerOffVM_Task',
  'Destroy_Task',
  'Disconnect',
];

function defineFlow(name: string, missing: string | undefined, start: () => Promise<Peer>): void {
  describe(`pyVmomi flow: ${name}`, () => {
    if (missing && !CI) {
      it.skip(`skipped: ${missing}`, () => undefined);
      return;
    }
    let peer: Peer | undefined;
    beforeAll(async () => {
      if (missing) throw new Error(`CI=true and the pyVmomi contract cannot run: ${missing}`);
      peer = await start();
    }, 360_000);
    afterAll(async () => {
      await peer?.stop();
    });

    it('runs every step of the Python suite flow', async () => {
      const r = await runFlow(peer!);
      const done = STEPS.filter((s) => r.stdout.includes(`ok ${s}:`));
      expect({ code: r.code, stderr: r.stderr.trim(), steps: done }).toEqual({ code: 0, stderr: '', steps: STEPS });
    }, 200_000);
  });
}

const pyMissing = pyvmomiMissing();

describe('pyVmomi type tables', () => {
  if (pyMissing && !CI) {
    it.skip(`skipped: ${pyMissing}`, () => undefined);
    return;
  }
  // The lab's per-version schema (generated from pyVmomi 8) must date every type and field as the
  // installed pyVmomi does, up to the newest version that pyVmomi knows.
  it('vim25-schema.json agrees with the installed pyVmomi', () => {
    if (pyMissing) throw new Error(`CI=true and pyVmomi is missing: ${pyMissing}`);
    let out = '';
    try {
      execFileSync(PYTHON, [SCHEMA_CHECK, SCHEMA, JSON.stringify(VIM25_RELEASES)], { stdio: 'pipe', timeout: 60_000 });
    } catch (e) {
      out = String((e as { stdout?: Buffer }).stdout ?? e);
    }
    expect(out).toBe('');
  });
});
defineFlow('lab simulator', pyMissing, () => startLabPeer());
defineFlow('govmomi vcsim (control)', pyMissing ?? govmomiToolchainMissing(), () => startGovmomi({ tls: true }));
