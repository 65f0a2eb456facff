/**
 * One scenario of a worker's session (lib/environment/worker-session.ts starts it): its steps run
 * one at a time with the scenario's fixture scope, each recorded (step records, live view, log
 * capture for the JUnit system-out), a failed step's later steps skipped, and the scope torn down
 * at the end. Everything here runs in the worker's outer realm, like the session.
 */
import { errorMessage, MtvTestsError } from '../../exceptions/base';
import type { FixtureScope } from '../fixtures';
import { captureLines, childLogger } from '../log/logger';
import { redactText } from '../log/redact';
import { liveStepEnded, liveStepStarted } from '../report/live-view';
import { findingsOf, writeStepRecord, type StepRecord } from '../report/step-records';
import type { StepInfo } from '../runner/run-context';
import type { LoadedScenario } from '../runner/scenario';
import { entryTitle, type ScenarioStepEntry } from '../runner/scenario-steps';
import { SINGLE_PLAN, type StepKind } from '../runner/step-names';
import { MissingStepImplementationError } from '../runner/steps';
import type { WorkerSession } from './worker-session';

/**
 * Errors leave the session through Jest (console, JUnit, --json results), which knows nothing of
 * our redaction: mask the message and stack in place before they go.
 */
export function redactError(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return typeof error === 'string' ? redactText(error) : error;
  const e = error as { message?: unknown; stack?: unknown };
  try {
    if (typeof e.message === 'string') e.message = redactText(e.message);
    if (typeof e.stack === 'string') e.stack = redactText(e.stack);
  } catch {
    return new Error(redactText(errorMessage(error)));
  }
  return error;
}
export class StepFailedWithTeardownError extends MtvTestsError {}

export class ScenarioRun {
  private running: { name: string; controller: AbortController } | undefined;
  /** Later steps an earlier step's body marked to be skipped (StepContext.skipLater), by the environment's step name. */
  private readonly plannedSkips = new Map<string, string>();
  /** The gathers taken when the scenario could not start (the first step's record names them). */
  startGathers: string[] = [];

  constructor(
    private readonly session: WorkerSession,
    readonly scenario: LoadedScenario,
    private readonly scope: FixtureScope | undefined,
    /** Set when a gate skips the whole scenario. */
    readonly skipReason: string | undefined,
    /** Set when the scenario could not start; the first step fails with it. */
    readonly startError: unknown,
    /** The session's tracked-object count when the scenario began (StepDiagnostics.mark). */
    private readonly mark = 0,
  ) {}

  private title(entry: ScenarioStepEntry): string {
    const { source_provider: provider, storage_class: storageClass } = this.session.options.config;
    return entryTitle(this.scenario, entry, provider, storageClass);
  }

  private record(title: string, fields: Omit<StepRecord, 'scenario' | 'file' | 'title'>): void {
    try {
      writeStepRecord(this.session.options.dataCollectorDir, { scenario: this.scenario.name, file: this.scenario.file, title, ...fields });
    } catch (error) {
      childLogger({ scenario: this.scenario.name }).warn(`could not record step ${title} for the report: ${errorMessage(error)}`);
    }
  }

  /** Runs one step entry (lib/runner/scenario-steps.ts); a bare kind means that kind on the single plan. */
  async runStep(stepEntry: ScenarioStepEntry | StepKind): Promise<void> {
    const entry: ScenarioStepEntry =
      typeof stepEntry === 'string' ? { kind: stepEntry, plan: SINGLE_PLAN, plans: [SINGLE_PLAN] } : stepEntry;
    const label = `${entry.kind}${entry.plan && entry.plan !== SINGLE_PLAN ? ` ${entry.plan}` : entry.plan ? '' : ' (all plans)'}`;
    const title = this.title(entry);
    const capture = captureLines();
    const startedAt = new Date().toISOString();
    liveStepStarted(this.scenario.name, title);
    let failure: unknown;
    try {
      await this.execute(entry, title, label);
    } catch (error) {
      failure = error;
    }
    await this.recordRun(entry, label, title, { startedAt, failure, log: capture });
    if (failure !== undefined) throw failure;
  }

