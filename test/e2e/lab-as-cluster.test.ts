/**
 * A lab started with `npm run lab`, driven as a cluster (issue #16 must-show): the suite gets only
 * what a user has — the lab's kubeconfig and the providers file it wrote into its state folder —
 * and sanity-cold and comprehensive-warm pass as on the lab target, leaving nothing behind. This
 * once failed in a fixture with "unable to verify the first certificate" (the lab's providers file
 * lacked the CA) and then waited for a Plan whose VDDKInitImageUnavailable was there from the start
 * (it lacked the VDDK init image); a real user's file carries both, and so does the lab's now.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { exitOf, REPO_ROOT, startCli } from './support/cli';
import { LabObserver } from './support/observer';

interface Ready {
  url: string;
  kubeconfig: string;
  stateDir: string;
}

let lab: ChildProcess | undefined;
let ready: Ready;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-npm-run-lab-'));

beforeAll(async () => {
  // `npm run lab` exactly as a user types it; its own process group, so that stopping it reaches
  // npm's children too.
  lab = spawn('npm', ['run', '--silent', 'lab', '--', '--state-dir', stateDir], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  readline.createInterface({ input: lab.stderr! }).on('line', (l) => tail.push(l));
  ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm run lab printed no LAB READY line in 90 s:\n${tail.slice(-20).join('\n')}`)),
      90_000,
    );
    readline.createInterface({ input: lab!.stdout! }).on('line', (line) => {
      const m = /^LAB READY (\{.*\})$/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      resolve(JSON.parse(m[1]!) as Ready);
    });
    lab!.on('exit', (code) => reject(new Error(`npm run lab exited (${code}) before it was ready:\n${tail.slice(-20).join('\n')}`)));
  });
}, 120_000);

afterAll(async () => {
  if (lab?.pid !== undefined && lab.exitCode === null) {
    const exited = new Promise((resolve) => lab!.once('exit', resolve));
    process.kill(-lab.pid, 'SIGTERM');
    await exited;
  }
  fs.rmSync(stateDir, { recursive: true, force: true });
}, 30_000);

test('the lab writes its kubeconfig and a providers file a user could have written (CA and VDDK image included)', () => {
  expect(ready.stateDir).toBe(fs.realpathSync(stateDir));
  expect(ready.kubeconfig).toBe(path.join(ready.stateDir, 'kubeconfig'));
  const entries = JSON.parse(fs.readFileSync(path.join(ready.stateDir, 'providers.json'), 'utf8')) as Record<
    string,
    Record<string, string>
  >;
  expect(entries.vsphere).toMatchObject({
    ca_cert_file: path.join(ready.stateDir, 'ca.crt'),
    vddk_init_image: expect.stringMatching(/\S/),
  });
});

test('sanity-cold and comprehensive-warm pass against it as a named cluster; nothing is left', async () => {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-e2e-lab-cluster-'));
  const observer = await LabObserver.start(ready.kubeconfig);
  try {
    const cli = startCli(
      [
        '--scenario',
        'sanity-cold,comprehensive-warm',
        '--kubeconfig',
        ready.kubeconfig,
        '--providers-json',
        path.join(ready.stateDir, 'providers.json'),
        '--tc',
        'source_provider:vsphere',
        '--tc',
        'storage_class:mtv-block',
        '--data-collector-path',
        path.join(cwd, 'dc'),
      ],
      { cwd },
    );
    const exit = await exitOf(cli, 420_000);
    const output = cli.lines.join('\n');
    expect({ exit, last: cli.lines.at(-1) }).toEqual({ exit: { code: 0, signal: null }, last: '10 passed, 0 failed' });
    expect(output).toMatch(/on cluster from kubeconfig /);
    expect(output).not.toMatch(/EMBEDDED LAB|embedded lab running/); // the lab of this test, not one the CLI started
    const sessions = [...new Set([...output.matchAll(/session (auto-[a-z0-9]{4}) on /g)].map((m) => m[1]!))];
    expect(sessions.length).toBeGreaterThan(0); // one per Jest worker
    expect(sessions.flatMap((s) => observer.observed(s)).length).toBeGreaterThan(5); // the run did create objects on this lab...
    expect(sessions.flatMap((s) => observer.leftovers(s))).toEqual([]); // ...and removed every one
  } finally {
    observer.stop();
    fs.rmSync(cwd, { recursive: true, force: true });
  }
}, 480_000);
