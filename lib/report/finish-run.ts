/**
 * After Jest: the step records the workers wrote become the JUnit's system-out (failed steps) and
 * the HTML run report. Never fails the run: a problem is one warning line.
 */
import fs from 'node:fs';
import { describeTarget } from '../config/target';
import type { RunOptions } from '../environment/run-options';
import { enrichJunitFile } from './junit-enrich';
import { writeRunReport } from './run-report';
import { readStepRecords } from './step-records';

export function finishRunArtifacts(options: RunOptions, junitFile: string, out: { write(s: string): void } = process.stdout): void {
  const records = readStepRecords(options.dataCollectorDir);
  try {
    if (fs.existsSync(junitFile)) enrichJunitFile(junitFile, records);
  } catch (error) {
    out.write(`WARNING: could not add the step logs to ${junitFile}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  try {
    const file = writeRunReport(options.dataCollectorDir, {
      runId: options.runId,
      target: describeTarget(options.target),
      sourceProvider: options.config.source_provider,
      storageClass: options.config.storage_class,
      scenarios: options.scenarios,
      records,
    });
    out.write(`mtv-tests: run report ${file}\n`);
  } catch (error) {
    out.write(`WARNING: could not write the run report: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
