import { createRequire } from 'node:module';
import type * as ClientNode from '@kubernetes/client-node';

/**
 * @kubernetes/client-node 1.x is ESM-only. Jest's CommonJS module registry (and its createRequire)
 * refuses it, but Node's own require (20.19+) loads it. Inside a Jest test realm our environments
 * publish Node's real require as `__nodeRequire`; elsewhere (CLI, lab, the framework) a
 * createRequire of this file is Node's require. Where bin/register-ts.cjs registered tsx's require
 * hook (the CLI and its Jest workers), the package loads with the hook off: about 0.3 s instead of
 * 0.8 s, since none of its modules needs compiling.
 */
type NodeRequire = (id: string) => unknown;
/** Published by bin/register-ts.cjs: runs a synchronous function with tsx's require hook off. */
type TsHook = { without<T>(fn: () => T): T };
let cached: typeof ClientNode | undefined;
export function loadClientNode(): typeof ClientNode {
  if (!cached) {
    const outer = (globalThis as { __nodeRequire?: NodeRequire }).__nodeRequire;
    const load = (): typeof ClientNode => (outer ?? createRequire(__filename))('@kubernetes/client-node') as typeof ClientNode;
    const hook = (globalThis as { [key: symbol]: TsHook | undefined })[Symbol.for('mtv-tests.ts-hook')];
    cached = hook ? hook.without(load) : load();
  }
  return cached;
}
export type { ClientNode };
