/**
 * Jest configuration for scenario runs (`npm test` → bin/mtv-tests.ts → runCLI with the config
 * scenarioJestConfig builds for the run). The project's own tests use test/jest.selftest.config.ts.
 *
 * How a scenario file becomes a describe: each <scenarios-dir>/<name>.scenario.json is one test
 * file (testMatch), and the test environment declares its describe and five steps for the scenario
 * the CLI validated for that file (lib/environment/mtv-environment.ts). Not a transform: Jest loads
 * a .json test file with JSON.parse, whatever a transform returns. The environment also owns the
 * per-worker session.
 */
import path from 'node:path';
import type { Config } from 'jest';
import { DEFAULTS, type RunConfig } from './lib/config/keys';

const root = __dirname;

export interface ScenarioJestRun {
  /** The timeouts of the run's config, in seconds. */
  config: Pick<RunConfig, 'plan_wait_timeout' | 'plan_ready_timeout' | 'inventory_timeout'>;
  /** The embedded lab: its sessions tear down in seconds, a real cluster's may take minutes. */
  lab: boolean;
  /** Where the scenario files are: the project's scenarios/ or a team's own folder anywhere. */
  scenariosDir: string;
}

export function scenarioJestConfig(run: ScenarioJestRun): Config {
  const c = run.config;
  // The longest step waits for the migration; give it its own timeout plus the waits around it.
  const longestStepS = c.plan_wait_timeout + c.plan_ready_timeout + c.inventory_timeout;
  return {
    rootDir: root,
    // Test files are found only under roots: the scenarios folder, wherever it is.
    roots: [run.scenariosDir],
    testMatch: [path.join(run.scenariosDir, '*.scenario.json')],
    // Nothing to transform: the environment and global setup/teardown (TypeScript) are required by
    // Node, compiled by tsx's hook that every scenario run has (bin/register-ts.cjs), so Jest never
    // loads ts-jest or the TypeScript compiler. The project's own tests use ts-jest.
    transform: {},
    testEnvironment: '<rootDir>/lib/environment/mtv-environment.ts',
    // Jest's haste map, built in this process even with several workers (see the module), reading
    // the scenario folder with fs: by default Jest spawns `watchman` (to see whether it exists),
    // then `find` twice (a support probe, then the crawl): three processes for a few JSON files.
    haste: { hasteMapModulePath: path.join(root, 'lib', 'environment', 'in-band-haste-map.ts'), forceNodeFilesystemAPI: true },
    watchman: false,
    // The session object is shared by the scenario files of a worker: keep Jest from wrapping it.
    testEnvironmentOptions: { globalsCleanup: 'off' },
    globalSetup: '<rootDir>/lib/environment/global-setup.ts',
    globalTeardown: '<rootDir>/lib/environment/global-teardown.ts',
    testTimeout: (longestStepS + 60) * 1000,
    // Session teardown runs on the worker's 'beforeExit'; this is how long Jest lets it run.
    workerGracefulExitTimeout: run.lab ? 60_000 : 900_000,
    reporters: [
      'default',
      [
        'jest-junit',
        {
          outputDirectory: process.cwd(),
          outputName: 'junit-report.xml',
          suiteNameTemplate: '{title}',
          classNameTemplate: '{classname}',
          titleTemplate: '{title}',
          reportTestSuiteErrors: 'true',
          testSuitePropertiesDirectory: path.join(root, 'lib', 'report'),
          testSuitePropertiesFile: 'junit-suite-properties.js',
        },
      ],
    ],
  };
}

/** What Jest's own config discovery finds (a bare `npx jest`); scenario runs need `npm test`, which passes the run's values. */
export default scenarioJestConfig({ config: DEFAULTS, lab: true, scenariosDir: path.join(root, 'scenarios') });
