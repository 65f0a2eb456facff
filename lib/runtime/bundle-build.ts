/**
 * Builds one CommonJS file of an npm package's own code with esbuild, for lib/runtime/package-bundle.ts,
 * which runs this in a child process (esbuild's plugins need its asynchronous API, and the suite
 * loads packages synchronously).
 *
 * Usage: node -r bin/register-ts.cjs lib/runtime/bundle-build.ts <kind> <argument> <output file>
 *   package <name>        the package's main module, whole (winston, yaml: many small files)
 *   client-node <dist>    the exports of @kubernetes/client-node the suite uses (lib/k8s/client-node-bundle.ts)
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { clientNodeEntry } from '../k8s/client-node-bundle';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface BundleEntry {
  /** The entry module's text (JavaScript, ES module or CommonJS syntax). */
  contents: string;
  /** Where the entry's imports resolve from. */
  resolveDir: string;
  plugins?: esbuild.Plugin[];
}

function packageEntry(name: string): BundleEntry {
  // `module.exports = require(name)` keeps the package's exports object exactly as it is, getters included.
  return { contents: `module.exports = require(${JSON.stringify(name)});\n`, resolveDir: PROJECT_ROOT };
}

async function writeBundle(entry: BundleEntry, outFile: string): Promise<void> {
  const out = await esbuild.build({
    stdin: { contents: entry.contents, resolveDir: entry.resolveDir, loader: 'js', sourcefile: 'bundle-entry.js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    write: false,
    logLevel: 'silent',
    plugins: entry.plugins ?? [],
  });
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  // Several processes may build at once (Jest workers): each writes its own file, the rename is atomic.
  const tmp = `${outFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, out.outputFiles[0]!.contents);
  fs.renameSync(tmp, outFile);
}

if (require.main === module) {
  const [kind, argument, outFile] = process.argv.slice(2);
  const entry =
    kind === 'package' && argument ? packageEntry(argument) : kind === 'client-node' && argument ? clientNodeEntry(argument) : undefined;
  if (!entry || !outFile) {
    process.stderr.write('usage: bundle-build.ts package <name> | client-node <dist dir>  <output file>\n');
    process.exit(2);
  }
  writeBundle(entry, outFile).catch((error: unknown) => {
    process.stderr.write(`bundle ${kind} ${argument}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
