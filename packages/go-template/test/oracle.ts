/**
 * Client of test/oracle (a Go program: Go text/template + sprig restricted to Forklift's list).
 * One oracle process renders a whole batch: requests go in as JSON lines, answers come back in order.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export type DataType = 'PVCNameTemplateData' | 'VolumeNameTemplateData' | 'NetworkNameTemplateData' | 'map';

export interface TemplateCase {
  readonly template: string;
  readonly dataType?: DataType;
  /** Struct fields by Go name, or the map's JSON. */
  readonly data?: Readonly<Record<string, unknown>>;
}

export type Outcome = { output: string } | { error: string; kind: 'parse' | 'exec' };

const BUILD = path.join(__dirname, 'oracle/build.sh');

export const ORACLE_PACKAGES = 'golang-go golang-github-masterminds-sprig-dev';

/** Builds the oracle (skipped when up to date); returns its path and Go version, or why it is unavailable. */
export function buildOracle(): { path: string; goVersion: string } | { unavailable: string } {
  const r = spawnSync('sh', [BUILD], { encoding: 'utf8', timeout: 180_000 });
  if (r.status === 0) {
    const v = spawnSync('go', ['env', 'GOVERSION'], { encoding: 'utf8', timeout: 30_000 });
    return { path: r.stdout.trim().split('\n').pop() as string, goVersion: v.stdout.trim() };
  }
  const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim();
  return { unavailable: `Go template oracle unavailable (${why}); install Debian packages ${ORACLE_PACKAGES}` };
}

/** Renders every case with the oracle in one process. */
export function runOracle(binary: string, cases: readonly TemplateCase[]): Outcome[] {
  const input =
    cases
      .map((c) => JSON.stringify({ template: c.template, data: c.data ?? {}, dataType: c.dataType ?? 'PVCNameTemplateData' }))
      .join('\n') + '\n';
  const r = spawnSync(binary, [], { input, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`oracle failed (status ${r.status}): ${r.stderr || r.error?.message}`);
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== cases.length) throw new Error(`oracle answered ${lines.length} of ${cases.length} cases`);
  return lines.map((l, i) => {
    const o = JSON.parse(l) as { output?: string; error?: string; kind?: string };
    if (o.kind === 'input') throw new Error(`oracle rejected case ${i} (${JSON.stringify(cases[i])}): ${o.error}`);
    if (o.output !== undefined) return { output: o.output };
    return { error: o.error ?? '', kind: o.kind as 'parse' | 'exec' };
  });
}
