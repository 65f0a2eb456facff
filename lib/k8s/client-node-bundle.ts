/**
 * What the bundle of @kubernetes/client-node holds (lib/k8s/client-node.ts has it built by
 * lib/runtime/bundle-build.ts, once per installed version): the four exports the suite uses, taken
 * from the modules that define them, not from the package's index (which re-exports every API).
 *
 * KubeConfig's module imports two names from the generated code's index, which re-exports ~1,500
 * generated API and model classes that bundling cannot drop (class definitions count as side
 * effects); the plugin hands that one import the two modules defining those names. The bundle is
 * the package's own code, half the size: less for every process to compile. Should the package's
 * layout change, the build fails and client-node.ts loads the package whole.
 *
 * Some packages are imported at the top of client-node's modules but used only by some kubeconfigs
 * (LAZY_PACKAGES). Bundled as they are, every process that talks to a cluster would run their
 * module code at start (tr46's Unicode table alone is a 260 KB literal). They stay in the bundle,
 * but each is reached through a stand-in that requires it at its first use.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as esbuild from 'esbuild';
import type { BundleEntry } from '../runtime/bundle-build';

function genIndexPlugin(dist: string): esbuild.Plugin {
  const genIndex = [
    `export { createConfiguration } from ${JSON.stringify(path.join(dist, 'gen', 'configuration.js'))};`,
    `export { ServerConfiguration } from ${JSON.stringify(path.join(dist, 'gen', 'servers.js'))};`,
  ].join('\n');
  return {
    name: 'client-node-gen-index',
    setup(build) {
      build.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
        args.importer === path.join(dist, 'config.js') ? { path: 'gen-index', namespace: 'client-node-gen-index' } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'client-node-gen-index' }, () => ({ contents: genIndex, resolveDir: dist, loader: 'js' }));
    },
  };
}

/**
 * Imported at the top of client-node's modules, used only by some kubeconfigs: an OIDC auth-provider
 * (openid-client), a `proxy-url` (socks-proxy-agent, hpagent), Azure/GCP auth-providers
 * (jsonpath-plus); node-fetch 2 uses whatwg-url only where Node has no global URL.
 */
export const LAZY_PACKAGES = ['openid-client', 'socks-proxy-agent', 'hpagent', 'jsonpath-plus', 'whatwg-url'];

/**
 * The stand-in's text: the package's export names (read when the bundle is built), each a getter
 * that requires the package on first use. esbuild's import interop copies the names and keeps the
 * getters, so `oidc.discovery(...)` or `new HttpsProxyAgent(...)` load the package then.
 */
function lazyStandIn(file: string, names: string[]): string {
  return [
    'let loaded;',
    `const load = () => (loaded ??= require(${JSON.stringify(file)}));`,
    `for (const name of ${JSON.stringify(names)})`,
    '  Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });',
  ].join('\n');
}

function lazyPackagesPlugin(): esbuild.Plugin {
  const filter = new RegExp(`^(${LAZY_PACKAGES.join('|')})$`);
  return {
    name: 'client-node-lazy-packages',
    setup(build) {
      // The stand-in's own require of the package resolves normally (bundled, behind the getter).
      build.onResolve({ filter }, (args) =>
        args.namespace === 'lazy-package'
          ? undefined
          : { path: createRequire(args.importer).resolve(args.path), namespace: 'lazy-package' },
      );
      build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, (args) => {
        const names = Object.keys(createRequire(args.path)(args.path) as object);
        return { contents: lazyStandIn(args.path, names), resolveDir: path.dirname(args.path), loader: 'js' };
      });
    },
  };
}

/** The bundle's entry for the package's dist directory. */
export function clientNodeEntry(dist: string): BundleEntry {
  const from = (file: string): string => JSON.stringify(path.join(dist, file));
  const contents = [
    `export { KubeConfig } from ${from('config.js')};`,
    `export { Watch } from ${from('watch.js')};`,
    `export { RequestContext, IsomorphicFetchHttpLibrary } from ${from('gen/http/http.js')};`,
  ].join('\n');
  return { contents, resolveDir: dist, plugins: [genIndexPlugin(dist), lazyPackagesPlugin()] };
}
