import fs from 'node:fs';
import path from 'node:path';

// `npm ci` (the README's first command and CI's install) refuses a lock file that misses an
// optional dependency. The registry here lacks some platform packages, so npm install can drop
// them; tools/lockfile-optional-stubs.ts puts them back. This keeps that from regressing.
test('package-lock.json lists every optional dependency (npm ci accepts it)', () => {
  const lock = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package-lock.json'), 'utf8')) as {
    packages: Record<string, { optionalDependencies?: Record<string, string> }>;
  };
  const missing: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      const nested = key ? `${key}/node_modules/${dep}` : `node_modules/${dep}`;
      if (!lock.packages[`node_modules/${dep}`] && !lock.packages[nested]) missing.push(`${dep} (needed by ${key || 'root'})`);
    }
  }
  expect(missing).toEqual([]);
});
