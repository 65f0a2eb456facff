import fs from 'node:fs';
import path from 'node:path';

// The README keeps the sensitivity matrix (issue #5); MATRIX.md is regenerated on demand
// (test/sensitivity/matrix-output.ts). This keeps the README's copy honest: same checks, faults,
// scenarios and verdicts.
const root = path.resolve(__dirname, '../../..');
const rowsOf = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`).sort();

test('README sensitivity matrix matches test/sensitivity/MATRIX.md', () => {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const matrix = fs.readFileSync(path.join(root, 'test/sensitivity/MATRIX.md'), 'utf8');
  const fromMatrix = rowsOf(matrix, /^\| ([a-z-]+) \| ([a-z-]+) \| ([a-z0-9-]+) \| (yes|no) \| [^|]+ \| [0-9.]+ \|$/gm);
  const fromReadme = rowsOf(readme, /^\| ([a-z-]+) \| `([a-z-]+)` \| ([a-z0-9-]+) \| (yes|no) \|$/gm);
  expect(fromMatrix.length).toBeGreaterThan(0);
  expect(fromReadme).toEqual(fromMatrix);
});
