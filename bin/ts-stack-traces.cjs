/**
 * Stack traces that point at TypeScript lines, for modules compiled by bin/register-ts.cjs.
 *
 * Node's own source-map support (process.setSourceMapsEnabled) only knows modules compiled by its
 * loader, and it parses every module's map as the module loads. The modules are compiled by the V8
 * code cache (bin/v8-code-cache.cjs) instead, so this formats `error.stack` itself, as V8 does, with
 * each frame in a compiled .ts file moved to its TypeScript line and column. A file's inline map is
 * parsed the first time one of its frames is formatted, so a run that throws nothing parses none.
 *
 * Jest installs its own formatter for each test file (it maps only the files Jest transformed); the
 * scenario environment (lib/environment/mtv-environment.ts) puts this one back, published on
 * `process` under Symbol.for('mtv-tests.prepareStackTrace').
 */
'use strict';
const { SourceMap } = require('node:module');

const MAP_PREFIX = '//# sourceMappingURL=data:application/json;base64,';

/**
 * `compiledCode(filename)` returns the JavaScript a .ts file was compiled to, or undefined for a
 * file that was not compiled here.
 */
function install(compiledCode) {
  const maps = new Map(); // filename -> SourceMap, or null when the file has none

  function mapOf(filename) {
    if (!maps.has(filename)) {
      let map = null;
      try {
        const code = compiledCode(filename);
        const at = code === undefined ? -1 : code.lastIndexOf(MAP_PREFIX);
        if (at >= 0) {
          const payload = Buffer.from(code.slice(at + MAP_PREFIX.length).trim(), 'base64').toString('utf8');
          map = new SourceMap(JSON.parse(payload));
        }
      } catch {
        map = null; // an unreadable map: the frame keeps its compiled position
      }
      maps.set(filename, map);
    }
    return maps.get(filename);
  }

  function frameText(frame) {
    const text = String(frame);
    const file = frame.getFileName();
    const line = frame.getLineNumber();
    const column = frame.getColumnNumber();
    if (!file || !file.endsWith('.ts') || !line || !column) return text;
    const map = mapOf(file);
    const entry = map?.findEntry(line - 1, column - 1);
    if (entry?.originalLine === undefined) return text;
    const compiledAt = `${file}:${line}:${column}`;
    const i = text.lastIndexOf(compiledAt);
    if (i < 0) return text;
    return `${text.slice(0, i)}${file}:${entry.originalLine + 1}:${entry.originalColumn + 1}${text.slice(i + compiledAt.length)}`;
  }

  const prepareStackTrace = function prepareStackTrace(error, frames) {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = 'Error';
    }
    return head + frames.map((frame) => `\n    at ${frameText(frame)}`).join('');
  };
  Error.prepareStackTrace = prepareStackTrace;
  // For the scenario environment, which puts it back after Jest installed its own formatter.
  process[Symbol.for('mtv-tests.prepareStackTrace')] = prepareStackTrace;
}

module.exports = { install };
