/**
 * The README keeps a copy of the sensitivity matrix (issue #5): check, fault, scenario, caught,
 * taken from test/sensitivity/MATRIX.md (written by the sensitivity test with MTV_WRITE_MATRIX=1)
 * into the block between the README's matrix markers, so the copy cannot drift by hand.
 */
import fs from 'node:fs';
import path from 'node:path';

const START = '<!-- sensitivity-matrix:start (npm run gen:docs copies test/sensitivity/MATRIX.md) -->';
const END = '<!-- sensitivity-matrix:end -->';

/** README.md with its matrix block rewritten from MATRIX.md (unchanged when it has no markers). */
export function readmeWithMatrix(root: string): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no sensitivity-matrix block (${START} ... ${END})`);
  const matrix = fs.readFileSync(path.join(root, 'test/sensitivity/MATRIX.md'), 'utf8');
  const rows = [...matrix.matchAll(/^\| ([a-z-]+) \| ([a-z-]+) \| ([^|]+?) \| (yes|no) \| [^|]+ \| [0-9.]+ \|$/gm)].map(
    (m) => `| ${m[1]} | \`${m[2]}\` | ${m[3]} | ${m[4]} |`,
  );
  const table = ['| check | lab fault | scenario | caught |', '|---|---|---|---|', ...rows].join('\n');
  return `${readme.slice(0, start)}${START}\n${table}\n${readme.slice(end)}`;
}
