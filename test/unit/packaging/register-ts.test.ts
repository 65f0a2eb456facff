import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// bin/register-ts.cjs compiles .ts for the CLI and its Jest workers and keeps the output in
// .cache/ts under a hash of the source: an edited file must run as edited, never from old output.
const REGISTER = path.resolve(__dirname, '../../../bin/register-ts.cjs');

function runTs(file: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', REGISTER, file], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'register-ts-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a TypeScript file runs, imports resolve without extensions, and an edit is never served from the cache', () => {
  const main = path.join(dir, 'main.ts');
  const lib = path.join(dir, 'lib.ts');
  fs.writeFileSync(lib, `export class Named extends Error {}\nexport const value: number = 1;\n`);
  fs.writeFileSync(main, `import { Named, value } from './lib';\nprocess.stdout.write(\`\${new Named().constructor.name} \${value}\`);\n`);
  expect(runTs(main)).toMatchObject({ status: 0, stdout: 'Named 1' });
  // The second run reads the cached output; the edited one must compile anew.
  expect(runTs(main)).toMatchObject({ status: 0, stdout: 'Named 1' });
  fs.writeFileSync(lib, `export class Named extends Error {}\nexport const value: number = 2;\n`);
  expect(runTs(main)).toMatchObject({ status: 0, stdout: 'Named 2' });
});

test('stack traces point at the TypeScript source lines (inline source maps)', () => {
  const main = path.join(dir, 'fails.ts');
  fs.writeFileSync(main, `type T = { a: number };\n\nconst t: T = { a: 1 };\nif (t.a) throw new Error('boom');\n`);
  const r = runTs(main);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain(`${main}:4`);
});

// bin/v8-code-cache.cjs: CommonJS modules compile with V8's code from an earlier run.
test('the V8 code cache writes an entry for a module at exit, later runs load through it, dynamic import() still works', () => {
  const lib = path.join(dir, 'lib.js');
  const dyn = path.join(dir, 'dyn.js');
  const esm = path.join(dir, 'esm.mjs');
  const main = path.join(dir, 'main.ts');
  fs.writeFileSync(lib, `'use strict';\nexports.ok = true;\nexports.fail = () => { throw new Error('from lib'); };\n`);
  // A module with import() compiles as Node compiles it (see the cache's comment on why).
  fs.writeFileSync(dyn, `'use strict';\nexports.load = () => import(${JSON.stringify(esm)});\n`);
  fs.writeFileSync(esm, `export const kind = 'esm';\n`);
  const V8_CACHE = path.resolve(__dirname, '../../../bin/v8-code-cache.cjs');
  fs.writeFileSync(
    main,
    [
      `const { entryFile } = require(${JSON.stringify(V8_CACHE)});`,
      `const fs = require('node:fs');`,
      `const cachedBefore = fs.existsSync(entryFile(${JSON.stringify(lib)}, fs.readFileSync(${JSON.stringify(lib)}, 'utf8')));`,
      `const lib = require(${JSON.stringify(lib)});`,
      `let line = '';`,
      `try { lib.fail(); } catch (e) { line = (e as Error).stack!.split('\\n')[1]!; }`,
      `void require(${JSON.stringify(dyn)}).load().then((m: { kind: string }) => process.stdout.write(JSON.stringify({ cachedBefore, kind: m.kind, line })));`,
    ].join('\n'),
  );
  const first = runTs(main);
  expect(first).toMatchObject({ status: 0, stderr: '' });
  expect(JSON.parse(first.stdout)).toMatchObject({ cachedBefore: false, kind: 'esm' });
  const second = runTs(main);
  expect(second).toMatchObject({ status: 0, stderr: '' });
  const out = JSON.parse(second.stdout) as { cachedBefore: boolean; kind: string; line: string };
  expect(out).toMatchObject({ cachedBefore: true, kind: 'esm' });
  // The wrapper around a module must not shift its lines: \`fail\` is on line 3.
  expect(out.line).toContain(`${lib}:3:`);
});
