/**
 * An independent oVirt REST client against the lab engine: libgovirt (GNOME's GObject client,
 * Debian gir1.2-govirt-1.0 + python3-gi) logs in with an engine SSO token, reads the API root,
 * lists VMs and data centers, searches a VM by name, starts it (action answer) and refreshes it,
 * and is refused with a bad token. Without the packages the test skips with the reason, except
 * when CI=true, where it fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { startLabEngine, type EnginePeer } from './peer';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'govirt-peer.py');
const CI = process.env['CI'] === 'true';
export const GOVIRT_PACKAGES = 'gir1.2-govirt-1.0 python3-gi';

function govirtMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', "import gi; gi.require_version('GoVirt', '1.0'); from gi.repository import GoVirt"], {
      stdio: 'pipe',
      timeout: 30_000,
    });
    return undefined;
  } catch (e) {
    return `${PYTHON} cannot load GoVirt (install the Debian packages ${GOVIRT_PACKAGES}): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

interface GovirtView {
  vms: Record<string, { guid: string; href: string; state: string }>;
  dataCenters: string[];
  searched: string[];
  started: boolean;
  stateAfterStart: string;
  badTokenError: string | null;
}

/** Runs the peer; the credentials go through the environment, never argv. */
function runGovirt(peer: EnginePeer, vm: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? '/tmp',
    OVIRT_HOST: new URL(peer.url).host,
    OVIRT_USER: peer.username,
    OVIRT_PASSWORD: peer.password,
    OVIRT_CA_FILE: peer.caFile,
    OVIRT_VM: vm,
  };
  return new Promise((resolve) => {
    execFile(PYTHON, [SCRIPT], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

const missing = govirtMissing();

describe('libgovirt against the lab engine', () => {
  if (missing && !CI) {
    it.skip(`skipped: ${missing}`, () => undefined);
    return;
  }
  let peer: EnginePeer;
  beforeAll(async () => {
    peer = await startLabEngine({ phaseMs: 60_000 });
  });
  afterAll(async () => peer?.stop());

  it('logs in, lists VMs and data centers, searches, starts a VM and is refused with a bad token', async () => {
    if (missing) throw new Error(`CI=true and the libgovirt contract cannot run: ${missing}`);
    const run = await runGovirt(peer, 'mtv-tests-rhel8');
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const view = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as GovirtView;
    const lab = peer.model.inventory.vms;
    expect(Object.keys(view.vms).sort()).toEqual(lab.map((v) => v.name).sort());
    for (const vm of lab) {
      expect(view.vms[vm.name]).toEqual({
        guid: vm.id,
        href: `/ovirt-engine/api/vms/${vm.id}`,
        state: vm.name === 'mtv-tests-rhel8' ? 'down' : vm.status,
      });
    }
    expect(view.dataCenters).toEqual(['MTV-CNV']);
    expect(view.searched).toEqual(['mtv-tests-rhel8']);
    expect(view.started).toBe(true);
    expect(view.stateAfterStart).toBe('wait_for_launch');
    expect(view.badTokenError).toBe('Unauthorized');
  });
});
