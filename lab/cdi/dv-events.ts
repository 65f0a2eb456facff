/** The Events CDI's DataVolume controller records when a DataVolume enters a phase (reasons as CDI names them). */
import { recordEvent } from '../apiserver/event-recorder';
import type { KubeObject, Store } from '../apiserver/contract';

const DV_PHASE_EVENTS: Record<string, { reason: string; message: (pvc: string) => string }> = {
  ImportScheduled: { reason: 'ImportScheduled', message: (pvc) => `Import into ${pvc} scheduled` },
  ImportInProgress: { reason: 'ImportInProgress', message: (pvc) => `Import into ${pvc} in progress` },
  Succeeded: { reason: 'ImportSucceeded', message: (pvc) => `Successfully imported into PVC ${pvc}` },
};

/** Records the event of `phase` when the DataVolume (as it was before the change) is not in it yet. */
export function recordDvPhaseEvent(store: Store, before: KubeObject | undefined, phase: string): void {
  const event = DV_PHASE_EVENTS[phase];
  if (!before || !event || (before.status as { phase?: string } | undefined)?.phase === phase) return;
  const pvc = before.metadata.name ?? '';
  recordEvent(store, before, { type: 'Normal', reason: event.reason, message: event.message(pvc), component: 'datavolume-controller' });
}
