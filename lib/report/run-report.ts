/**
 * The run report: one self-contained HTML file (<data-collector>/report.html) with, per scenario,
 * its steps (status, duration, error or skip reason, log), an SVG timeline of the steps and of
 * each VM's migration pipeline phases, the failed checks as a table, and links to the gathers
 * (relative paths inside the data collector). Inline CSS only: no script, no remote asset.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LoadedScenario } from '../runner/scenario';
import { entryTitle, scenarioSteps } from '../runner/scenario-steps';
import type { CheckFinding, StepRecord } from './step-records';
import { escapeXml as esc, timelineSvg } from './timeline-svg';

export const REPORT_FILE_NAME = 'report.html';

export interface RunReportInput {
  runId: string;
  target: string;
  sourceProvider: string | undefined;
  storageClass: string | undefined;
  scenarios: readonly LoadedScenario[];
  records: readonly StepRecord[];
}

interface StepRow {
  title: string;
  record: StepRecord | undefined;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1b1f24}
h1{font-size:20px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ccd}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}
.badge.passed,rect.passed{background:#2da44e;fill:#2da44e}.badge.failed,rect.failed{background:#cf222e;fill:#cf222e}
.badge.skipped,rect.skipped{background:#8c959f;fill:#8c959f}.badge.not-run{background:#bf8700}
rect.phase{fill:#54aeff}rect.running{fill:#d4a72c}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:3px 8px;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-height:420px;font-size:12px}
svg.timeline text{font:11px monospace;fill:#1b1f24}svg.timeline text.tick{fill:#57606a}
`;

function duration(r: StepRecord | undefined): string {
  if (!r?.startedAt || !r.endedAt) return '';
  return `${((Date.parse(r.endedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s`;
}

function statusOf(r: StepRecord | undefined): string {
  return r?.status ?? 'not-run';
}

function findingsTable(findings: readonly CheckFinding[]): string {
  const rows = findings
    .map(
      (f) =>
        `<tr><td>${esc(f.vm)}</td><td>${esc(f.check)}</td><td>${esc(f.subject)}</td><td>${esc(f.expected)}</td><td>${esc(f.actual)}</td></tr>`,
    )
    .join('');
  return `<table><tr><th>VM</th><th>check</th><th>subject</th><th>expected</th><th>actual</th></tr>${rows}</table>`;
}

function stepDetails(row: StepRow): string {
  const r = row.record;
  if (!r) return '';
  const parts: string[] = [];
  if (r.error) parts.push(`<pre>${esc(r.error)}</pre>`);
  if (r.findings?.length) parts.push(findingsTable(r.findings));
  if (r.gathers?.length) parts.push(`<p>gathers: ${r.gathers.map((g) => `<a href="${esc(encodeURI(g))}/">${esc(g)}</a>`).join(', ')}</p>`);
  if (r.log.length) parts.push(`<details><summary>log (${r.log.length} lines)</summary><pre>${esc(r.log.join('\n'))}</pre></details>`);
  return parts.join('');
}

function scenarioSection(s: LoadedScenario, input: RunReportInput): string {
  const byTitle = new Map(input.records.filter((r) => r.scenario === s.name).map((r) => [r.title, r]));
  const rows: StepRow[] = scenarioSteps(s).map((e) => {
    const title = entryTitle(s, e, input.sourceProvider, input.storageClass);
    return { title, record: byTitle.get(title) };
  });
  const statuses = rows.map((r) => statusOf(r.record));
  const overall = statuses.includes('failed')
    ? 'failed'
    : statuses.every((x) => x === 'skipped')
      ? 'skipped'
      : statuses.includes('not-run')
        ? 'not-run'
        : 'passed';
  const table = rows
    .map((row) => {
      const r = row.record;
      const note = r?.status === 'skipped' ? esc(r.skipReason ?? '') : '';
      return `<tr><td>${esc(row.title)}</td><td><span class="badge ${statusOf(r)}">${statusOf(r)}</span></td><td>${duration(r)}</td><td>${note}${stepDetails(row)}</td></tr>`;
    })
    .join('');
  const svg = timelineSvg(rows.flatMap((r) => (r.record ? [r.record] : [])));
  return (
    `<section id="${esc(s.name)}"><h2>${esc(s.name)} <span class="badge ${overall}">${overall}</span></h2>` +
    `<p>${esc(s.description ?? '')}</p>${svg}` +
    `<table><tr><th>step</th><th>status</th><th>duration</th><th>details</th></tr>${table}</table></section>`
  );
}

export function renderRunReport(input: RunReportInput): string {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of input.records) counts[r.status] += 1;
  const index = input.scenarios.map((s) => `<li><a href="#${esc(encodeURIComponent(s.name))}">${esc(s.name)}</a></li>`).join('');
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>mtv-tests run ${esc(input.runId)}</title><style>${STYLE}</style></head><body>` +
    `<h1>mtv-tests run ${esc(input.runId)}</h1>` +
    `<p>target: ${esc(input.target)} · source provider: ${esc(input.sourceProvider ?? 'unset')} · storage class: ${esc(input.storageClass ?? 'unset')} · ` +
    `steps: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped</p><ul>${index}</ul>` +
    input.scenarios.map((s) => scenarioSection(s, input)).join('') +
    `</body></html>\n`
  );
}

export function writeRunReport(dataCollectorDir: string, input: RunReportInput): string {
  const file = path.join(dataCollectorDir, REPORT_FILE_NAME);
  fs.writeFileSync(file, renderRunReport(input));
  return file;
}
