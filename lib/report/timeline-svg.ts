/**
 * The timeline of one scenario as inline SVG: a row per step (its bar from start to end, coloured
 * by status), then a row per VM and pipeline phase of its migration (Migration status.vms[].pipeline
 * started → completed; a phase still running at the end is drawn to the scenario's end). Plain SVG
 * text, no scripts, nothing loaded.
 */
import type { StepRecord } from './step-records';

export const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

interface Row {
  label: string;
  start: number;
  end: number;
  cls: string;
  tip: string;
}

const WIDTH = 960;
const LABEL_W = 300;
const ROW_H = 18;
const AXIS_H = 22;

const ms = (t: string | undefined): number | undefined => {
  const v = t ? Date.parse(t) : NaN;
  return Number.isNaN(v) ? undefined : v;
};

function rowsOf(steps: readonly StepRecord[]): Row[] {
  const rows: Row[] = [];
  for (const s of steps) {
    const start = ms(s.startedAt);
    const end = ms(s.endedAt);
    if (start === undefined || end === undefined) continue;
    rows.push({ label: s.title, start, end, cls: s.status, tip: `${s.title}: ${s.status}, ${((end - start) / 1000).toFixed(1)} s` });
    for (const vm of s.pipelines ?? []) {
      for (const p of vm.pipeline) {
        const ps = ms(p.started);
        if (ps === undefined) continue;
        const pe = ms(p.completed) ?? end;
        const cls = p.error ? 'failed' : p.completed ? 'phase' : 'running';
        rows.push({
          label: `  ${vm.vm} · ${p.name}`,
          start: ps,
          end: Math.max(pe, ps),
          cls,
          tip: `${vm.vm} ${p.name}: ${p.phase ?? ''} ${((Math.max(pe, ps) - ps) / 1000).toFixed(1)} s${p.error ? ` — ${p.error}` : ''}`,
        });
      }
    }
  }
  return rows;
}

/** The SVG element, or '' when no step has times (every step skipped). */
export function timelineSvg(steps: readonly StepRecord[]): string {
  const rows = rowsOf(steps);
  if (rows.length === 0) return '';
  const t0 = Math.min(...rows.map((r) => r.start));
  const t1 = Math.max(...rows.map((r) => r.end), t0 + 1);
  const scale = (WIDTH - LABEL_W - 10) / (t1 - t0);
  const x = (t: number): number => LABEL_W + (t - t0) * scale;
  const height = AXIS_H + rows.length * ROW_H + 4;
  const ticks = 5;
  const axis = Array.from({ length: ticks + 1 }, (_, i) => {
    const t = t0 + ((t1 - t0) * i) / ticks;
    return `<text class="tick" x="${x(t).toFixed(1)}" y="14" text-anchor="middle">${((t - t0) / 1000).toFixed(1)} s</text>`;
  }).join('');
  const bars = rows
    .map((r, i) => {
      const y = AXIS_H + i * ROW_H;
      const w = Math.max(2, (r.end - r.start) * scale);
      return (
        `<text class="label" x="4" y="${y + 13}">${escapeXml(r.label)}</text>` +
        `<rect class="${r.cls}" x="${x(r.start).toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW_H - 6}"><title>${escapeXml(r.tip)}</title></rect>`
      );
    })
    .join('');
  return `<svg class="timeline" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="timeline">${axis}${bars}</svg>`;
}
