/**
 * Each file in compile-fail/ must NOT compile, and must fail for the reason its header states
 * (`// expect-error: <text>`). This proves the fixture DSL's dependency rules are enforced by the
 * compiler, not only at runtime. Uses the TypeScript compiler API with the project's options.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const dir = path.join(__dirname, 'compile-fail');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort();

function projectOptions(): ts.CompilerOptions {
  const configPath = path.join(root, 'tsconfig.json');
  const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  return { ...parsed.options, noEmit: true };
}

function diagnosticsByFile(): Map<string, string[]> {
  const program = ts.createProgram(
    files.map((f) => path.join(dir, f)),
    projectOptions(),
  );
  const out = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (!d.file) continue;
    const name = path.relative(dir, d.file.fileName);
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    out.set(name, [...(out.get(name) ?? []), text]);
  }
  return out;
}

describe('fixture DSL compile-time checks', () => {
  const diagnostics = diagnosticsByFile();

  test('there are compile-fail cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  test.each(files)('%s does not compile, for the stated reason', (file) => {
    const header = fs.readFileSync(path.join(dir, file), 'utf8').match(/^\/\/ expect-error: (.+)$/m);
    expect(header).not.toBeNull();
    const expected = header![1]!.trim();
    const messages = diagnostics.get(file) ?? [];
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.join('\n---\n')).toContain(expected);
  });
});
