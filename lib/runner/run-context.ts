/**
 * What the runner hands the suite's fixtures: the session inputs of every fixture set built on
 * `suiteBase` (run, log, report), the scenario input (scenario) and the step input (step).
 * The suite's own fixtures (fixtures/) extend suiteBase, so they can depend on these by name.
 */
import type { ClusterAccess } from '../k8s/connect';
import type { RunConfig, ConfigKey } from '../config/keys';
import type { ProviderType } from '../config/providers-file';
import type { Target } from '../config/target';
import { defineFixtures, typeOf } from '../fixtures';
import type { Logger } from '../log/logger';
import type { LoadedScenario } from './scenario';
import type { StepName } from './step-names';

export interface LabFaultRequest {
  name: string;
  value?: number;
}

/** Everything decided before Jest started, plus this worker's session id. */
export interface RunContext {
  /** One id per `npm test` run (all workers). */
  runId: string;
  /** This worker's session id (auto-xxxx): the prefix of every name the session creates. */
  sessionId: string;
  workerId: string;
  config: RunConfig;
  /** Where each config value came from (default, lab, file, env, --tc). */
  sources: Partial<Record<ConfigKey, string>>;
  target: Target;
  /** How to reach the cluster: the lab's kubeconfig for the lab, the named cluster otherwise. */
  access: ClusterAccess;
  providersPath: string;
  sourceProviderType: ProviderType | undefined;
  dataCollectorDir: string;
  /** <data-collector>/resources.json: every created object is written here the moment it exists. */
  trackedResourcesFile: string;
  /** --skip-teardown: fixtures that delete cluster or provider objects must leave them. */
  skipTeardown: boolean;
  /**
   * --skip-data-collector: no gathers (must-gather) are taken. The log, results, run report and
   * resources.json (needed for crash cleanup) are always written.
   */
  skipDataCollector: boolean;
  labFaults: LabFaultRequest[];
}

/** Session-level facts for the report (JUnit properties); e.g. report.setProperty('mtv_version', v). */
export interface RunReport {
  setProperty(name: string, value: string): void;
}

export interface StepInfo {
  name: StepName;
  /** The Jest test title: `<step>[ <plan>]-<source_provider>-<storage_class>`. */
  title: string;
  /** The plan the step acts on (undefined: "migrate VMs" over every plan); see StepContext. */
  plan: string | undefined;
  plans: readonly string[];
}

/** The base every suite fixture set extends. */
export const suiteBase = defineFixtures()
  .sessionInput('run', typeOf<RunContext>())
  .sessionInput('log', typeOf<Logger>())
  .sessionInput('report', typeOf<RunReport>())
  .scenarioInput('scenario', typeOf<LoadedScenario>())
  .stepInput('step', typeOf<StepInfo>());

export type SuiteBase = typeof suiteBase;
