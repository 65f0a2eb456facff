/** The sessions whose Migrations appear on a cluster: the moment a test acts on is an event (a watch), never a delay. */
import type { K8sClient } from '../../../lib/k8s/client';
import { loadClientNode } from '../../../lib/k8s/client-node';
import { RESOURCES, collectionPath } from '../../../lib/k8s/kinds';

/** Resolves with the sessions (auto-xxxx, the name prefix) of the first `count` Migrations created after the call (a watch). */
export async function migrationsCreated(client: K8sClient, count: number, timeoutMs: number): Promise<string[]> {
  const before = await client.list('Migration');
  const existing = new Set(before.items.map((m) => `${m.metadata?.namespace}/${m.metadata?.name}`));
  const sessions = new Set<string>();
  let req: { abort(): void } | undefined;
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`Migrations of ${sessions.size} of ${count} sessions created within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const k8s = loadClientNode();
      new k8s.Watch(client.kubeConfig)
        .watch(
          collectionPath(RESOURCES.Migration),
          { resourceVersion: before.resourceVersion },
          (type: string, obj: { metadata?: { name?: string; namespace?: string } }) => {
            const key = `${obj.metadata?.namespace}/${obj.metadata?.name}`;
            if (type !== 'ADDED' || existing.has(key)) return;
            const session =
              /^auto-[a-z0-9]{4}/.exec(obj.metadata?.name ?? '')?.[0] ?? /^auto-[a-z0-9]{4}/.exec(obj.metadata?.namespace ?? '')?.[0];
            if (session) sessions.add(session);
            if (sessions.size >= count) {
              clearTimeout(timer);
              resolve([...sessions]);
            }
          },
          (err: unknown) => err && reject(err instanceof Error ? err : new Error(String(err))),
        )
        .then((r) => (req = r as { abort(): void }), reject);
    });
  } finally {
    req?.abort();
  }
}
