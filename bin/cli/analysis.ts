/**
 * --analyze-with-ai in the CLI: the settings are read (and their warnings printed) when the run
 * starts; after Jest, a run with failures has its JUnit file (./junit-report.xml, jest.config.ts)
 * enriched. A run without failures is not sent, as in the Python suite.
 */
import path from 'node:path';
import { aiAnalysisSettings, enrichJunit } from '../../lib/report/ai-analysis';
import type { OpsOptions } from './ops-options';

export const JUNIT_FILE_NAME = 'junit-report.xml';

export type AfterRun = (failed: number) => Promise<void>;

export function prepareAiAnalysis(ops: OpsOptions, env: NodeJS.ProcessEnv = process.env): AfterRun {
  if (!ops.analyzeWithAi) return () => Promise.resolve();
  const { settings, warnings } = aiAnalysisSettings(env);
  for (const w of warnings) process.stdout.write(`WARNING: ${w}\n`);
  const junitFile = path.resolve(JUNIT_FILE_NAME);
  return async (failed) => {
    if (!settings) return;
    if (failed === 0) {
      process.stdout.write('mtv-tests: --analyze-with-ai: no failures, nothing to analyse\n');
      return;
    }
    process.stdout.write(`${await enrichJunit(junitFile, settings)}\n`);
  };
}
