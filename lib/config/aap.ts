/**
 * AAP settings a run needs for scenarios with AAP hooks: aap_url and aap_token from the run config
 * (optionally aap_ca_file), or, on the lab, what the lab's AAP simulator publishes. On a real
 * cluster the CLI refuses to start such a scenario without them (one line naming the setting).
 */
import { AapSettingMissingError } from '../../exceptions/hooks';
import type { RunConfig } from './keys';
import type { Target } from './target';
import type { LoadedScenario } from '../runner/scenario';
import { scenarioPlans } from '../runner/scenario-steps';

/** True when a hook of the scenario is an AAP job template (by id or by name) or the scenario carries the aap marker. */
export function scenarioUsesAap(scenario: LoadedScenario): boolean {
  const hooks = scenarioPlans(scenario).flatMap(([, plan]) => [plan.preHook, plan.postHook]);
  return scenario.markers.includes('aap') || hooks.some((h) => h?.aapJobTemplateId !== undefined || h?.aapJobTemplateName !== undefined);
}

/** The first AAP setting a real-cluster run lacks, or undefined. */
export function missingAapSetting(config: RunConfig): 'aap_url' | 'aap_token' | undefined {
  if (!config.aap_url) return 'aap_url';
  if (!config.aap_token) return 'aap_token';
  return undefined;
}

/** Before anything is created: a scenario needing AAP on a real cluster without AAP settings stops the run. */
export function requireAapSettings(scenarios: readonly LoadedScenario[], config: RunConfig, target: Target): void {
  if (target.kind === 'lab') return;
  const missing = missingAapSetting(config);
  const needing = scenarios.find(scenarioUsesAap);
  if (needing && missing) throw new AapSettingMissingError(needing.name, missing);
}
