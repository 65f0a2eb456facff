/**
 * `npm run gen:docs`: writes the generated reference pages (tools/docs/reference.ts).
 * `npm run gen:docs -- --check`: writes nothing; exit 1 naming the stale files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, referenceFiles } from './docs/reference';

const check = process.argv.includes('--check');
const stale: string[] = [];
for (const [rel, content] of Object.entries(referenceFiles())) {
  const file = path.join(REPO_ROOT, rel);
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  if (current === content) continue;
  stale.push(rel);
  if (!check) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
if (check && stale.length) {
  process.stderr.write(`gen:docs: stale: ${stale.join(', ')}; run npm run gen:docs and commit\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`gen:docs: ${check ? 'up to date' : stale.length ? `wrote ${stale.join(', ')}` : 'nothing changed'}\n`);
}
