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
 */
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

/** The bundle's entry for the package's dist directory. */
export function clientNodeEntry(dist: string): BundleEntry {
  const from = (file: string): string => JSON.stringify(path.join(dist, file));
  const contents = [
    `export { KubeConfig } from ${from('config.js')};`,
    `export { Watch } from ${from('watch.js')};`,
    `export { RequestContext, IsomorphicFetchHttpLibrary } from ${from('gen/http/http.js')};`,
  ].join('\n');
  return { contents, resolveDir: dist, plugins: [genIndexPlugin(dist)] };
}
