import type { K8sClient } from '../../../lib/k8s/client';
import { silentLog, type SuiteLog } from '../../../lib/k8s/log';
import { nodeLabelFor, resolveTargetLabels } from '../../../fixtures/post-migration/node-label';
import { selectWorkerNode, WORKER_ROLE_LABEL } from '../../../fixtures/post-migration/worker-node';

describe('labeled worker node label', () => {
  it('null value: key gets the session id (≤63), value is the session id', () => {
    expect(nodeLabelFor({ 'mtv-comprehensive-node': null }, 'auto-x7k2')).toEqual({
      key: 'mtv-comprehensive-node-auto-x7k2',
      value: 'auto-x7k2',
    });
    const long = nodeLabelFor({ [`example.com/${'n'.repeat(60)}`]: null }, 'auto-x7k2');
    expect(long.key).toBe(`example.com/${'n'.repeat(60)}-au`);
    expect(nodeLabelFor({ zone: 'a' }, 'auto-x7k2')).toEqual({ key: 'zone', value: 'a' });
  });
  it('needs exactly one entry', () => {
    expect(() => nodeLabelFor({}, 's')).toThrow(/exactly one entry/);
    expect(() => nodeLabelFor({ a: null, b: null }, 's')).toThrow(/found 2/);
  });
  it('target labels: null becomes the session id', () => {
    expect(resolveTargetLabels({ 'mtv-comprehensive-label': null, 'test-type': 'comprehensive' }, 'auto-x7k2')).toEqual({
      'mtv-comprehensive-label': 'auto-x7k2',
      'test-type': 'comprehensive',
    });
  });
});

describe('worker node selection', () => {
  const client = (names: string[], selectors: string[]) =>
    ({
      list: async (_kind: string, opts: { labelSelector?: string }) => {
        selectors.push(opts.labelSelector ?? '');
        return { items: names.map((name) => ({ metadata: { name } })), resourceVersion: '1' };
      },
    }) as unknown as K8sClient;
  const warnings: string[] = [];
  const log: SuiteLog = { ...silentLog, warn: (m) => void warnings.push(m) };

  it('picks the worker with the most free memory', async () => {
    const selectors: string[] = [];
    const free = new Map([
      ['worker-0', 2 * 2 ** 30],
      ['worker-1', 9 * 2 ** 30],
      ['master-0', 50 * 2 ** 30],
    ]);
    expect(await selectWorkerNode(client(['worker-0', 'worker-1', 'worker-2'], selectors), log, async () => free)).toBe('worker-1');
    expect(selectors).toEqual([WORKER_ROLE_LABEL]);
  });
  it('falls back to the first worker when monitoring fails, and says why', async () => {
    expect(
      await selectWorkerNode(client(['worker-0', 'worker-1'], []), log, () =>
        Promise.reject(new Error('routes.route.openshift.io "thanos-querier" not found')),
      ),
    ).toBe('worker-0');
    expect(warnings.pop()).toBe(
      'worker node selection: cluster monitoring unavailable (routes.route.openshift.io "thanos-querier" not found); using the first worker worker-0',
    );
  });
  it('fails without workers', async () => {
    await expect(selectWorkerNode(client([], []), log, async () => new Map())).rejects.toThrow(/no worker nodes/);
  });
});
