/**
 * `node -r ./bin/register-ts.cjs <file>.ts`: how the CLI (npm test) runs, and with it every Jest
 * worker (jest-worker forks with the parent's execArgv). It teaches Node's CommonJS loader the
 * `.ts` extension: each TypeScript file is compiled once with esbuild (what tsx compiles with, with
 * tsx's options) and the output kept under <project>/.cache/ts/, named by a hash of everything
 * that makes the output: the source text, its path, the compile options, tsconfig.json and the
 * esbuild version. A changed file hashes to a new name, so stale output can never run; a fresh
 * clone compiles on its first run. Where .cache cannot be written, files compile in memory.
 *
 * Why not tsx's hook (what this file registered before): tsx hooks `.js` too, reading and lexing
 * every JavaScript file of node_modules for ESM syntax, and resolves each project import through
 * failed lookups. Measured on the 2-core machine (loading the modules of a sanity-cold run, CPU
 * time): 1.2 s with tsx's hook, 0.7 s with this one. The project is CommonJS; its ESM-only
 * dependency (@kubernetes/client-node) is bundled by lib/k8s/client-node.ts, and Node 20.19+
 * requires other ESM natively.
 * Why not `tsx <file>` or `--import tsx`: the tsx CLI starts a second node process, and `--import`
 * adds ESM loader hooks (a hooks thread every ESM module goes through).
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.join(ROOT, '.cache', 'ts');
const ESBUILD_VERSION = JSON.parse(fs.readFileSync(require.resolve('esbuild/package.json'), 'utf8')).version;
const TSCONFIG = fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8');

/** tsx's options for CommonJS output: names kept (error classes report their own), inline source maps. */
const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  platform: 'node',
  target: `node${process.versions.node}`,
  sourcemap: 'inline',
  sourcesContent: false,
  minifyWhitespace: true,
  keepNames: true,
  tsconfigRaw: TSCONFIG,
};
const OPTIONS_KEY = JSON.stringify({ ...OPTIONS, tsconfigRaw: undefined, esbuild: ESBUILD_VERSION });

let esbuild;
let cacheWritable = true;

function compile(source, filename) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, { ...OPTIONS, sourcefile: filename }).code;
}

/** Writes atomically (Jest workers may compile the same file at once: the rename wins whole). */
function store(file, code) {
  if (!cacheWritable) return;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, file);
  } catch {
    cacheWritable = false; // a read-only install: compile in memory from now on
  }
}

/** Where each loaded .ts file's compiled code is: its cache file, or the code (compiled in memory). */
const compiledFiles = new Map();

function compiled(filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(OPTIONS_KEY).update('\0').update(TSCONFIG).update('\0').update(filename);
  const file = path.join(CACHE_DIR, `${key.update('\0').update(source).digest('hex').slice(0, 32)}.js`);
  try {
    const code = fs.readFileSync(file, 'utf8');
    compiledFiles.set(filename, { file });
    return code;
  } catch {
    const code = compile(source, filename);
    store(file, code);
    compiledFiles.set(filename, cacheWritable ? { file } : { code });
    return code;
  }
}

function compiledCode(filename) {
  const where = compiledFiles.get(filename);
  return where?.code ?? (where ? fs.readFileSync(where.file, 'utf8') : undefined);
}

// Modules compile with V8's cached code of earlier runs; stack traces point at the TypeScript lines.
require('./v8-code-cache.cjs').install();
require('./ts-stack-traces.cjs').install(compiledCode);
Module._extensions['.ts'] = function loadTs(module, filename) {
  module._compile(compiled(filename), filename);
};
