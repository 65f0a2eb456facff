/**
 * The compact live console view (`--live`, or on by itself when stdout is a terminal): one line
 * per step start and end, and one per change of a VM's migration pipeline step, instead of the
 * stream of INFO lines (which still all go to mtv-tests.log; warnings and errors still reach the
 * console). Plain lines, no cursor movement: it stays readable in a CI log and with several
 * workers writing at once. Process-wide (a worker runs one step at a time).
 */
const LIVE = Symbol.for('mtv-tests.live-view');

interface LiveState {
  enabled: boolean;
  scenario: string;
  out: { write(s: string): unknown };
}

const state = ((globalThis as { [LIVE]?: LiveState })[LIVE] ??= { enabled: false, scenario: '', out: process.stdout });

export function enableLiveView(out: { write(s: string): unknown } = process.stdout): void {
  state.enabled = true;
  state.out = out;
}

export function liveViewEnabled(): boolean {
  return state.enabled;
}

function line(text: string): void {
  if (state.enabled) state.out.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

/** A line of the run's own (the worker's session and target), shown in the live view as in the INFO stream. */
export function liveNote(text: string): void {
  line(text);
}

export function liveStepStarted(scenario: string, title: string): void {
  state.scenario = scenario;
  line(`[${scenario}] RUN  ${title}`);
}

export function liveStepEnded(scenario: string, title: string, status: 'passed' | 'failed' | 'skipped', detail: string): void {
  const word = status === 'passed' ? 'PASS' : status === 'failed' ? 'FAIL' : 'SKIP';
  line(`[${scenario}] ${word} ${title}${detail ? ` ${detail}` : ''}`);
}

/** A VM's pipeline step changed phase (utilities/mtv-migration's ProgressLogger reports it); Pending steps are not news. */
export function liveVmProgress(vm: string, step: string, phase: string, progress?: { completed?: number; total?: number }): void {
  if (phase === 'Pending') return;
  const done = progress && (progress.total ?? 0) > 1 ? ` ${progress.completed ?? 0}/${progress.total}` : '';
  line(`[${state.scenario}]      VM ${vm}: ${step} ${phase}${done}`);
}
