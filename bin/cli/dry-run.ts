/**
 * --list (collect-only) and --plan (setup-plan). Both work from the scenario files and the suite
 * module alone: no cluster, no lab, nothing created.
 */
import { describePlan, type PlanScenario } from '../../lib/fixtures';
import type { RunSettings } from '../../lib/config/run-settings';
import { describeTarget } from '../../lib/config/target';
import { describeGates, staticGateSkip } from '../../lib/runner/gates';
import type { LoadedScenario } from '../../lib/runner/scenario';
import { entryTitle, scenarioSteps, type ScenarioStepEntry } from '../../lib/runner/scenario-steps';
import { PYTHON_STEP_METHODS, type StepKind } from '../../lib/runner/step-names';
import { type AnySuite } from '../../lib/runner/steps';
import { CliUsageError } from '../../exceptions/cli';
import type { JiraStatuses } from '../../lib/jira/client';

function gateSkip(s: LoadedScenario, settings: RunSettings, jira?: JiraStatuses): string | undefined {
  return staticGateSkip(s, {
    config: settings.config,
    sourceProviderType: settings.sourceProviderType,
    jira,
    labRemote: settings.target.kind === 'lab',
  });
}

function titlesOf(s: LoadedScenario, settings: RunSettings): Array<{ entry: ScenarioStepEntry; title: string }> {
  return scenarioSteps(s).map((entry) => ({
    entry,
    title: entryTitle(s, entry, settings.config.source_provider, settings.config.storage_class),
  }));
}

/** One scenario of `--list --json`. */
export interface ListedScenario {
  name: string;
  file: string;
  origin: string | null;
  description: string;
  markers: string[];
  /** In run order: the test title, the step kind, the plan(s) it acts on and the Python test method it ports. */
  steps: Array<{ title: string; kind: StepKind; plan: string | null; plans: string[]; python: string }>;
  /** The scenario's gates as written, and the reason it would be skipped with this run's settings (null: it runs). */
  gates: { declared: LoadedScenario['gates'] | null; description: string; skipReason: string | null };
}

/** `--list --json`: what the scenarios are and which Python tests they port; stdout carries only this. */
export function listJson(scenarios: readonly LoadedScenario[], settings: RunSettings, jira?: JiraStatuses): ListedScenario[] {
  return scenarios.map((s) => ({
    name: s.name,
    file: s.file,
    origin: s.origin ?? null,
    description: s.description,
    markers: [...s.markers],
    steps: titlesOf(s, settings).map(({ entry, title }) => ({
      title,
      kind: entry.kind,
      plan: entry.plan ?? null,
      plans: [...entry.plans],
      python: PYTHON_STEP_METHODS[entry.kind],
    })),
    gates: { declared: s.gates ?? null, description: describeGates(s), skipReason: gateSkip(s, settings, jira) ?? null },
  }));
}

export function listOutput(scenarios: readonly LoadedScenario[], settings: RunSettings, jira?: JiraStatuses): string {
  const lines = [`target: ${describeTarget(settings.target)}`, `${scenarios.length} scenario(s) selected`, ''];
  for (const s of scenarios) {
    const skip = gateSkip(s, settings, jira);
    lines.push(`${s.name}${skip ? `  [would be skipped: ${skip}]` : ''}`);
    lines.push(`  ${s.description}`);
    lines.push(`  markers: ${s.markers.join(', ') || 'none'}`);
    lines.push(`  gates: ${describeGates(s)}`);
    for (const { title } of titlesOf(s, settings)) lines.push(`    ${title}`);
  }
  const steps = scenarios.reduce((n, s) => n + scenarioSteps(s).length, 0);
  lines.push('', `${steps} steps in ${scenarios.length} scenario(s); nothing was run`);
  return lines.join('\n');
}

export function loadSuiteModule(file: string): AnySuite {
  let mod: { default?: Partial<AnySuite> };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the suite module is named at run time (--suite); the CLI runs under tsx, so a TypeScript module loads directly
    mod = require(file) as { default?: Partial<AnySuite> };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(file)) {
      throw new CliUsageError(
        `--plan needs the suite module ${file}, which does not exist; pass --suite <module> or create it (export default defineSuite(...))`,
      );
    }
    throw error;
  }
  const suite = mod.default;
  if (!suite || typeof suite.registration !== 'function' || !suite.fixtures) {
    throw new CliUsageError(`${file} must export default a Suite built with defineSuite(...) from lib/runner/steps.ts`);
  }
  return suite as AnySuite;
}

export function planOutput(scenarios: readonly LoadedScenario[], settings: RunSettings, suite: AnySuite): string {
  const plan: PlanScenario[] = scenarios.map((s) => {
    const skipReason = gateSkip(s, settings);
    return {
      title: s.name,
      uses: s.fixtures ?? [],
      steps: titlesOf(s, settings).map(({ entry, title }) => {
        const reg = suite.registration(entry.kind);
        return { title: reg ? title : `${title} (no body registered: this step will fail)`, uses: reg?.uses ?? [] };
      }),
      ...(skipReason ? { skipReason } : {}),
    };
  });
  return [
    `target: ${describeTarget(settings.target)}`,
    'scopes: S session (per worker), C scenario, T step',
    '',
    describePlan(suite.fixtures, plan),
    '',
    `nothing was set up: ${scenarios.length} scenario(s) planned`,
  ].join('\n');
}
