/**
 * `npm run selftest [-- <jest args>]`: the project's own tests (test/**). Runs Jest with the
 * self-test config, keeps Jest's --json results in selftest-results.json and ends with one line
 * `N passed, N failed` so that a run that executed nothing is visible.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const resultsFile = path.join(root, 'selftest-results.json');
fs.rmSync(resultsFile, { force: true });
const jestBin = require.resolve('jest/bin/jest');
const args = [
  jestBin,
  '-c',
  path.join(root, 'test/jest.selftest.config.ts'),
  '--json',
  `--outputFile=${resultsFile}`,
  ...process.argv.slice(2),
];
const run = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root, env: process.env });

let passed = 0;
let failed = 0;
if (fs.existsSync(resultsFile)) {
  const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numRuntimeErrorTestSuites: number;
  };
  passed = results.numPassedTests;
  failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = run.status === 0 && failed === 0 && passed > 0 ? 0 : 1;
