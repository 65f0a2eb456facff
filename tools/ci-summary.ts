/**
 * Prints CI's closing line `N passed, N failed` from the Jest --json result files given as
 * arguments (the scenario run and the self-tests). A missing or unreadable file counts as a
 * failure, so a step that silently ran nothing cannot look green.
 */
import fs from 'node:fs';

interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  numRuntimeErrorTestSuites: number;
  numTotalTests: number;
}

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const r = JSON.parse(fs.readFileSync(file, 'utf8')) as JestJson;
    passed += r.numPassedTests;
    failed += r.numFailedTests + r.numRuntimeErrorTestSuites;
    if (r.numTotalTests === 0) {
      console.error(`ci-summary: ${file} ran no test`);
      failed += 1;
    }
  } catch (error) {
    console.error(`ci-summary: cannot read Jest results ${file}: ${(error as Error).message}`);
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
