import { createRequire } from 'node:module';
import type * as ClientNode from '@kubernetes/client-node';

/**
 * @kubernetes/client-node 1.x is ESM-only. Jest's CommonJS module registry (and its createRequire)
 * refuses it, but Node's own require (20.19+) loads it. Inside a Jest test realm our environments
 * publish Node's real require as `__nodeRequire`. Elsewhere (CLI, lab, the framework loaded by the
 * environment through tsx) a fresh createRequire is used rather than the module's own `require`:
 * tsx's require would transpile every file of the package (about 5 s), Node loads it natively
 * (about 0.5 s).
 */
type NodeRequire = (id: string) => unknown;
let cached: typeof ClientNode | undefined;
export function loadClientNode(): typeof ClientNode {
  if (!cached) {
    const outer = (globalThis as { __nodeRequire?: NodeRequire }).__nodeRequire;
    cached = (outer ?? createRequire(__filename))('@kubernetes/client-node') as typeof ClientNode;
  }
  return cached;
}
export type { ClientNode };
