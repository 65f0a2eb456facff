/**
 * The type-level tests (test/types/*.types.test.ts) are checked by the compiler inside the
 * self-test run. ts-jest runs with isolatedModules, which only strips types: there, a wrong
 * `expectTypeOf<number>().toEqualTypeOf<string>()` would pass. This test type-checks those files
 * with the project's tsconfig, and proves the check can fail by compiling one of them again with a
 * wrong expectation appended (in memory; nothing is written to the work tree).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const typeTests = fs
  .readdirSync(__dirname)
  .filter((f) => f.endsWith('.types.test.ts'))
  .sort()
  .map((f) => path.join(__dirname, f));

function projectOptions(): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  return { ...parsed.options, noEmit: true };
}

/** The compiler's diagnostics for `files`, with `overrides` (path -> text) served instead of the disk. */
function diagnostics(files: string[], overrides: Map<string, string> = new Map()): string[] {
  const options = projectOptions();
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => overrides.get(path.normalize(name)) ?? readFile(name);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError, create) => {
    const text = overrides.get(path.normalize(name));
    return text !== undefined ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, onError, create);
  };
  const program = ts.createProgram(files, options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${path.relative(root, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return `${where}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('type-level tests are type-checked', () => {
  test('there are type-level test files', () => {
    expect(typeTests.length).toBeGreaterThanOrEqual(1);
  });

  test('every test/types/*.types.test.ts compiles with the project tsconfig', () => {
    expect(diagnostics(typeTests)).toEqual([]);
  });

  test('a wrong expectTypeOf in one of them makes the check fail', () => {
    const target = typeTests[0]!;
    const wrong = `${fs.readFileSync(target, 'utf8')}\nexpectTypeOf<number>().toEqualTypeOf<string>();\n`;
    const found = diagnostics(typeTests, new Map([[path.normalize(target), wrong]]));
    expect(found).toEqual([expect.stringMatching(/Expected: string, Actual: number/)]);
  });
});