  /** The record of a step that ran (with its gathers when it failed, its pipelines when it migrated) and its live line. */
  private async recordRun(
    entry: ScenarioStepEntry,
    label: string,
    title: string,
    run: { startedAt: string; failure: unknown; log: { stop(): string[] } },
  ): Promise<void> {
    const { startedAt, failure } = run;
    const endedAt = new Date().toISOString();
    const diagnostics = this.session.diagnostics;
    let gathers: string[] = [];
    if (failure !== undefined)
      gathers =
        this.startError !== undefined ? this.startGathers : await diagnostics.gatherForStep(`${this.scenario.name}-${label}`, this.mark);
    const pipelines = entry.kind === 'migrate VMs' ? await diagnostics.pipelines(this.mark) : [];
    const findings = findingsOf(failure, redactText);
    const error = failure === undefined ? undefined : redactText(errorMessage(failure));
    this.record(title, {
      status: error === undefined ? 'passed' : 'failed',
      startedAt,
      endedAt,
      ...(error !== undefined ? { error } : {}),
      log: run.log.stop(),
      ...(pipelines.length ? { pipelines } : {}),
      ...(findings.length ? { findings } : {}),
      ...(gathers.length ? { gathers } : {}),
    });
    const seconds = `${((Date.parse(endedAt) - Date.parse(startedAt)) / 1000).toFixed(1)} s`;
    liveStepEnded(
      this.scenario.name,
      title,
      error === undefined ? 'passed' : 'failed',
      `${seconds}${error ? `: ${error.split('\n')[0]}` : ''}`,
    );
  }

  /** A step the environment skips (gate, previous step failed, planned skip): recorded for the report. */
  recordSkipped(title: string, reason: string): void {
    this.record(title, { status: 'skipped', skipReason: reason || this.skipReason || '', log: [] });
    liveStepEnded(this.scenario.name, title, 'skipped', reason || this.skipReason || '');
  }

  private async execute(entry: ScenarioStepEntry, title: string, label: string): Promise<void> {
    const name = entry.kind;
    if (this.startError !== undefined) throw redactError(this.startError);
    if (!this.scope) throw new MtvTestsError(`scenario ${this.scenario.name} is not running`);
    const registration = this.session.suite.registration(name);
    if (!registration) throw new MissingStepImplementationError(name, this.session.options.suiteModule);
    const step: StepInfo = { name, title, plan: entry.plan, plans: entry.plans };
    const log = childLogger({ scenario: this.scenario.name, step: label });
    const scope = this.scope.openStep({ step });
    const controller = new AbortController();
    this.running = { name: label, controller };
    log.info(`step ${title} starts`);
    let failure: unknown;
    try {
      const fixtures = await scope.resolve(registration.uses);
      await registration.run({
        fixtures,
        scenario: this.scenario,
        step: name,
        plan: entry.plan,
        plans: entry.plans,
        run: this.session.run,
        log,
        signal: controller.signal,
        // The step's own plan: in a multi-plan scenario the environment names steps `<kind> <plan>`.
        skipLater: (later, reason) =>
          this.plannedSkips.set(entry.plan && entry.plan !== SINGLE_PLAN ? `${later} ${entry.plan}` : later, reason),
      });
    } catch (error) {
      failure = error;
    } finally {
      if (this.running?.controller === controller) this.running = undefined;
    }
    try {
      await scope.teardown();
    } catch (teardownError) {
      if (failure === undefined) failure = teardownError;
      else
        failure = new StepFailedWithTeardownError(
          `${errorMessage(failure)}\n(and the step's fixture teardown failed too: ${errorMessage(teardownError)})`,
          { cause: failure },
        );
    }
    if (failure !== undefined) {
      log.error(`step ${title} failed: ${errorMessage(failure)}`);
      throw redactError(failure);
    }
    log.info(`step ${title} passed`);
  }

  /** The reason an earlier step gave for skipping this step, or undefined when it runs. */
  skipReasonFor(name: string): string | undefined {
    return this.plannedSkips.get(name);
  }

  /** Jest finished with a step whose body still runs (it timed out): tell the body to stop. */
  abortRunningStep(reason: string): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    childLogger({ scenario: this.scenario.name, step: running.name }).error(
      `step ${running.name} is still running after Jest ended it (${reason}); aborting it`,
    );
    running.controller.abort(new MtvTestsError(`step ${running.name} aborted: ${reason}`));
  }

  async end(): Promise<void> {
    if (!this.scope) return;
    try {
      await this.scope.teardown();
    } catch (error) {
      childLogger({ scenario: this.scenario.name }).error(`scenario teardown failed: ${errorMessage(error)}`);
      throw redactError(error);
    }
  }
}

// One session per worker process, shared by every scenario file; kept on the process-wide
// globalThis so that global teardown (in-band runs) finds the same instance.
