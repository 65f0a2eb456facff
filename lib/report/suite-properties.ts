/**
 * JUnit <testsuite> properties. jest-junit cannot receive data from the test environment, so the
 * environment writes one side file per scenario file (keyed by a hash of its path) and
 * junit-suite-properties.js, which jest-junit requires, reads it back.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const PROPERTIES_DIR_NAME = 'junit-properties';

export function propertiesFile(dataCollectorDir: string, testPath: string): string {
  const key = createHash('sha1').update(path.resolve(testPath)).digest('hex').slice(0, 16);
  return path.join(dataCollectorDir, PROPERTIES_DIR_NAME, `${key}.json`);
}

/** Merges `values` into the scenario's property file (values are never secrets: target, ids, versions). */
export function writeSuiteProperties(dataCollectorDir: string, testPath: string, values: Record<string, string>): void {
  const file = propertiesFile(dataCollectorDir, testPath);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let current: Record<string, string> = {};
  try {
    current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    current = {};
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...current, ...values }, null, 2));
  fs.renameSync(tmp, file);
}

export function readSuiteProperties(dataCollectorDir: string, testPath: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(propertiesFile(dataCollectorDir, testPath), 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}
