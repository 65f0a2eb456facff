/**
 * The link from a scenario file to its describe: the environment declares it for the scenario the
 * CLI validated for exactly that test file (run options), under the scenario's name. A test file
 * the run did not select fails with the reason, and no session starts. Jest is started directly
 * here (not through the CLI, which only ever passes the files it selected).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scenarioJestConfig } from '../../../jest.config';
import { loadConfig, resolveTarget } from '../../../lib/config';
import { RUN_FILE_ENV, RUN_FILE_FORMAT, RUN_FILE_NAME, writeRunOptions, type RunOptions } from '../../../lib/environment/run-options';
import { loadScenarioFile } from '../../../lib/runner/scenario-file';
import { FIXTURE_SCENARIOS, FIXTURE_SUITE, REPO } from '../cli/run-bin';

interface JestJson {
  testResults: { name: string; status: string; message: string; assertionResults: { ancestorTitles: string[]; title: string }[] }[];
}

test('a scenario file the run did not select fails, naming the run and how to run it; a selected one is described by its name', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-describe-'));
  fs.writeFileSync(path.join(dir, 'kubeconfig'), 'apiVersion: v1\n');
  const { config, sources } = loadConfig({ env: {}, tc: ['source_provider:fake', 'storage_class:sc1'] });
  const selected = loadScenarioFile(path.join(FIXTURE_SCENARIOS, 'tiny-gated.scenario.json'));
  const options: RunOptions = {
    format: RUN_FILE_FORMAT,
    runId: 'run-describe',
    config,
    sources,
    target: resolveTarget({ config, kubeconfig: path.join(dir, 'kubeconfig'), env: {} }),
    providersPath: path.join(dir, 'providers.json'),
    sourceProviderType: 'vsphere',
    dataCollectorDir: dir,
    skipTeardown: true,
    skipDataCollector: false,
    labFaults: [],
    suiteModule: FIXTURE_SUITE,
    scenarios: [selected],
  };
  writeRunOptions(path.join(dir, RUN_FILE_NAME), options);
  const jestConfig = path.join(dir, 'jest.config.json');
  fs.writeFileSync(
    jestConfig,
    JSON.stringify({ ...scenarioJestConfig({ config, lab: false, scenariosDir: FIXTURE_SCENARIOS }), reporters: ['default'] }),
  );
  const notSelected = path.join(FIXTURE_SCENARIOS, 'tiny-passes.scenario.json');
  const results = path.join(dir, 'results.json');
  const r = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(REPO, 'bin/register-ts.cjs'),
      require.resolve('jest/bin/jest'),
      '-c',
      jestConfig,
      '--runTestsByPath',
      selected.file,
      notSelected,
      '--json',
      '--outputFile',
      results,
      '-w',
      '1',
    ],
    {
      cwd: REPO,
      env: { ...process.env, [RUN_FILE_ENV]: path.join(dir, RUN_FILE_NAME), MTV_TESTS_LOG_LEVEL: 'error' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  expect(r.status).toBe(1);
  const json = JSON.parse(fs.readFileSync(results, 'utf8')) as JestJson;
  const byFile = Object.fromEntries(json.testResults.map((t) => [t.name, t]));
  expect(byFile[notSelected]!.status).toBe('failed');
  expect(byFile[notSelected]!.message).toContain(
    `${notSelected} is not one of the scenarios this run selected (tiny-gated); scenario files run through \`npm test -- --scenario <name>\``,
  );
  expect(byFile[notSelected]!.assertionResults).toEqual([]);
  // The selected file: its describe carries the validated scenario's name (its gate skips the steps).
  expect(byFile[selected.file]!.assertionResults.map((a) => a.ancestorTitles)).toEqual(Array(5).fill(['tiny-gated']));
  fs.rmSync(dir, { recursive: true, force: true });
});
