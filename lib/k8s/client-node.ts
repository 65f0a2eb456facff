import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as ClientNode from '@kubernetes/client-node';
import type * as Esbuild from 'esbuild';

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
 * Jest worker). So the first load bundles those exports with esbuild (what tsx transpiles with)
 * into one CommonJS file under <project>/.cache/, keyed by the package and esbuild versions, and
 * later loads require that one file: several times faster. The bundle is the package's own code;
 * if it cannot be built or written (read-only install), the package is loaded as it is.
 */
type NodeRequire = (id: string) => unknown;

const EXPORTS = ['KubeConfig', 'Watch', 'RequestContext', 'IsomorphicFetchHttpLibrary'] as const;
type Used = Pick<typeof ClientNode, (typeof EXPORTS)[number]>;

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'client-node');

let cachedCore: Used | undefined;
let cachedFull: typeof ClientNode | undefined;

function versionOf(require: NodeRequire, pkg: string): string {
  return (require(`${pkg}/package.json`) as { version: string }).version;
}

/** The bundle's path for the installed versions; built (atomically) when missing. Throws when it cannot be. */
function bundleFile(require: NodeRequire): string {
  const entry = `export { ${EXPORTS.join(', ')} } from '@kubernetes/client-node';\n`;
  const key = crypto
    .createHash('sha256')
    .update(`${versionOf(require, '@kubernetes/client-node')}\0${versionOf(require, 'esbuild')}\0${entry}`)
    .digest('hex')
    .slice(0, 16);
  const file = path.join(CACHE_DIR, `client-node-${key}.cjs`);
  if (fs.existsSync(file)) return file;
  const esbuild = require('esbuild') as typeof Esbuild;
  const out = esbuild.buildSync({
    stdin: { contents: entry, resolveDir: PROJECT_ROOT, loader: 'js', sourcefile: 'client-node-entry.mjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
  });
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Several processes may build at once (Jest workers): each writes its own file, the rename is atomic.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, out.outputFiles[0]!.contents);
  fs.renameSync(tmp, file);
  return file;
}

function load(require: NodeRequire): Used {
  try {
    return require(bundleFile(require)) as Used;
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
