/**
 * --jira, --jira-config, --analyze-with-ai and --shard: what they do with good and bad input.
 * Stand-in services run in this process (test/e2e/support/stand-in-server.ts); the end-to-end run
 * with both services is test/e2e/jira-and-ai.test.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fetchJiraStatuses } from '../../../lib/jira/client';
import { loadJiraConfig, parseIniDefault } from '../../../lib/jira/config';
import { aiAnalysisSettings, enrichJunit } from '../../../lib/report/ai-analysis';
import { staticGateSkip } from '../../../lib/runner/gates';
import { DEFAULTS } from '../../../lib/config/keys';
import type { Scenario } from '../../../lib/runner/scenario';
import { startStandIn } from '../../e2e/support/stand-in-server';
import { listFiles, runBin } from './run-bin';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-ops-flags-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('jira.cfg', () => {
  test('reads [DEFAULT] url, token and resolved_statuses as pytest-jira does; other sections do not count', () => {
    expect(parseIniDefault('[DEFAULT]\nurl = https://j\n; c\n# c\ntoken: abc\n[other]\nurl = x\n')).toEqual({
      url: 'https://j',
      token: 'abc',
    });
    const cfg = loadJiraConfig(
      write('a.cfg', '[DEFAULT]\nurl = https://issues.example/\ntoken = t0k3n\nresolved_statuses = Done, Verified\n'),
    );
    expect(cfg).toEqual({ url: 'https://issues.example', token: 't0k3n', resolvedStatuses: ['done', 'verified'] });
    expect(loadJiraConfig(write('b.cfg', '[DEFAULT]\nurl = https://j\ntoken = t\n')).resolvedStatuses).toEqual(['closed', 'resolved']);
  });

  test.each([
    ['no url', '[DEFAULT]\ntoken = t\n', /url must be the Jira server's http\(s\) URL/],
    ['no token', '[DEFAULT]\nurl = https://j\n', /token is missing/],
  ])('%s: one line naming the fix', (_n, text, message) => {
    expect(() => loadJiraConfig(write('bad.cfg', text))).toThrow(message);
  });
});

describe('gates with live Jira statuses', () => {
  const scenario = {
    name: 's',
    markers: [],
    gates: { jira: [{ issue: 'MTV-1' }, { issue: 'MTV-2', sourceTypes: ['ovirt'] }] },
  } as unknown as Scenario;
  const ctx = { config: { ...DEFAULTS }, sourceProviderType: 'ovirt' as const };

  test('without --jira a gate blocks as declared; with it, a resolved issue lifts its gate and an unresolved one names its status', () => {
    expect(staticGateSkip(scenario, ctx)).toBe('gate jira: blocked by open issue MTV-1');
    const lifted = { 'MTV-1': { status: 'Closed', resolved: true }, 'MTV-2': { status: 'New', resolved: false } };
    expect(staticGateSkip(scenario, { ...ctx, jira: lifted })).toBe(
      'gate jira: blocked by MTV-2 for source type ovirt, status New (unresolved)',
    );
    expect(staticGateSkip(scenario, { ...ctx, sourceProviderType: 'vsphere', jira: lifted })).toBeUndefined();
  });

  test('looks each issue up once with the bearer token; Jira errors are one line that never carries the token', async () => {
    const jira = await startStandIn((req) =>
      req.url.includes('MTV-404')
        ? { status: 404, body: {} }
        : req.headers.authorization === 'Bearer t0k3n-x'
          ? { status: 200, body: { fields: { status: { name: 'Resolved' } } } }
          : { status: 401, body: {} },
    );
    try {
      const cfg = { url: jira.url, token: 't0k3n-x', resolvedStatuses: ['closed', 'resolved'] };
      expect(await fetchJiraStatuses(cfg, ['MTV-7', 'MTV-7'])).toEqual({ 'MTV-7': { status: 'Resolved', resolved: true } });
      expect(jira.requests).toHaveLength(1);
      await expect(fetchJiraStatuses(cfg, ['MTV-404'])).rejects.toThrow(
        `Jira at ${jira.url} has no issue MTV-404 (HTTP 404); fix the gates.jira entry that names it`,
      );
      await expect(fetchJiraStatuses({ ...cfg, token: 'wrong-token' }, ['MTV-7'])).rejects.toThrow(
        /refused the token for MTV-7 \(HTTP 401\)/,
      );
      await expect(fetchJiraStatuses({ ...cfg, token: 'wrong-token' }, ['MTV-7'])).rejects.not.toThrow(/wrong-token/);
    } finally {
      await jira.close();
    }
  });
});

describe('--jira through the CLI: bad config or unreachable Jira is one line, exit 2, nothing created', () => {
  test.each([
    ['a missing jira.cfg', [] as string[], /^mtv-tests: --jira needs \S+jira\.cfg \(ENOENT\): write \[DEFAULT\] url/],
    [
      'an unreachable Jira',
      ['--jira-config', 'UNREACHABLE'],
      /^mtv-tests: cannot reach Jira at http:\/\/127\.0\.0\.1:\d+ for MTV-2846 \(ECONNREFUSED\); check url/,
    ],
  ])('%s', async (_n, extra, message) => {
    const closed = await startStandIn(() => ({ status: 200, body: {} }));
    await closed.close(); // a port nobody listens on any more
    const cfg = write('unreachable.cfg', `[DEFAULT]\nurl = ${closed.url}\ntoken = secret-jira-token\n`);
    const r = runBin(['--list', '--scenario', 'sanity-warm', '--jira', ...extra.map((a) => (a === 'UNREACHABLE' ? cfg : a))]);
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('secret-jira-token');
    expect(listFiles(r.cwd)).toEqual([]);
  });

  test('--jira-config without --jira is a usage error', () => {
    const r = runBin(['--list', '--jira-config', 'x.cfg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('mtv-tests: --jira-config only matters with --jira; pass --jira --jira-config <file>\n');
  });
});

describe('--analyze-with-ai', () => {
  test('without ROOTCOZ_SERVER_URL it is off, with a warning; a bad ROOTCOZ_TIMEOUT falls back to 600 s', () => {
    expect(aiAnalysisSettings({})).toEqual({ warnings: [expect.stringContaining('ROOTCOZ_SERVER_URL is not set')] });
    const { settings, warnings } = aiAnalysisSettings({
      ROOTCOZ_SERVER_URL: 'http://a/',
      ROOTCOZ_TIMEOUT: 'soon',
      ROOTCOZ_AI_PROVIDER: 'p',
    });
    expect(settings).toEqual({ serverUrl: 'http://a', timeoutS: 600, provider: 'p' });
    expect(warnings).toEqual([expect.stringContaining('ROOTCOZ_TIMEOUT="soon" is not a positive number')]);
  });

  test.each([
    ['an HTTP error', { status: 500, body: {} }, 'HTTP 500'],
    ['an answer without enriched_xml', { status: 200, body: { analysis: 'x' } }, 'the answer has no enriched_xml'],
  ])('%s keeps the original JUnit and warns', async (_n, answer, why) => {
    const server = await startStandIn(() => answer);
    try {
      const junit = write('junit.xml', '<testsuites><testsuite name="a"><testcase name="t"><failure/></testcase></testsuite></testsuites>');
      const line = await enrichJunit(junit, { serverUrl: server.url, timeoutS: 5 });
      expect(line).toBe(`WARNING: --analyze-with-ai: ${server.url}/analyze-failures failed (${why}); ${junit} is kept as the run wrote it`);
      expect(fs.readFileSync(junit, 'utf8')).toContain('<failure/>');
      expect(JSON.parse(server.requests[0]!.body)).toEqual({ raw_xml: fs.readFileSync(junit, 'utf8') });
    } finally {
      await server.close();
    }
  });
});

describe('--shard i/n', () => {
  const names = (args: string[]): string[] => {
    const r = runBin(['--list', '--json', ...args]);
    expect(r.code).toBe(0);
    return (JSON.parse(r.stdout) as Array<{ name: string }>).map((s) => s.name);
  };

  test('the shards of --list --json are disjoint, cover the selection, and differ in size by at most one', () => {
    const all = names([]);
    const shards = [names(['--shard', '1/2']), names(['--shard', '2/2'])];
    expect([...shards[0]!, ...shards[1]!].sort()).toEqual([...all].sort());
    expect(shards[0]!.filter((n) => shards[1]!.includes(n))).toEqual([]);
    expect(Math.abs(shards[0]!.length - shards[1]!.length)).toBeLessThanOrEqual(1);
    expect(shards[0]!.length).toBeGreaterThan(0);
  });

  test('a shard beyond the selection is empty, and a run of it passes with nothing to run', () => {
    expect(names(['--scenario', 'sanity-cold', '--shard', '2/2'])).toEqual([]);
    const r = runBin(['--scenario', 'sanity-cold', '--shard', '2/2']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 0 failed');
    expect(r.stdout).toContain('shard 2/2 has no scenario');
  });
});
