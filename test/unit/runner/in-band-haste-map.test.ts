import childProcess from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import InBandHasteMap from '../../../lib/environment/in-band-haste-map';

// Scenario runs build Jest's haste map in the CLI process even with several test workers
// (jest.config.ts haste.hasteMapModulePath): the map is Jest's own, and no process is forked for it.
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haste-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('with maxWorkers 4 the map of the scenario folder is built without forking a worker', async () => {
  for (const n of ['a', 'b', 'c']) fs.writeFileSync(path.join(dir, `${n}.scenario.json`), '{}\n');
  const fork = jest.spyOn(childProcess, 'fork');
  const map = new InBandHasteMap({
    id: `in-band-test-${path.basename(dir)}`,
    rootDir: dir,
    roots: [dir],
    extensions: ['json'],
    platforms: [],
    maxWorkers: 4,
    resetCache: true,
    cacheDirectory: dir,
    retainAllFiles: false,
    useWatchman: false,
  });
  const { hasteFS } = await map.build();
  expect(
    hasteFS
      .getAllFiles()
      .map((f) => path.basename(f))
      .sort(),
  ).toEqual(['a.scenario.json', 'b.scenario.json', 'c.scenario.json']);
  expect(fork).not.toHaveBeenCalled();
  // The statics Jest reads from the configured module are Jest's own.
  expect(InBandHasteMap.getCacheFilePath(dir, 'x')).toContain(dir);
});
