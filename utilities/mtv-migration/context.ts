/** What the migration helpers need from the session: the cluster, the tracker, naming, timeouts. */
import type { ResourceContext } from '../../lib/resources/create';

export interface ObjectRef {
  name: string;
  namespace: string;
}

export interface MigrationContext extends ResourceContext {
  /** Namespace where the suite's Forklift objects (maps, plans, migrations) live. */
  namespace: string;
  sourceProvider: ObjectRef;
  destinationProvider: ObjectRef;
  /**
   * The running step's signal (StepContext.signal): every wait here stops when it fires, so a step
   * Jest gave up on does not keep watching the cluster behind the next steps.
   */
  signal?: AbortSignal;
}

export const ref = (o: { metadata?: { name?: string; namespace?: string } }): ObjectRef => ({
  name: o.metadata?.name ?? '',
  namespace: o.metadata?.namespace ?? '',
});
