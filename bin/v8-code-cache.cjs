/**
 * V8 code cache for the CommonJS modules a run loads (bin/register-ts.cjs installs it: the CLI and
 * every Jest worker). Node 20 compiles each module from source on every start (its own
 * module.enableCompileCache() only came with Node 22); a scenario run loads ~650 modules (Jest,
 * client-node's bundle, axios, yaml, the suite) and compiling them was the largest single cost of
 * its start-up. Each module is compiled here as Node would (the same wrapper, filename and line
 * numbers), handing V8 the code it cached for the same file on an earlier run; modules V8 had no
 * usable cache for get one written when the process exits, with the functions compiled while it
 * ran, so later runs skip their lazy compilation too.
 *
 * Safe by construction: a cache file is named by a hash of the Node version and flags, the file
 * name and the source text, so a changed file gets a new entry; V8 itself rejects data from another V8 or
 * other flags (the module then compiles from source and its entry is rewritten). Files are written
 * whole (temporary name, then rename: Jest workers may write the same entry at once). ES modules,
 * and anything V8 refuses to compile as a script, go through Node's own loader unchanged. Where
 * <project>/.cache cannot be written, modules compile as before.
 *
 * Why not the v8-compile-cache package: it replaces the loader in the same way but passes ES
 * module syntax to V8 as a script (Node 20.19+ loads such files with require(esm)), which breaks
 * packages that ship .mjs through require; it also keeps one blob per process tree, which
 * concurrent Jest workers overwrite.
 */
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const CACHE_DIR = path.join(__dirname, '..', '.cache', 'v8', `${process.version}-${process.arch}`);
// The wrapper on its own line (lineOffset -1): line and column numbers are the file's own.
const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {\n';
const WRAPPER_TAIL = '\n})';

// V8 rejects code cached under other flags (--cpu-prof, --max-semi-space-size, ...): processes run
// with other flags keep their own entries instead of overwriting each other's.
const FLAGS = `${process.version}\0${process.execArgv.join('\0')}`;

/** Scripts compiled without usable cached data this run: their cache is written at exit. */
const toWrite = [];
let writable = true;

function entryFile(filename, content) {
  const key = crypto.createHash('sha1').update(FLAGS).update('\0').update(filename).update('\0').update(content);
  return path.join(CACHE_DIR, `${key.digest('hex')}.bin`);
}

function readEntry(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The `require` a module body receives, as Node builds it (makeRequireFunction). */
function requireFor(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function writeEntries() {
  if (!writable || toWrite.length === 0) return;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    for (const [file, script] of toWrite.splice(0)) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, file);
    }
  } catch {
    writable = false; // a read-only install: nothing to keep
  }
}

/**
 * Modules with a dynamic import() compile as Node compiles them: a vm.Script's import() needs a
 * loader option (USE_MAIN_CONTEXT_DEFAULT_LOADER) that Node 20 marks experimental (a warning on
 * its first use) and loses when the script comes from cached data (the import then throws
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING). Matching the text is conservative: an `import (` in a
 * comment or string only costs that module its cache.
 */
const DYNAMIC_IMPORT = /\bimport\s*(\(|\/[*/])/;

function install() {
  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function compileWithCodeCache(content, filename) {
    if (filename.endsWith('.mjs') || DYNAMIC_IMPORT.test(content)) return nodeCompile.call(this, content, filename);
    const file = entryFile(filename, content);
    const cachedData = readEntry(file);
    let script;
    try {
      script = new vm.Script(WRAPPER_HEAD + content + WRAPPER_TAIL, { filename, lineOffset: -1, cachedData });
    } catch {
      // ES module syntax (Node loads it with require(esm)) or a real syntax error: Node's loader
      // handles both and reports the latter as it always does.
      return nodeCompile.call(this, content, filename);
    }
    if (cachedData === undefined || script.cachedDataRejected) toWrite.push([file, script]);
    const body = script.runInThisContext({ displayErrors: true });
    return body.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
  process.once('exit', writeEntries);
}

// entryFile: where a module's entry is (for the project's test of this cache).
module.exports = { install, entryFile };
