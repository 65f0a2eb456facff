/**
 * Jest configuration for scenario runs (`npm test` → bin/mtv-tests.ts → runCLI with this file).
 * Each scenarios/<name>.scenario.json is one test file; lib/runner/scenario-loader.js declares its
 * describe and five steps; lib/environment/mtv-environment.ts owns the per-worker session.
 * The project's own tests use test/jest.selftest.config.ts instead.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from 'jest';

const root = __dirname;

interface RunTimeouts {
  config?: { plan_wait_timeout?: number; plan_ready_timeout?: number; inventory_timeout?: number };
  target?: { kind?: string };
}

/** Timeouts follow the run's config (the CLI has written it when it invokes Jest). */
function runTimeouts(): { testMs: number; exitMs: number } {
  let run: RunTimeouts = {};
  try {
    const file = process.env.MTV_TESTS_RUN_FILE;
    if (file) run = JSON.parse(fs.readFileSync(file, 'utf8')) as RunTimeouts;
  } catch {
    run = {};
  }
  const c = run.config ?? {};
  // The longest step waits for the migration; give it its own timeout plus the waits around it.
  const longestStepS = (c.plan_wait_timeout ?? 3600) + (c.plan_ready_timeout ?? 360) + (c.inventory_timeout ?? 300);
  const lab = run.target?.kind === 'lab';
  return { testMs: (longestStepS + 60) * 1000, exitMs: lab ? 60_000 : 900_000 };
}

const timeouts = runTimeouts();

const config: Config = {
  rootDir: root,
  testMatch: ['<rootDir>/scenarios/*.scenario.json'],
  // Nothing to transform: the environment and global setup/teardown (TypeScript) are required by
  // Node, compiled by tsx's hook that every scenario run has (bin/register-ts.cjs), and the loader
  // is plain JavaScript. Loading ts-jest and the TypeScript compiler cost about 0.3 s per process.
  // The project's own tests use ts-jest (test/jest.selftest.config.ts).
  transform: {},
  testEnvironment: '<rootDir>/lib/environment/mtv-environment.ts',
  // The session object is shared by the scenario files of a worker: keep Jest from wrapping it.
  testEnvironmentOptions: { globalsCleanup: 'off' },
  setupFilesAfterEnv: ['<rootDir>/lib/runner/scenario-loader.js'],
  globalSetup: '<rootDir>/lib/environment/global-setup.ts',
  globalTeardown: '<rootDir>/lib/environment/global-teardown.ts',
  testTimeout: timeouts.testMs,
  // Session teardown runs on the worker's 'beforeExit'; this is how long Jest lets it run.
  workerGracefulExitTimeout: timeouts.exitMs,
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

export default config;
