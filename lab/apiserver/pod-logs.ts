/**
 * Container logs of the lab's pods, served as the kubelet would through the `pods/<name>/log`
 * subresource (text/plain). Logs are not part of the Pod object, so they live beside the store,
 * keyed by the pod's uid: a pod deleted and created again under the same name starts with an
 * empty log, as a new container does.
 */
import type { KubeObject, Store } from './contract';

const LOGS = new WeakMap<Store, Map<string, string[]>>();

function logsOf(store: Store): Map<string, string[]> {
  let m = LOGS.get(store);
  if (!m) LOGS.set(store, (m = new Map()));
  return m;
}

/** Appends one line to the log of `pod` (a pod object as the store holds it). */
export function appendPodLog(store: Store, pod: KubeObject, line: string): void {
  const uid = pod.metadata.uid ?? '';
  const m = logsOf(store);
  const lines = m.get(uid) ?? [];
  lines.push(line);
  m.set(uid, lines);
}

/** The whole log of `pod`, one line per entry with a trailing newline ('' when it logged nothing). */
export function podLogText(store: Store, pod: KubeObject): string {
  const lines = logsOf(store).get(pod.metadata.uid ?? '') ?? [];
  return lines.map((l) => `${l}\n`).join('');
}
