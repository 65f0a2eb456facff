/**
 * Container logs and the pods/log subresource, as the kubelet serves them through the API server:
 * `GET /api/v1/namespaces/<ns>/pods/<pod>/log?container=&tailLines=&timestamps=` answers text/plain.
 * Like the kubelet: a pod with several containers needs `container` (400 naming the choices), an
 * unknown container is a 400, a missing pod a 404. Lab components write their lines here (the
 * Forklift controller's log goes to its pod's `main` container), each line stamped when written.
 */
import type http from 'node:http';
import type { KubeObject, ResourceType } from './contract';
import { errors } from './errors';
import { sendText } from './http-util';
import type { MemoryStore } from './store';

interface Line {
  at: string;
  text: string;
}

/** Lines kept per container; the kubelet rotates logs too, and a long lab run must not grow without bound. */
const MAX_LINES = 5000;

export class PodLogs {
  private readonly logs = new Map<string, Line[]>();

  append(namespace: string, pod: string, container: string, text: string): void {
    const key = `${namespace}/${pod}/${container}`;
    let lines = this.logs.get(key);
    if (!lines) this.logs.set(key, (lines = []));
    for (const l of text.split('\n')) lines.push({ at: new Date().toISOString(), text: l });
    if (lines.length > MAX_LINES) lines.splice(0, lines.length - MAX_LINES);
  }

  /** The container's log as the kubelet returns it: one line per entry, optionally RFC 3339 stamped, the last `tailLines`. */
  read(namespace: string, pod: string, container: string, opts: { tailLines?: number; timestamps?: boolean } = {}): string {
    const lines = this.logs.get(`${namespace}/${pod}/${container}`) ?? [];
    const shown = opts.tailLines !== undefined ? lines.slice(Math.max(0, lines.length - opts.tailLines)) : lines;
    return shown.map((l) => `${opts.timestamps ? `${l.at} ` : ''}${l.text}\n`).join('');
  }

  /** Removes the logs of a pod that no longer exists (the kubelet drops a deleted pod's logs). */
  forget(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of [...this.logs.keys()]) if (key.startsWith(prefix)) this.logs.delete(key);
  }
}

function containerNames(pod: KubeObject): string[] {
  const spec = (pod as { spec?: { containers?: Array<{ name?: string }> } }).spec;
  return (spec?.containers ?? []).map((c) => c.name ?? '').filter(Boolean);
}

function nonNegativeInt(query: URLSearchParams, key: string): number | undefined {
  const raw = query.get(key);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw errors.badRequest(`${key}: Invalid value: "${raw}": must be greater than or equal to 0`);
  return n;
}

/** GET pods/<name>/log. */
export function servePodLog(
  res: http.ServerResponse,
  rt: ResourceType,
  namespace: string,
  name: string,
  query: URLSearchParams,
  store: MemoryStore,
  logs: PodLogs,
): void {
  const pod = store.get(rt, namespace, name);
  if (!pod) throw errors.notFound('', 'pods', name);
  const names = containerNames(pod);
  let container = query.get('container') ?? undefined;
  if (container === undefined) {
    if (names.length !== 1)
      throw errors.badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    container = names[0]!;
  }
  if (!names.includes(container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
  const tailLines = nonNegativeInt(query, 'tailLines');
  const timestamps = query.get('timestamps') === 'true';
  sendText(res, 200, logs.read(namespace, name, container, { ...(tailLines !== undefined ? { tailLines } : {}), timestamps }));
}
