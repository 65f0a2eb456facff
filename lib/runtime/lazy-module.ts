/**
 * lazyModule: an npm package loaded on its first use instead of when the importing module loads.
 *
 * Every process of a run (the CLI, each Jest worker) loads the whole suite before its first step,
 * so a package imported at the top of any suite module is paid for by every run, whether it
 * needs it or not. These are large and serve only some runs: ssh2 (guests reached over SSH),
 * ajv's compiler (a schema not yet in .cache/ajv), tar (virtctl archives, OVA files), axios (the
 * REST sources: oVirt, OpenStack), and the project's go-template package (PVC name templates, which
 * most scenarios do not set). Loading them on use keeps a sanity-cold process from loading ~1.2 MB
 * of JavaScript it never calls (measured with V8 coverage: no function of theirs ran in that run).
 * yaml (YAML input, kubeconfigs, gathers) also loads on use, from its bundle (package-bundle.ts).
 *
 * The type comes from a type-only import at the call site, which costs nothing at run time:
 *   import type * as Ssh2 from 'ssh2';
 *   const ssh2 = lazyModule<typeof Ssh2>('ssh2');
 *   ... new (ssh2().Client)()
 * A project module is named by its resolved path: lazyModule<typeof M>(require.resolve('../m')).
 */
export function lazyModule<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
    loaded ??= require(id) as T;
    return loaded;
  };
}
