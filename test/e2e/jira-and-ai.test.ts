/**
 * Issue #15 items 4 and 5 against local stand-ins, in one lab run of a team scenario folder:
 * - Jira gating (--jira): "jira-open" is gated by an issue the stand-in Jira says is Open, so it
 *   is skipped naming the key and status; "jira-closed" is gated by a Closed issue, so it runs.
 *   Every lookup carries the bearer token of jira.cfg, and the token is in no file the run wrote.
 * - AI failure analysis (--analyze-with-ai): "jira-closed" runs with the cpu-mismatch lab fault
 *   and fails; the JUnit file the run wrote is posted to the stand-in analysis service and replaced
 *   by the enriched XML it answers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './support/cli';
import { cleanup, runObserved, type ObservedRun } from './support/run-scenario';
import { startStandIn, type StandIn } from './support/stand-in-server';

const TOKEN = 'jira-pat-5f1d2c3b4a';
const STATUSES: Record<string, string> = { 'MTV-9001': 'Open', 'MTV-9002': 'Closed' };
const ENRICHED = '<?xml version="1.0"?><testsuites name="enriched"><testsuite name="analysed"/></testsuites>';

function teamScenario(dir: string, name: string, issue: string): void {
  const sanity = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'scenarios', 'sanity-cold.scenario.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const scenario = { ...sanity, $schema: path.join(REPO_ROOT, 'scenarios', 'scenario.schema.json'), name, gates: { jira: [{ issue }] } };
  fs.writeFileSync(path.join(dir, `${name}.scenario.json`), JSON.stringify(scenario, null, 2));
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('--jira and --analyze-with-ai against stand-in services', () => {
  const teamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-jira-scenarios-'));
  let jira: StandIn;
  let ai: StandIn;
  let run: ObservedRun | undefined;
  let postedJunit: string | undefined;

  beforeAll(async () => {
    teamScenario(teamDir, 'jira-open', 'MTV-9001');
    teamScenario(teamDir, 'jira-closed', 'MTV-9002');
    jira = await startStandIn((req) => {
      const key = /\/rest\/api\/2\/issue\/([A-Z0-9-]+)/.exec(req.url)?.[1] ?? '';
      const status = STATUSES[key];
      return status ? { status: 200, body: { key, fields: { status: { name: status } } } } : { status: 404, body: {} };
    });
    ai = await startStandIn((req) => {
      postedJunit = (JSON.parse(req.body) as { raw_xml: string }).raw_xml;
      return { status: 200, body: { enriched_xml: ENRICHED } };
    });
    const cfg = path.join(teamDir, 'jira.cfg');
    fs.writeFileSync(cfg, `[DEFAULT]\nurl = ${jira.url}\ntoken = ${TOKEN}\n`);
    process.env.ROOTCOZ_SERVER_URL = ai.url;
    process.env.ROOTCOZ_AI_MODEL = 'stand-in-model';
    run = await runObserved([
      '--scenarios-dir',
      teamDir,
      '--jira',
      '--jira-config',
      cfg,
      '--analyze-with-ai',
      '--lab-fault',
      'cpu-mismatch',
    ]);
  }, 300_000);

  afterAll(async () => {
    delete process.env.ROOTCOZ_SERVER_URL;
    delete process.env.ROOTCOZ_AI_MODEL;
    cleanup(run);
    await Promise.all([jira?.close(), ai?.close()]);
    fs.rmSync(teamDir, { recursive: true, force: true });
  });

  it('looks each gated issue up once, with the bearer token of jira.cfg', () => {
    expect(jira.requests.map((r) => [r.method, r.url.split('?')[0], r.headers.authorization]).sort()).toEqual([
      ['GET', '/rest/api/2/issue/MTV-9001', `Bearer ${TOKEN}`],
      ['GET', '/rest/api/2/issue/MTV-9002', `Bearer ${TOKEN}`],
    ]);
  });

  it('skips the scenario gated by the Open issue, naming the key and the status; runs the one gated by the Closed issue', () => {
    expect(run!.output).toContain('skipped jira-open: gate jira: blocked by MTV-9001, status Open (unresolved)');
    expect(run!.output).not.toMatch(/skipped jira-closed/);
    // jira-closed ran its five steps; the cpu-mismatch fault makes its verification fail.
    expect(run!.output.trimEnd().split('\n').at(-1)).toMatch(/^4 passed, 1 failed$/);
    expect(run!.exit.code).toBe(1);
  });

  it('posts the failing JUnit to /analyze-failures and replaces the file with the enriched XML', () => {
    expect(ai.requests.map((r) => [r.method, r.url])).toEqual([['POST', '/analyze-failures']]);
    const body = JSON.parse(ai.requests[0]!.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['ai_model', 'raw_xml']);
    expect(body.ai_model).toBe('stand-in-model');
    expect(postedJunit).toMatch(/<failure/);
    expect(postedJunit).toContain('jira-closed');
    expect(fs.readFileSync(path.join(run!.cwd, 'junit-report.xml'), 'utf8')).toBe(ENRICHED);
  });

  it('writes the Jira token into no file of the run', () => {
    const leaks = filesUnder(run!.dataCollector).filter((f) => fs.readFileSync(f, 'utf8').includes(TOKEN));
    expect(leaks).toEqual([]);
    expect(run!.output).not.toContain(TOKEN);
  });
});
