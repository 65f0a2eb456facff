import { createRequire } from 'node:module';
import path from 'node:path';
import type * as ClientNode from '@kubernetes/client-node';
import { bundleFile, packageVersion } from '../runtime/package-bundle';

/**
 * @kubernetes/client-node 1.x is ESM-only. Jest's CommonJS module registry (and its createRequire)
 * refuses it, but Node's own require (20.19+) loads it. Inside a Jest test realm our environments
 * publish Node's real require as `__nodeRequire`; elsewhere (CLI, lab, the framework) a
 * createRequire of this file is Node's require (bin/register-ts.cjs, which the CLI and its Jest
 * workers run with, compiles only .ts files: the package's .js modules load as they are).
 *
 * The suite uses four of its exports (loadClientNodeCore). Loading the package means loading its ~2,600 module
 * files (every generated API and model class, since KubeConfig imports the generated index): the
 * largest single start-up cost of every process that talks to a cluster (the CLI's preflight, each
 * Jest worker). So the first load bundles those exports (client-node-bundle.ts) into one CommonJS
 * file under <project>/.cache/bundles/ (lib/runtime/package-bundle.ts), and later loads require
 * that one file: several times faster. The bundle is the package's own code; if it cannot be built
 * or written (read-only install), the package is loaded as it is.
 */
type NodeRequire = (id: string) => unknown;

/** The exports the suite uses: what client-node-bundle.ts puts in the bundle. */
type Used = Pick<typeof ClientNode, 'KubeConfig' | 'Watch' | 'RequestContext' | 'IsomorphicFetchHttpLibrary'>;

let cachedCore: Used | undefined;
let cachedFull: typeof ClientNode | undefined;

/** The bundle's path for the installed versions (lib/runtime/package-bundle.ts). Throws when it cannot be had. */
function clientNodeBundle(require: NodeRequire): string {
  const pkg = (require as NodeJS.Require).resolve('@kubernetes/client-node/package.json');
  const version = packageVersion(require, '@kubernetes/client-node');
  return bundleFile({ kind: 'client-node', argument: path.join(path.dirname(pkg), 'dist'), version }, require);
}

function load(require: NodeRequire): Used {
  try {
    return require(clientNodeBundle(require)) as Used;
  } catch {
    return require('@kubernetes/client-node') as Used;
  }
}

function nodeRequire(): NodeRequire {
  return (globalThis as { __nodeRequire?: NodeRequire }).__nodeRequire ?? createRequire(__filename);
}

/** The four exports the suite uses, from the cached bundle (the package itself when no bundle can be had). */
export function loadClientNodeCore(): Used {
  cachedCore ??= load(nodeRequire());
  return cachedCore;
}

/** The whole package (tests that drive the lab with client-node's generated API clients). */
export function loadClientNode(): typeof ClientNode {
  cachedFull ??= nodeRequire()('@kubernetes/client-node') as typeof ClientNode;
  return cachedFull;
}
export type { ClientNode };
