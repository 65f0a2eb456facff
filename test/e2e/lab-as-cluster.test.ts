/**
 * A lab started with `npm run lab`, driven as a cluster (issue #16 must-show): the suite gets only
 * what a user has — the lab's kubeconfig and the providers file it wrote into its state folder —
 * and sanity-cold and comprehensive-warm pass as on the lab target, leaving nothing behind. This
 * once failed in a fixture with "unable to verify the first certificate" (the lab's providers file
 * lacked the CA) and then waited for a Plan whose VDDKInitImageUnavailable was there from the start
 * (it lacked the VDDK init image); a real user's file carries both, and so does the lab's now.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exitOf, startCli } from './support/cli';
import { startNpmLab, type LabReady, type NpmLab } from './support/npm-run-lab';
import { LabObserver } from './support/observer';

let lab: NpmLab | undefined;
let ready: LabReady;
let stateDir: string;

beforeAll(async () => {
  lab = await startNpmLab();
  ({ ready, stateDir } = lab);
}, 120_000);

afterAll(() => lab?.stop(), 30_000);

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
