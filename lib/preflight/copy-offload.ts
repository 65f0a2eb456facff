/**
 * The copy-offload half of the pre-flight: every copy-offload plan of the selected scenarios finds
 * what it needs in the source entry's `copyoffload` section (or its COPYOFFLOAD_* overrides) —
 * storage login, the vendor's keys, the datastores its disks name, the RDM LUN, the ESXi login for
 * the ssh clone method — before anything is created. A scenario a gate skips on this source type
 * (copy-offload needs vSphere) is not checked.
 */
import { CopyOffloadConfigError } from '../../exceptions/copy-offload';
import { checkCopyOffloadPlan } from '../config/copy-offload';
import type { ProviderEntry } from '../config/providers-file';
import type { LoadedScenario } from '../runner/scenario';
import { scenarioPlans } from '../runner/scenario-steps';

export interface CopyOffloadPreflight {
  key: string;
  entry: ProviderEntry;
  providersPath: string;
  scenarios: readonly LoadedScenario[];
  env?: NodeJS.ProcessEnv;
}

/** True when a plan of the scenario uses the XCOPY copy-offload plugin. */
export function usesCopyOffload(scenario: LoadedScenario): boolean {
  return scenarioPlans(scenario).some(([, plan]) => plan.copyoffload === true);
}

export function checkCopyOffloadScenarios(p: CopyOffloadPreflight): void {
  if (p.entry.type !== 'vsphere') return;
  const src = { entryKey: p.key, providersPath: p.providersPath, entry: p.entry, env: p.env ?? process.env };
  for (const scenario of p.scenarios) {
    for (const [name, plan] of scenarioPlans(scenario)) {
      if (plan.copyoffload !== true) continue;
      try {
        checkCopyOffloadPlan(src, plan);
      } catch (error) {
        if (!(error instanceof CopyOffloadConfigError)) throw error;
        throw new CopyOffloadConfigError(p.key, p.providersPath, `scenario ${scenario.name} plan ${name}: ${error.detail}`);
      }
    }
  }
}
