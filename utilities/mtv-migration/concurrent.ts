/**
 * Several plans migrated at the same time (the Python suite's concurrent/simultaneous classes):
 * every plan's Migration is created at once, then one watch over the namespace's Plans waits until
 * all of them are Executing together (wait_for_concurrent_migration_execution, explicit timeout),
 * and each plan is then waited to completion. A plan that finishes or is blocked before the others
 * run fails the wait at once: the migrations did not overlap.
 */
import type { V1beta1Plan } from '@kubev2v/types';
import { MigrationsNotConcurrentError } from '../../exceptions/migration';
import { hasTrueCondition } from '../../lib/k8s/conditions';
import { waitOn } from '../../lib/k8s/watch';
import type { MigrationContext } from './context';
import { asCriticalConditionError } from './critical-waits';
import { blockedBeforeStart, startMigration, waitForPlanOutcome, type ExecuteOptions } from './migration';

export interface ConcurrentPlan {
  plan: V1beta1Plan;
  opts: Omit<ExecuteOptions, 'timeoutMs'>;
}

export interface ConcurrentOutcome {
  /** Each plan as it finished, in the input order. */
  plans: V1beta1Plan[];
  /** When the watch saw every plan Executing at once (ISO 8601). */
  allExecutingAt: string;
}

/** Every plan's name and the Executing state, for the "all at once" wait. */
export async function waitAllExecuting(ctx: MigrationContext, names: readonly string[], timeoutMs: number): Promise<string> {
  const what = `Plans ${names.join(', ')} to be Executing at the same time`;
  try {
    return await waitOn<'Plan', string>(ctx.client, {
      kind: 'Plan',
      namespace: ctx.namespace,
      what,
      timeoutMs,
      signal: ctx.signal,
      check: (items) => {
        const plans = names.map((name) => ({ name, plan: items.find((p) => p.metadata?.name === name) }));
        for (const { name, plan } of plans) {
          const ended = plan && (['Succeeded', 'Failed', 'Canceled'] as const).find((r) => hasTrueCondition(plan, r));
          if (ended) {
            const waiting = plans.filter((p) => !p.plan || !hasTrueCondition(p.plan, 'Executing')).map((p) => p.name);
            throw new MigrationsNotConcurrentError(
              `Plan ${name} ended (${ended}) before ${waiting.join(', ') || 'the others'} ${waiting.length === 1 ? 'was' : 'were'} Executing: the migrations of ${names.join(', ')} did not run at the same time`,
            );
          }
          const blocker = plan && blockedBeforeStart(plan);
          if (blocker) return { terminal: blocker };
        }
        return plans.every((p) => p.plan && hasTrueCondition(p.plan, 'Executing')) ? { done: new Date().toISOString() } : undefined;
      },
    });
  } catch (error) {
    throw asCriticalConditionError(error, { kind: 'Plan', namespace: ctx.namespace, name: names.join(',') }, 'its migration to start');
  }
}

/**
 * Starts every plan's Migration, requires them all Executing at once (within executingTimeoutMs),
 * then waits each to completion (timeoutMs each, in parallel). Every plan is waited even when one
 * fails; the first failure is thrown, naming its plan, after the others finished.
 */
export async function executeConcurrentMigrations(
  ctx: MigrationContext,
  plans: readonly ConcurrentPlan[],
  opts: { executingTimeoutMs: number; timeoutMs: number },
): Promise<ConcurrentOutcome> {
  const names = plans.map((p) => p.plan.metadata!.name!);
  await Promise.all(plans.map((p) => startMigration(ctx, p.plan, p.opts)));
  ctx.client.log.info(`started the migrations of ${names.join(', ')} together`);
  const allExecutingAt = await waitAllExecuting(ctx, names, opts.executingTimeoutMs);
  ctx.client.log.info(`plans ${names.join(', ')} are Executing at the same time (${allExecutingAt})`);
  const settled = await Promise.allSettled(names.map((name) => waitForPlanOutcome(ctx, name, opts.timeoutMs)));
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (failures.length > 1)
    for (const f of failures.slice(1)) ctx.client.log.error(`another plan failed too: ${String((f as Error).message ?? f)}`);
  if (failures.length) throw failures[0];
  const finished = settled.map((r) => (r as PromiseFulfilledResult<V1beta1Plan>).value);
  assertRunsOverlap(finished);
  return { plans: finished, allExecutingAt };
}

/**
 * Forklift's own record agrees: every plan's run (status.migration.started) began before any of
 * them completed. Plans without both timestamps are left to the watch above.
 */
export function assertRunsOverlap(plans: readonly V1beta1Plan[]): void {
  const runs = plans.map((p) => ({
    name: p.metadata?.name ?? '?',
    started: p.status?.migration?.started,
    completed: p.status?.migration?.completed,
  }));
  if (runs.some((r) => !r.started || !r.completed)) return;
  const firstDone = runs.reduce((a, b) => (Date.parse(b.completed!) < Date.parse(a.completed!) ? b : a));
  const late = runs.filter((r) => Date.parse(r.started!) > Date.parse(firstDone.completed!));
  if (late.length)
    throw new MigrationsNotConcurrentError(
      `Plan ${late.map((r) => `${r.name} started at ${r.started}`).join(', ')}, after Plan ${firstDone.name} completed at ${firstDone.completed}: the migrations did not overlap`,
    );
}
