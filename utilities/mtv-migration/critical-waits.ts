/**
 * Waits on Forklift objects that end at once on a True condition of category Critical. Forklift
 * withholds Ready (and does not start a migration) while one is set, and it clears only when the
 * object or what it refers to changes (reference/forklift.md, "Categories"), so running out the
 * timeout would only delay the same failure. The error names the object, the condition and what
 * the wait expected (ForkliftCriticalConditionError).
 */
import type { K8sClient } from '../../lib/k8s/client';
import { criticalCondition, formatConditions } from '../../lib/k8s/conditions';
import type { ObjectOf } from '../../lib/k8s/kinds';
import { waitForCondition } from '../../lib/k8s/waits';
import { WaitTerminalConditionError } from '../../exceptions/k8s';
import { ForkliftCriticalConditionError, type ForkliftObjectRef } from '../../exceptions/migration';

/** The Forklift kinds whose Ready the suite waits for. */
export type ForkliftReadyKind = 'Provider' | 'StorageMap' | 'NetworkMap' | 'Plan';

export interface ForkliftReadyWaitOptions<K extends ForkliftReadyKind> {
  timeoutMs: number;
  signal?: AbortSignal;
  /** The last observed state for the error; defaults to the object's conditions. */
  describe?: (obj: ObjectOf<K> | undefined) => string;
  /** A non-condition reason to give up at once (e.g. a Provider in phase ConnectionFailed); checked before the Critical conditions. */
  failIf?: (obj: ObjectOf<K>) => string | undefined;
}

/** Waits for Ready=True; a True Critical condition ends the wait at once with ForkliftCriticalConditionError. */
export async function waitForkliftReady<K extends ForkliftReadyKind>(
  client: K8sClient,
  kind: K,
  name: string,
  namespace: string,
  opts: ForkliftReadyWaitOptions<K>,
): Promise<ObjectOf<K>> {
  try {
    return await waitForCondition(client, kind, name, namespace, 'Ready', {
      timeoutMs: opts.timeoutMs,
      what: 'to become Ready',
      terminalIf: criticalCondition,
      describe: opts.describe ?? ((o) => (o ? `conditions: ${formatConditions(o)}` : `${kind} does not exist`)),
      ...(opts.failIf ? { failIf: opts.failIf } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (error) {
    throw asCriticalConditionError(error, { kind, namespace, name }, 'Ready=True');
  }
}

/** A wait's WaitTerminalConditionError restated as the ForkliftCriticalConditionError naming `object`; any other error as it is. */
export function asCriticalConditionError(error: unknown, object: ForkliftObjectRef, expected: string): unknown {
  if (!(error instanceof WaitTerminalConditionError) || error instanceof ForkliftCriticalConditionError) return error;
  return new ForkliftCriticalConditionError(object, error.condition, expected, error.lastState);
}
