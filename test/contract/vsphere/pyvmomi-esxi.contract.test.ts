/**
 * VMware's own SDK against the lab's ESXi endpoint: the read-only part of pyvmomi-flow.py
 * (SmartConnect with version discovery, RetrieveContent as a HostAgent, container view, every VM's
 * config/runtime/guest/summary/snapshot, hosts and datastores, devices of the source VM) run with
 * Debian's python3-pyvmomi against lab/vsphere/esxi over HTTPS. A host cannot clone, so the flow
 * stops before CloneVM_Task (VSPHERE_READ_ONLY=1). Without python3-pyvmomi the test skips with the
 * reason, except when CI=true, where it fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../../lab/certs';
import { LabVSphereModel } from '../../../lab/vsphere/lab-model';
import { seedInventory } from '../../../lab/vsphere/seed';
import { startEsxiEndpoint } from '../../../lab/vsphere/esxi/endpoint';
import type { RunningVSphereSimulator } from '../../../lab/vsphere/server';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'pyvmomi-flow.py');
const CI = process.env['CI'] === 'true';
const READ_STEPS = [
  'SmartConnect',
  'RetrieveContent',
  'CreateContainerView VirtualMachine',
  'read inventory',
  'config.hardware devices',
  'guest and runtime',
  'Disconnect',
];

function pyvmomiMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import pyVmomi, pyVim.connect'], { stdio: 'pipe', timeout: 30_000 });
    return undefined;
  } catch (e) {
    return `${PYTHON} cannot import pyVmomi (install the Debian package python3-pyvmomi): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

const missing = pyvmomiMissing();

describe('pyVmomi read-only flow: lab ESXi endpoint', () => {
  if (missing && !CI) {
    it.skip(`skipped: ${missing}`, () => undefined);
    return;
  }
  const creds = { username: 'root', password: `Esx-${process.pid}-Py1!` };
  let stateDir: string;
  let model: LabVSphereModel;
  let sim: RunningVSphereSimulator;
  let url: string;

  beforeAll(async () => {
    if (missing) throw new Error(`CI=true and the pyVmomi contract cannot run: ${missing}`);
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esxi-pyvmomi-'));
    const tls = ensureTls(stateDir);
    model = new LabVSphereModel(seedInventory(), { guestBootMs: 50 });
    const started = await startEsxiEndpoint(model, creds, { certPem: tls.certPem, keyPem: tls.keyPem });
    sim = started.sim;
    url = started.endpoint.url;
  });

  afterAll(async () => {
    await sim?.stop();
    model?.close();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('connects, sees a HostAgent and reads every VM, host and datastore', async () => {
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      VSPHERE_URL: url,
      VSPHERE_USER: creds.username,
      VSPHERE_PASSWORD: creds.password,
      VSPHERE_SOURCE_VM: 'mtv-tests-rhel8',
      VSPHERE_API_TYPE: 'HostAgent',
      VSPHERE_READ_ONLY: '1',
    };
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(PYTHON, [SCRIPT], { env, timeout: 120_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout: String(stdout), stderr: String(stderr) }),
      );
    });
    const done = READ_STEPS.filter((s) => r.stdout.includes(`ok ${s}:`));
    expect({ code: r.code, stderr: r.stderr.trim(), steps: done }).toEqual({ code: 0, stderr: '', steps: READ_STEPS });
    expect(r.stdout).toMatch(/ok RetrieveContent: VMware ESXi 8\.0\.2 build-\d+, API 8\.0\.2\.0/);
    expect(r.stdout).not.toMatch(/ok CloneVM_Task/);
  }, 150_000);
});
