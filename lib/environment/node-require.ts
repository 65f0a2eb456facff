import Module from 'node:module';
import path from 'node:path';

/** Node's real require, captured in the outer realm (Jest environment modules are loaded with it). */
export const nodeRequire: (id: string) => unknown = require;

/**
 * Loads a framework module (TypeScript, path relative to lib/environment) with Node's own require,
 * so that the environment, global teardown and (in-band runs) the CLI share one copy of every
 * module in this process. The CLI and its Jest workers run with bin/register-ts.cjs, which compiles
 * .ts for require; anything else (a Jest started without it) gets tsx's CommonJS hook registered once.
 *
 * Not tsx's namespaced require: the namespace is part of tsx's transform cache key, so each process
 * compiled every framework file again (about 0.4 s per run) and left new cache files behind.
 */
export function requireFramework<T>(relativePath: string): T {
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  if (!extensions['.ts']) (nodeRequire('tsx/cjs/api') as { register(): unknown }).register();
  return nodeRequire(path.resolve(__dirname, relativePath)) as T;
}
