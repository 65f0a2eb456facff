/**
 * npm packages loaded from one bundled file of their own code instead of their many small modules.
 *
 * Every process of a run loads winston (with logform, async, readable-stream, colors: ~90
 * modules) and, for the kubeconfig, yaml (72 modules). Node pays per module file: resolving it
 * (several stats), reading it, compiling or deserializing it; as one file each loads in about half
 * the time (winston ~42 -> ~23 ms, yaml ~31 -> ~7 ms, measured with the V8 code cache warm). The
 * first process that needs a bundle builds it with esbuild (lib/runtime/bundle-build.ts, in a child
 * process) into <project>/.cache/bundles/, keyed by the package's and esbuild's versions and the
 * builder's source; later ones require that one file. Where a bundle cannot be built or written
 * (read-only install), the package is loaded as it is: the same code either way.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

type NodeRequire = (id: string) => unknown;

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.join(PROJECT_ROOT, '.cache', 'bundles');
const BUILDER = path.join(__dirname, 'bundle-build.ts');
/** The builder's own source and the entries it builds: a change to either is a new bundle. */
const BUILDER_SOURCES = [BUILDER, path.join(PROJECT_ROOT, 'lib', 'k8s', 'client-node-bundle.ts')];
const REGISTER_TS = path.join(PROJECT_ROOT, 'bin', 'register-ts.cjs');

export interface BundleSpec {
  /** bundle-build.ts's kind and its argument (a package name, client-node's dist directory). */
  kind: 'package' | 'client-node';
  argument: string;
  /** The installed version of the bundled package. */
  version: string;
}

export function packageVersion(require: NodeRequire, name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

/** The bundle's path; built when missing. Throws when it cannot be built or written. */
export function bundleFile(spec: BundleSpec, require: NodeRequire): string {
  const hash = crypto.createHash('sha256').update(`${spec.kind}\0${spec.argument}\0${spec.version}\0${packageVersion(require, 'esbuild')}`);
  for (const source of BUILDER_SOURCES) hash.update('\0').update(fs.readFileSync(source));
  const name = spec.kind === 'package' ? spec.argument.replace(/[^a-z0-9.-]+/gi, '_') : spec.kind;
  const file = path.join(CACHE_DIR, `${name}-${hash.digest('hex').slice(0, 16)}.cjs`);
  if (fs.existsSync(file)) return file;
  execFileSync(process.execPath, ['-r', REGISTER_TS, BUILDER, spec.kind, spec.argument, file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return file;
}

/**
 * A CommonJS npm package, loaded on the first call: from its bundle, or the package itself when no
 * bundle can be had. The type comes from a type-only import at the call site, as with lazyModule.
 */
export function bundledPackage<T>(name: string): () => T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  const load = (id: string): T => require(id) as T;
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      try {
        loaded = load(bundleFile({ kind: 'package', argument: name, version: packageVersion(require, name) }, require));
      } catch {
        loaded = load(name);
      }
    }
    return loaded;
  };
}
