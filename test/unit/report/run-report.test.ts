/** The HTML run report: every scenario and step named, an SVG timeline, findings, gathers, nothing remote, escaped. */
import { renderRunReport } from '../../../lib/report/run-report';
import type { StepRecord } from '../../../lib/report/step-records';
import type { LoadedScenario } from '../../../lib/runner/scenario';

const scenario = (name: string): LoadedScenario =>
  ({
    name,
    description: `${name} <desc>`,
    file: `/s/${name}.scenario.json`,
    plan: { virtualMachines: [{ name: 'vm1' }] },
  }) as unknown as LoadedScenario;

const rec = (
  s: string,
  title: string,
  status: StepRecord['status'],
  startS: number,
  endS: number,
  extra: Partial<StepRecord> = {},
): StepRecord => ({
  scenario: s,
  file: `/s/${s}.scenario.json`,
  title,
  status,
  startedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, startS)).toISOString(),
  endedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, endS)).toISOString(),
  log: [`log of ${title} <b>`],
  ...extra,
});

describe('renderRunReport', () => {
  const html = renderRunReport({
    runId: 'run-1',
    target: 'the embedded lab',
    sourceProvider: 'vsphere',
    storageClass: 'nfs',
    scenarios: [scenario('sanity-cold'), scenario('other')],
    records: [
      rec('sanity-cold', 'create StorageMap-vsphere-nfs', 'passed', 0, 1),
      rec('sanity-cold', 'migrate VMs-vsphere-nfs', 'passed', 3, 9, {
        pipelines: [
          {
            vm: 'vm1',
            migration: 'm1',
            pipeline: [
              { name: 'Initialize', started: '2026-01-01T00:00:03Z', completed: '2026-01-01T00:00:04Z' },
              { name: 'DiskTransfer', started: '2026-01-01T00:00:04Z', completed: '2026-01-01T00:00:08Z' },
            ],
          },
        ],
      }),
      rec('sanity-cold', 'check VMs-vsphere-nfs', 'failed', 9, 10, {
        error: 'Post-migration validation failed',
        findings: [{ vm: 'vm1', check: 'cpu', subject: 'CPU sockets', expected: '2', actual: '3' }],
        gathers: ['must-gather/sanity-cold-check_VMs'],
      }),
      {
        ...rec('other', 'create StorageMap-vsphere-nfs', 'skipped', 0, 0),
        startedAt: undefined,
        endedAt: undefined,
        skipReason: 'gate: jira MTV-1',
      } as StepRecord,
    ],
  });

  it('names every scenario and each of its steps', () => {
    for (const s of ['sanity-cold', 'other']) expect(html).toContain(`<h2>${s} `);
    for (const step of ['create StorageMap', 'create NetworkMap', 'create Plan', 'migrate VMs', 'check VMs'])
      expect(html.split(`<td>${step}-vsphere-nfs</td>`).length - 1).toBe(2);
    expect(html).toContain('gate: jira MTV-1');
    expect(html).toMatch(/<td>create NetworkMap-vsphere-nfs<\/td><td><span class="badge not-run">not-run/);
  });

  it('draws a timeline of the steps and the VM pipeline phases', () => {
    const svg = /<svg class="timeline"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toContain('migrate VMs-vsphere-nfs');
    expect(svg).toContain('vm1 · DiskTransfer');
    expect(svg).toMatch(/<rect class="failed"/);
  });

  it('shows the findings per check and links the gathers', () => {
    expect(html).toContain('<td>vm1</td><td>cpu</td><td>CPU sockets</td><td>2</td><td>3</td>');
    expect(html).toContain('<a href="must-gather/sanity-cold-check_VMs/">');
  });

  it('loads nothing remote and escapes what it shows', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).toContain('log of check VMs-vsphere-nfs &lt;b&gt;');
    expect(html).toContain('sanity-cold &lt;desc&gt;');
  });
});
