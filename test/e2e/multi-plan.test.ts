/**
 * The multi-plan model end to end (issue #10 item 1): a selftest scenario folder
 * (test/e2e/multi-plan, run with --scenarios-dir) with two named plans, each with its own maps
 * and Plan, one "migrate VMs" over both and a "check VMs" per plan. Besides the run passing, an
 * independent watch on the lab's Plans (not the suite's word) must see both plans of the session
 * Executing at the same moment, i.e. plan2 started while plan1 was Executing.
 */
import path from 'node:path';
import { connect } from '../../lib/k8s/connect';
import { hasTrueCondition } from '../../lib/k8s/conditions';
import { silentLog } from '../../lib/k8s/log';
import { waitOn } from '../../lib/k8s/watch';
import { REPO_ROOT } from './support/cli';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

const DIR = path.join(REPO_ROOT, 'test', 'e2e', 'multi-plan');

describe('two named plans migrated at the same time', () => {
  let run: ObservedRun | undefined;
  let overlap: Promise<string[]> | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenarios-dir', DIR], {
      during: async (cli) => {
        const state = cli.lines.map((l) => /embedded lab running at \S+ \(state (.+)\)$/.exec(l)?.[1]).find(Boolean)!;
        const session = cli.lines.map((l) => /session (auto-[a-z0-9]{4}) on /.exec(l)?.[1]).find(Boolean)!;
        const client = await connect({ kind: 'kubeconfig', path: path.join(state, 'kubeconfig') }, silentLog);
        overlap = waitOn<'Plan', string[]>(client, {
          kind: 'Plan',
          namespace: session,
          what: `two Plans of ${session} Executing at once`,
          timeoutMs: 240_000,
          check: (plans) => {
            const executing = plans.filter((p) => hasTrueCondition(p, 'Executing')).map((p) => p.metadata!.name!);
            return executing.length >= 2 ? { done: executing } : undefined;
          },
        });
        overlap.catch(() => undefined); // awaited by the test; a rejection before then is not unhandled
      },
    });
  }, 300_000);
  afterAll(() => cleanup(run));

  it('passes every step, with one check per plan', () => {
    expect({ exit: run!.exit, log: failureContext(run!) }).toEqual({ exit: { code: 0, signal: null }, log: '' });
    expect(run!.output.split('\n')).toContain('9 passed, 0 failed');
    for (const title of ['create Plan plan1-', 'create Plan plan2-', 'migrate VMs-', 'check VMs plan1-', 'check VMs plan2-'])
      expect(run!.output).toMatch(new RegExp(`✓ ${title}`));
  });

  it('the lab saw both Plans Executing at the same time', async () => {
    const executing = await overlap!;
    expect(executing).toHaveLength(2);
    expect(run!.output).toMatch(/plans \S+, \S+ are Executing at the same time/);
  });
});
