/** A gather never fails the run: every read that fails is a line of its summary; a gather that cannot be written is one warning. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { takeGather } from '../../../lib/gather';
import type { K8sClient } from '../../../lib/k8s/client';
import { createLogger } from '../../../lib/log/logger';

const refused = (): Promise<never> => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443'));
const client = { tryGet: refused, list: refused, rest: { request: refused } } as unknown as K8sClient;

describe('takeGather', () => {
  let dir = '';
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gather-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const warnings: string[] = [];
  const log = createLogger({ silentConsole: true });
  log.on('data', (i: { level: string; message: string }) => void (i.level === 'warn' && warnings.push(i.message)));

  it('with an unreachable cluster, writes a folder whose summary names what could not be read', async () => {
    const seeds = [{ kind: 'Plan', name: 'p1', namespace: 'ns1' }];
    const folder = await takeGather({
      client,
      dataCollectorDir: dir,
      label: 'sc-check VMs',
      mtvNamespace: 'openshift-mtv',
      scope: { kind: 'plan', seeds },
      useOc: false,
      log,
    });
    expect(folder).toBe(path.join(dir, 'must-gather', 'sc-check_VMs'));
    const summary = fs.readFileSync(path.join(folder!, 'gather.txt'), 'utf8');
    expect(summary).toMatch(
      /^objects: 0 \(none\)\nevents: 0\npod logs: 0 \(0 non-empty\)\ncould not read: get Plan ns1\/p1: connect ECONNREFUSED/,
    );
    const second = await takeGather({
      client,
      dataCollectorDir: dir,
      label: 'sc-check VMs',
      mtvNamespace: 'openshift-mtv',
      scope: { kind: 'full', namespaces: ['ns1'] },
      useOc: false,
      log,
    });
    expect(second).toBe(path.join(dir, 'must-gather', 'sc-check_VMs-2'));
  });

  it('when the folder cannot be made, warns once and returns nothing', async () => {
    const file = path.join(dir, 'not-a-dir');
    fs.writeFileSync(file, '');
    await expect(
      takeGather({
        client,
        dataCollectorDir: file,
        label: 'x',
        mtvNamespace: 'm',
        scope: { kind: 'full', namespaces: [] },
        useOc: false,
        log,
      }),
    ).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^gather x could not be taken: /)]);
  });
});
