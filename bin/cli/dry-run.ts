/**
 * --list (collect-only) and --plan (setup-plan). Both work from the scenario files and the suite
 * module alone: no cluster, no lab, nothing created.
 */
import { describePlan, type PlanScenario } from '../../lib/fixtures';
import type { RunSettings } from '../../lib/config/run-settings';
import { describeTarget } from '../../lib/config/target';
import { describeGates, staticGateSkip } from '../../lib/runner/gates';
import type { LoadedScenario } from '../../lib/runner/scenario';
import { STEP_NAMES, stepTitle } from '../../lib/runner/step-names';
import { type AnySuite } from '../../lib/runner/steps';
import { CliUsageError } from '../../exceptions/cli';

function gateSkip(s: LoadedScenario, settings: RunSettings): string | undefined {
  return staticGateSkip(s, { config: settings.config, sourceProviderType: settings.sourceProviderType });
}

export function listOutput(scenarios: readonly LoadedScenario[], settings: RunSettings): string {
  const lines = [`target: ${describeTarget(settings.target)}`, `${scenarios.length} scenario(s) selected`, ''];
  for (const s of scenarios) {
    const skip = gateSkip(s, settings);
    lines.push(`${s.name}${skip ? `  [would be skipped: ${skip}]` : ''}`);
    lines.push(`  ${s.description}`);
    lines.push(`  markers: ${s.markers.join(', ') || 'none'}`);
    lines.push(`  gates: ${describeGates(s)}`);
    for (const step of STEP_NAMES) lines.push(`    ${stepTitle(step, settings.config.source_provider, settings.config.storage_class)}`);
  }
  lines.push('', `${scenarios.length * STEP_NAMES.length} steps in ${scenarios.length} scenario(s); nothing was run`);
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
      steps: STEP_NAMES.map((step) => {
        const reg = suite.registration(step);
        const title = stepTitle(step, settings.config.source_provider, settings.config.storage_class);
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
