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

test("the Indexed Job (npm run job) runs the bin and register hook the image has, from the image's /app", () => {
  const { jobManifests } = jest.requireActual<typeof import('../../../lib/job/manifests')>('../../../lib/job/manifests');
  const job = jobManifests({ shards: 2, image: 'i', namespace: 'n', name: 'm', testArgs: [], resultsSize: '1Gi' })[1] as {
    spec: { template: { spec: { containers: Array<{ command: string[] }> } } };
  };
  const script = job.spec.template.spec.containers[0]!.command[2]!;
  const used = [...script.matchAll(/\/app\/(\S+)/g)].map((m) => m[1]!);
  expect(used).toEqual(['bin/register-ts.cjs', 'bin/mtv-tests.ts']);
  expect(dockerfile).toMatch(/^WORKDIR \/app$/m);
  for (const file of used) expect(fs.existsSync(path.join(root, file))).toBe(true);
});
