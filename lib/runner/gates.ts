/**
 * Scenario gates: conditions under which a scenario is skipped. The reason always names the gate
 * and what would lift it. Static gates are known before anything runs (--list shows them); the
 * MTV-version gate needs the cluster and is evaluated when the scenario starts.
 */
import type { RunConfig } from '../config/keys';
import type { ProviderType } from '../config/providers-file';
import type { JiraStatuses } from '../jira/client';
import type { Scenario } from './scenario';
import { sourceTypeSkip } from './source-type-skips';

export interface GateContext {
  config: RunConfig;
  sourceProviderType: ProviderType | undefined;
  /** With --jira: the live status of every gated issue (fetched once by the CLI). Without: gates block, as declared. */
  jira?: JiraStatuses | undefined;
  /** The target is the embedded lab, which runs its own remote cluster (it names it when it starts). */
  labRemote?: boolean;
}

/** The first static gate that blocks the scenario, as a skip reason; undefined when it may run. */
export function staticGateSkip(scenario: Scenario, ctx: GateContext): string | undefined {
  const gates = scenario.gates ?? {};
  const type = ctx.sourceProviderType;
  if (type && gates.unsupportedSourceTypes?.includes(type)) {
    return `gate unsupportedSourceTypes: ${scenario.name} does not support source provider type ${type}`;
  }
  if (gates.needsSourceTlsVerify && ctx.config.source_provider_insecure_skip_verify) {
    return 'gate needsSourceTlsVerify: source_provider_insecure_skip_verify is true, so the provider Secret carries no CA certificate to verify (pass --tc source_provider_insecure_skip_verify:false)';
  }
  if (gates.needsRemoteCluster && !ctx.config.remote_ocp_cluster && !ctx.labRemote) {
    return 'gate needsRemoteCluster: remote_ocp_cluster is not set (pass --tc remote_ocp_cluster:<cluster name>)';
  }
  return jiraGateSkip(scenario, ctx);
}

/** pytest-jira's run=False: an unresolved issue skips; with live statuses a resolved one lets the scenario run. */
function jiraGateSkip(scenario: Scenario, ctx: GateContext): string | undefined {
  const type = ctx.sourceProviderType;
  for (const j of scenario.gates?.jira ?? []) {
    if (j.sourceTypes && !(type && j.sourceTypes.includes(type))) continue;
    const scope = j.sourceTypes ? ` for source type ${type}` : '';
    const live = ctx.jira?.[j.issue];
    if (!live) return `gate jira: blocked by open issue ${j.issue}${scope}`;
    if (!live.resolved) return `gate jira: blocked by ${j.issue}${scope}, status ${live.status} (unresolved)`;
  }
  return sourceTypeSkip(scenario.markers, type);
}

/** Every Jira issue key the scenarios' gates name (what --jira looks up). */
export function gatedJiraIssues(scenarios: readonly Scenario[]): string[] {
  return [...new Set(scenarios.flatMap((s) => (s.gates?.jira ?? []).map((j) => j.issue)))].sort();
}

/** Numeric comparison of dotted versions ("2.10.1" > "2.9"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function versionGateSkip(scenario: Scenario, mtvVersion: string): string | undefined {
  const min = scenario.gates?.minMtvVersion;
  if (min && compareVersions(mtvVersion, min) < 0) return `gate minMtvVersion: needs MTV >= ${min}, the cluster has ${mtvVersion}`;
  return undefined;
}

/** One-line description of a scenario's gates for --list. */
export function describeGates(scenario: Scenario): string {
  const g = scenario.gates ?? {};
  const parts: string[] = [];
  if (g.unsupportedSourceTypes?.length) parts.push(`unsupported source types: ${g.unsupportedSourceTypes.join(', ')}`);
  if (g.needsRemoteCluster) parts.push('needs remote_ocp_cluster');
  if (g.minMtvVersion) parts.push(`MTV >= ${g.minMtvVersion}`);
  for (const j of g.jira ?? []) parts.push(`jira ${j.issue}${j.sourceTypes ? ` (${j.sourceTypes.join(', ')})` : ''}`);
  return parts.join('; ') || 'none';
}
