/**
 * What a red run leaves for the people who read it. `sanity-cold --lab-fault cpu-mismatch` fails
 * its check step: a targeted gather (Plan and Migration YAML, events, a non-empty pod log, Secret
 * data omitted) lands under the data collector, the JUnit testcase of the failed step carries the
 * step's log in system-out, and report.html names every scenario and step, draws an SVG timeline
 * and loads nothing remote. With --skip-data-collector no gather is taken; the rest stays.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { junitCases } from './support/junit';
import { cleanup, runObserved, type ObservedRun } from './support/run-scenario';

const STEPS = ['create StorageMap', 'create NetworkMap', 'create Plan', 'migrate VMs', 'check VMs'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('a failed check step: gather, JUnit system-out, run report', () => {
  let run: ObservedRun | undefined;
  let gathers: string[] = [];
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--lab-fault', 'cpu-mismatch']);
    const root = path.join(run.dataCollector, 'must-gather');
    gathers = fs.existsSync(root) ? fs.readdirSync(root).map((d) => path.join(root, d)) : [];
  }, 300_000);
  afterAll(() => cleanup(run));

  it('fails the check step only; without --live and a terminal the console keeps the INFO stream and no live lines', () => {
    expect(run!.exit.code).toBe(1);
    expect(run!.output).toMatch(/ INFO {2}\[sanity-cold \/ migrate VMs\] /);
    expect(run!.output).not.toMatch(/\[sanity-cold\] (RUN |PASS|FAIL)/);
    const failed = junitCases(path.join(run!.cwd, 'junit-report.xml')).filter((c) => c.failure !== undefined);
    expect(failed.map((c) => c['@_name'])).toEqual([expect.stringMatching(/^check VMs-/)]);
  });

  it('leaves one gather folder with Plan and Migration YAML, events and a non-empty pod log', () => {
    expect(gathers.map((g) => path.basename(g))).toEqual(['sanity-cold-check_VMs']);
    const files = filesUnder(gathers[0]!).map((f) => path.relative(gathers[0]!, f));
    const plan = files.filter((f) => f.startsWith('Plan/'));
    const migration = files.filter((f) => f.startsWith('Migration/'));
    expect({ plan: plan.length, migration: migration.length }).toEqual({ plan: 1, migration: 1 });
    const planYaml = YAML.parse(fs.readFileSync(path.join(gathers[0]!, plan[0]!), 'utf8')) as { kind: string; spec?: unknown };
    expect(planYaml).toMatchObject({ kind: 'Plan', spec: expect.any(Object) });
    const migrationYaml = YAML.parse(fs.readFileSync(path.join(gathers[0]!, migration[0]!), 'utf8')) as {
      status?: { vms?: Array<{ pipeline?: unknown[] }> };
    };
    expect(migrationYaml.status?.vms?.[0]?.pipeline?.length).toBeGreaterThan(0);
    const events = YAML.parse(fs.readFileSync(path.join(gathers[0]!, 'events.yaml'), 'utf8')) as { items: Array<{ reason: string }> };
    expect(events.items.length).toBeGreaterThan(0);
    const logs = files.filter((f) => f.startsWith('logs/') && fs.statSync(path.join(gathers[0]!, f)).size > 0);
    expect(logs).toEqual(expect.arrayContaining([expect.stringMatching(/forklift-controller-.*_main\.log$/)]));
    const controllerLog = fs.readFileSync(
      path.join(
        gathers[0]!,
        logs.find((l) => l.includes('forklift-controller'))!,
      ),
      'utf8',
    );
    expect(controllerLog).toMatch(/phase \w+ \(step \w+\)/);
  });

  it('writes no Secret value into the gather', () => {
    const secrets = filesUnder(path.join(gathers[0]!, 'Secret'));
    expect(secrets.length).toBeGreaterThan(0);
    for (const f of secrets) {
      const s = YAML.parse(fs.readFileSync(f, 'utf8')) as { data?: Record<string, string> };
      expect(Object.values(s.data ?? {}).every((v) => v === '<omitted>' || v === '***')).toBe(true);
    }
  });

  it("puts the failed step's log lines in its JUnit system-out, with classnames grouping by scenario, provider and storage class", () => {
    const cases = junitCases(path.join(run!.cwd, 'junit-report.xml'));
    const check = cases.find((c) => c.failure !== undefined)!;
    expect(check['system-out']).toMatch(/step check VMs-\S+ starts/);
    expect(check['system-out']).toMatch(/checkVms: checking VM /);
    expect(check['system-out']).toMatch(/gathers: must-gather\/sanity-cold-check_VMs/);
    const suffix = check['@_name'].replace(/^check VMs/, '');
    expect(new Set(cases.map((c) => c['@_classname']))).toEqual(new Set([`sanity-cold${suffix}`]));
    expect(cases.filter((c) => c['system-out'] !== undefined)).toHaveLength(1);
  });

  it('writes report.html naming the scenario and every step, with an SVG timeline, loading nothing remote', () => {
    const html = fs.readFileSync(path.join(run!.dataCollector, 'report.html'), 'utf8');
    expect(html).toContain('<h2>sanity-cold ');
    for (const step of STEPS) expect(html).toMatch(new RegExp(`<td>${step}-[^<]+</td><td><span class="badge (passed|failed)"`));
    const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toMatch(/<rect class="failed"/);
    expect(svg).toMatch(/· DiskTransfer/);
    expect(html).toContain('<td>cpu</td><td>CPU sockets</td>');
    expect(html).toContain('href="must-gather/sanity-cold-check_VMs/"');
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
  });
});

describe('--skip-data-collector, with the --live console view', () => {
  let run: ObservedRun | undefined;
  beforeAll(async () => {
    run = await runObserved(['--scenario', 'sanity-cold', '--lab-fault', 'cpu-mismatch', '--skip-data-collector', '--live']);
  }, 300_000);
  afterAll(() => cleanup(run));

  it('takes no gather; the log, JUnit system-out and report are still written', () => {
    expect(run!.exit.code).toBe(1);
    expect(fs.existsSync(path.join(run!.dataCollector, 'must-gather'))).toBe(false);
    expect(run!.output).not.toMatch(/gather sanity-cold/);
    const check = junitCases(path.join(run!.cwd, 'junit-report.xml')).find((c) => c.failure !== undefined);
    expect(check?.['system-out']).toMatch(/step check VMs-\S+ failed/);
    expect(fs.readFileSync(path.join(run!.dataCollector, 'report.html'), 'utf8')).toContain('<h2>sanity-cold ');
  });

  it('shows one line per step and per VM pipeline change instead of the INFO stream, which stays in the log file', () => {
    const live = run!.cli.lines.filter((l) => /^\d\d:\d\d:\d\d \[sanity-cold\] /.test(l));
    for (const step of STEPS) expect(live).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`\\] RUN  ${step}-`))]));
    expect(live).toEqual(expect.arrayContaining([expect.stringMatching(/\] PASS migrate VMs-\S+ \d+\.\d s$/)]));
    expect(live).toEqual(expect.arrayContaining([expect.stringMatching(/\] FAIL check VMs-\S+ \d+\.\d s: Post-migration validation/)]));
    expect(live).toEqual(expect.arrayContaining([expect.stringMatching(/\] {6}VM \S+: DiskTransfer\w* Completed/)]));
    expect(run!.output).not.toMatch(/ INFO {2}\[sanity-cold/);
    expect(run!.output).toMatch(/^\d\d:\d\d:\d\d worker \d+: session auto-\w+ on /m);
    expect(fs.readFileSync(path.join(run!.dataCollector, 'mtv-tests.log'), 'utf8')).toMatch(
      / INFO {2}pid=\d+ \[sanity-cold \/ migrate VMs\] /,
    );
  });
});
