import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSuiteProperties } from '../../../lib/report/suite-properties';

describe('JUnit suite properties', () => {
  test('the environment side file is what jest-junit receives for that suite (and only that suite)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-props-'));
    const runFile = path.join(dir, 'run-options.json');
    fs.writeFileSync(runFile, JSON.stringify({ dataCollectorDir: dir }));
    writeSuiteProperties(dir, '/repo/scenarios/sanity-cold.scenario.json', { target: 'embedded lab', session_id: 'auto-ab12' });
    writeSuiteProperties(dir, '/repo/scenarios/sanity-cold.scenario.json', { mtv_version: '2.10.1' });
    const previous = process.env.MTV_TESTS_RUN_FILE;
    process.env.MTV_TESTS_RUN_FILE = runFile;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest loads this reporter helper with require(); so does the test
      const properties = require('../../../lib/report/junit-suite-properties.js') as (suite: {
        testFilePath: string;
      }) => Record<string, string>;
      expect(properties({ testFilePath: '/repo/scenarios/sanity-cold.scenario.json' })).toEqual({
        target: 'embedded lab',
        session_id: 'auto-ab12',
        mtv_version: '2.10.1',
      });
      expect(properties({ testFilePath: '/repo/scenarios/sanity-warm.scenario.json' })).toEqual({});
    } finally {
      if (previous === undefined) delete process.env.MTV_TESTS_RUN_FILE;
      else process.env.MTV_TESTS_RUN_FILE = previous;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
