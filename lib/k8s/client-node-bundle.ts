/**
 * Builds the bundle of client-node's four exports the suite uses (lib/k8s/client-node.ts runs this
 * once per installed version, in a child process: esbuild's plugins need its asynchronous API, and
 * the suite loads client-node synchronously).
 *
 * The entry takes the four exports from the modules that define them, not from the package's index
 * (which re-exports every API). KubeConfig's module imports two names from the generated code's
 * index, which re-exports ~1,500 generated API and model classes that bundling cannot drop (class
 * definitions count as side effects); the plugin hands that one import the two modules defining
 * those names. The bundle is the package's own code, half the size: less for every process to
 * compile. Should the package's layout change, the build fails and client-node.ts loads the
 * package whole.
 *
 * Usage: node -r bin/register-ts.cjs lib/k8s/client-node-bundle.ts <package dist dir> <output file>
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

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

async function main(dist: string, outFile: string): Promise<void> {
  const from = (file: string): string => JSON.stringify(path.join(dist, file));
  const entry = [
    `export { KubeConfig } from ${from('config.js')};`,
    `export { Watch } from ${from('watch.js')};`,
    `export { RequestContext, IsomorphicFetchHttpLibrary } from ${from('gen/http/http.js')};`,
  ].join('\n');
  const out = await esbuild.build({
    stdin: { contents: entry, resolveDir: dist, loader: 'js', sourcefile: 'client-node-entry.mjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
    plugins: [genIndexPlugin(dist)],
  });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // Several processes may build at once (Jest workers): each writes its own file, the rename is atomic.
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, out.outputFiles[0]!.contents);
  fs.renameSync(tmp, outFile);
}

if (require.main === module) {
  const [dist, outFile] = process.argv.slice(2);
  if (!dist || !outFile) {
    process.stderr.write('usage: client-node-bundle.ts <package dist dir> <output file>\n');
    process.exit(2);
  }
  main(dist, outFile).catch((error: unknown) => {
    process.stderr.write(`client-node bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
