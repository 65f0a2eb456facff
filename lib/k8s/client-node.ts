import type * as ClientNode from '@kubernetes/client-node';

/**
 * @kubernetes/client-node 1.x is ESM-only. Jest's CommonJS module registry (and its createRequire)
 * refuses it, but Node's own require (20.19+) loads it. Our Jest environments run in the outer
 * realm and publish Node's real require as `__nodeRequire`; outside Jest plain require works.
 */
type NodeRequire = (id: string) => unknown;
let cached: typeof ClientNode | undefined;
export function loadClientNode(): typeof ClientNode {
  if (!cached) {
    const outer = (globalThis as { __nodeRequire?: NodeRequire }).__nodeRequire;
    cached = (outer ?? require)('@kubernetes/client-node') as typeof ClientNode;
  }
  return cached;
}
export type { ClientNode };
