// jest-junit's testSuitePropertiesFile: jest-junit require()s this file with Node's plain require
// in the main Jest process, so it is plain CommonJS (a .ts file cannot be loaded there). It reads
// the side file the test environment wrote for the suite (see suite-properties.ts; same hashing).
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

// The run options file is read once per process, not once per suite.
let run;
function dataCollectorDir(runFile) {
  if (run?.file !== runFile) run = { file: runFile, dir: JSON.parse(fs.readFileSync(runFile, 'utf8')).dataCollectorDir };
  return run.dir;
}

module.exports = (suite) => {
  try {
    const runFile = process.env.MTV_TESTS_RUN_FILE;
    if (!runFile) return {};
    const key = createHash('sha1').update(path.resolve(suite.testFilePath)).digest('hex').slice(0, 16);
    return JSON.parse(fs.readFileSync(path.join(dataCollectorDir(runFile), 'junit-properties', `${key}.json`), 'utf8'));
  } catch {
    return {};
  }
};
