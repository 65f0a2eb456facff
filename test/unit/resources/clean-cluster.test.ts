/** tools/clean-cluster.ts as a user runs it (tsx child process) against the lab: cluster objects and a vSphere clone. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { connect } from '../../../lib/k8s/connect';
import { silentLog } from '../../../lib/k8s/log';
import { createAndTrack } from '../../../lib/resources/create';
import { ResourceTracker } from '../../../lib/resources/tracker';
import { loadProvidersFile, selectSourceProvider } from '../../../lib/config/providers-file';
import { connectVsphere } from '../../../fixtures/vsphere-source';
import { VSphereVmNotFoundError } from '../../../lib/providers/vsphere/errors';
import { useLab } from '../../support/lab';

const run = promisify(execFile);
const lab = useLab();
const ROOT = path.resolve(__dirname, '../../..');

async function cleanCluster(file: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'tools/clean-cluster.ts', file], {
      cwd: ROOT,
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

it('removes what resources.json lists (cluster and source side); a second run has nothing to do', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-clean-'));
  const file = path.join(dir, 'resources.json');
  const client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
  const providersFile = path.join(lab().stateDir, 'providers.json');
  const entry = selectSourceProvider(loadProvidersFile(providersFile), 'vsphere');
  const vs = await connectVsphere(entry, true);
  try {
    const tracker = new ResourceTracker(file, 'auto-cl01');
    await tracker.setTarget({ server: client.server, kubeconfigPath: lab().kubeconfig, providersFile, sourceInsecureSkipVerify: true });
    const ctx = { client, tracker, baseName: 'auto-cl01-source-vsphere-8-0' };
    await createAndTrack(ctx, 'Namespace', { metadata: { name: 'auto-cl01' } });
    await createAndTrack(ctx, 'Secret', { metadata: { namespace: 'auto-cl01' }, stringData: { a: 'b' } });
    const clone = 'auto-cl01-mtv-tests-rhel8-clean';
    await tracker.record({ providerType: 'vsphere', providerKey: 'vsphere', name: clone });
    await vs.cloneVm(await vs.findVmByName('mtv-tests-rhel8'), { name: clone });

    const first = await cleanCluster(file);
    expect(first.out).toMatch(/removed 3 object\(s\)/);
    expect(first.code).toBe(0);
    expect(await client.tryGet('Namespace', 'auto-cl01')).toBeUndefined();
    await expect(vs.findVmByName(clone)).rejects.toBeInstanceOf(VSphereVmNotFoundError);

    const second = await cleanCluster(file);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/3 tracked object\(s\) in .*; nothing to do/);
  } finally {
    await vs.logout().catch(() => undefined);
    client.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
