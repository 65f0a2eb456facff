import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// No Docker engine runs on these machines, so the image is checked statically: a linter, and a
// check that every top-level source directory the suite needs at run time is copied in.
const root = path.resolve(__dirname, '../../..');
const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');

test('Dockerfile passes dockerfilelint', () => {
  const bin = path.join(root, 'node_modules/.bin/dockerfilelint');
  const run = spawnSync(bin, ['--output', 'json', path.join(root, 'Dockerfile')], { encoding: 'utf8' });
  const report = JSON.parse(run.stdout) as { files: Array<{ issues_count: number; issues: unknown[] }> };
  expect(report.files[0]?.issues).toEqual([]);
});

test.each(['bin', 'lib', 'lab', 'packages', 'fixtures', 'scenarios', 'utilities', 'exceptions', 'tools'])(
  'Dockerfile copies %s/',
  (dir) => {
    expect(dockerfile).toMatch(new RegExp(`^COPY ${dir} \\./${dir}$`, 'm'));
  },
);

test('the image runs as a non-root user', () => {
  expect(dockerfile).toMatch(/^USER 1001$/m);
});
