/**
 * A team's own scenario folder, outside the project (`--scenarios-dir /tmp/...`), runs like the
 * project's own scenarios (issue #16: it validated and listed, then Jest found "No tests"). The
 * scenario is a renamed copy of sanity-cold, so the describe and the JUnit suite carry the name
 * the CLI validated for that file, not a name found under scenarios/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_STEPS as STEP_NAMES } from '../../lib/runner/step-names';
import { junitCases } from './support/junit';
import { REPO_ROOT } from './support/cli';
import { cleanup, failureContext, runObserved, type ObservedRun } from './support/run-scenario';

interface JestJson {
  testResults: { name: string; assertionResults: { ancestorTitles: string[]; status: string }[] }[];
}

describe('--scenarios-dir outside the project', () => {
  const teamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-team-scenarios-'));
  const file = path.join(teamDir, 'team-smoke.scenario.json');
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    const sanity = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scenarios', 'sanity-cold.scenario.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    fs.writeFileSync(
      file,
      JSON.stringify({ ...sanity, $schema: path.join(REPO_ROOT, 'scenarios', 'scenario.schema.json'), name: 'team-smoke' }, null, 2),
    );
    run = await runObserved(['--scenarios-dir', teamDir]);
  }, 300_000);
  afterAll(() => {
    cleanup(run);
    fs.rmSync(teamDir, { recursive: true, force: true });
  });

  it('runs the five steps of the team scenario and passes', () => {
    expect({ exit: run!.exit, log: failureContext(run!) }).toEqual({ exit: { code: 0, signal: null }, log: '' });
    expect(run!.output).not.toContain('No tests found');
    expect(run!.output.trimEnd().split('\n').at(-1)).toBe('5 passed, 0 failed');
  });

  it('names the describe after the scenario the CLI validated for that file', () => {
    const json = JSON.parse(fs.readFileSync(path.join(run!.dataCollector, 'jest-results.json'), 'utf8')) as JestJson;
    expect(json.testResults.map((t) => t.name)).toEqual([fs.realpathSync(file)]);
    const results = json.testResults[0]!.assertionResults;
    expect(results.map((a) => [a.ancestorTitles, a.status])).toEqual(STEP_NAMES.map(() => [['team-smoke'], 'passed']));
    expect(junitCases(path.join(run!.cwd, 'junit-report.xml'))).toHaveLength(5);
  });
});
