/** The lab as a process: READY line, state files, kubeconfig, fixed port, CA reuse, clean SIGTERM stop. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { launchLabProcess } from '../../../lab/launch';
import { labRequest } from '../../support/lab';
import { freeLocalPort } from '../../../utilities/ssh/free-port';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('lab process', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-lab-proc-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts on the requested port, writes its state, reuses its CA, and stops cleanly on SIGTERM', async () => {
    const port = await freeLocalPort();
    const lab = await launchLabProcess({ stateDir: dir, port, faults: ['api-latency=0'] });
    let caFirst: string;
    try {
      expect(lab.url).toBe(`https://127.0.0.1:${port}`);
      expect(lab.stateDir).toBe(dir);
      for (const f of ['ca.key', 'serving.key', 'lab-config.json', 'kubeconfig'])
        expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
      const kc = YAML.parse(fs.readFileSync(lab.kubeconfig, 'utf8')) as {
        clusters: Array<{ cluster: { server: string; 'certificate-authority-data': string } }>;
        users: Array<{ user: { token: string } }>;
      };
      caFirst = fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8');
      expect(kc.clusters[0]?.cluster.server).toBe(lab.url);
      expect(Buffer.from(kc.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString()).toBe(caFirst);
      expect(kc.users[0]?.user.token).toBe(lab.adminToken);
      const faults = (await labRequest(lab, caFirst, 'GET', '/lab/faults')).json<{
        faults: Array<{ name: string; on: boolean; value?: number }>;
      }>();
      expect(faults.faults.find((f) => f.name === 'api-latency')).toMatchObject({ on: true, value: 0 });
      const version = (await labRequest(lab, caFirst, 'GET', '/version', { token: null })).json<{ major: string }>();
      expect(version.major).toBe('1');
      // One lab per state directory.
      expect(fs.readFileSync(path.join(dir, 'lab.pid'), 'utf8').trim()).toBe(String(lab.pid));
      await expect(launchLabProcess({ stateDir: dir, components: false })).rejects.toThrow(
        new RegExp(`another lab \\(pid ${lab.pid}\\) is using the state directory`),
      );
    } finally {
      await lab.stop();
    }
    expect(alive(lab.pid)).toBe(false);
    expect(lab.exitStatus()).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dir, 'lab.pid'))).toBe(false);

    const again = await launchLabProcess({ stateDir: dir });
    try {
      expect(fs.readFileSync(path.join(dir, 'ca.crt'), 'utf8')).toBe(caFirst);
      expect(again.adminToken).toBe(lab.adminToken);
      expect((await labRequest(again, caFirst, 'GET', '/api/v1/namespaces/default')).status).toBe(200);
    } finally {
      await again.stop();
    }
  });

  it("a launched lab (--exit-with-stdin) ignores SIGINT, so a terminal Ctrl-C leaves it up for the suite's teardown", async () => {
    const state = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-lab-sigint-'));
    let sawIgnored: () => void = () => undefined;
    const ignored = new Promise<void>((r) => (sawIgnored = r));
    const lab = await launchLabProcess({
      stateDir: state,
      components: false,
      onOutput: (line) => line.includes('SIGINT ignored') && sawIgnored(),
    });
    try {
      process.kill(lab.pid, 'SIGINT');
      await ignored; // the lab handled the signal (explicit line), and is still serving
      expect(lab.exitStatus()).toBeUndefined();
      const ca = fs.readFileSync(path.join(state, 'ca.crt'), 'utf8');
      expect((await labRequest(lab, ca, 'GET', '/api/v1/namespaces/default')).status).toBe(200);
    } finally {
      await lab.stop();
      fs.rmSync(state, { recursive: true, force: true });
    }
    expect(lab.exitStatus()).toEqual({ code: 0, signal: null });
  });

  it('fails fast with the lab output when the lab cannot start', async () => {
    await expect(launchLabProcess({ stateDir: dir, faults: ['no-such-fault'], timeoutMs: 20_000 })).rejects.toThrow(
      /unknown fault "no-such-fault"/,
    );
  });
});
