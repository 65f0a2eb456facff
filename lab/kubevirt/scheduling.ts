/**
 * The scheduling decision kube-scheduler makes for a virt-launcher pod, reduced to what VMs use:
 * nodeSelector, required node affinity (nodeSelectorTerms with matchExpressions / matchFields),
 * preferred node affinity as a score, NoSchedule taints, unschedulable nodes and node readiness.
 * Pure functions over plain Node objects.
 */
import type { KubeObject } from '../apiserver/contract';

export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] };
  preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight: number; preference: NodeSelectorTerm }>;
}
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: string;
}
export interface SchedulingInput {
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: NodeAffinity };
  tolerations?: Toleration[];
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || values.length !== 1) return false;
      const a = Number(value);
      const b = Number(values[0]);
      if (!Number.isInteger(a) || !Number.isInteger(b)) return false;
      return req.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields match; an empty term matches nothing (as in Kubernetes). */
export function termMatches(node: KubeObject, term: NodeSelectorTerm): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((r) => requirementMatches(r, labels[r.key])) &&
    fields.every((r) => requirementMatches(r, r.key === 'metadata.name' ? node.metadata.name : undefined))
  );
}

export function matchesNodeSelector(node: KubeObject, selector: Record<string, string> | undefined): boolean {
  const labels = node.metadata.labels ?? {};
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

export function matchesRequiredAffinity(node: KubeObject, affinity: NodeAffinity | undefined): boolean {
  const terms = affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => termMatches(node, t));
}

function tolerates(tolerations: Toleration[], taint: { key: string; value?: string; effect: string }): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key) return t.operator === 'Exists';
    if (t.key !== taint.key) return false;
    return t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

type NodeTaint = { key: string; value?: string; effect: string };

/** Why the node itself takes no workload (cordoned, not ready, an untolerated taint), or undefined. */
function nodeStateRejection(node: KubeObject, tolerations: NonNullable<SchedulingInput['tolerations']>): string | undefined {
  const spec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: NodeTaint[] };
  const status = (node.status ?? {}) as { conditions?: Array<{ type: string; status: string }> };
  if (spec.unschedulable) return 'node(s) were unschedulable';
  const ready = (status.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready && ready.status !== 'True') return 'node(s) were not ready';
  const untolerated = (spec.taints ?? []).find(
    (taint) => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !tolerates(tolerations, taint),
  );
  return untolerated ? `node(s) had untolerated taint {${untolerated.key}: ${untolerated.value ?? ''}}` : undefined;
}

/** Why `node` cannot run the workload, or undefined if it can. */
export function nodeRejection(node: KubeObject, input: SchedulingInput, opts: { ignoreNodeSelector?: boolean } = {}): string | undefined {
  const state = nodeStateRejection(node, input.tolerations ?? []);
  if (state) return state;
  if (!opts.ignoreNodeSelector && !matchesNodeSelector(node, input.nodeSelector))
    return "node(s) didn't match Pod's node affinity/selector";
  if (!matchesRequiredAffinity(node, input.affinity?.nodeAffinity)) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

export type ScheduleResult = { node: string } | { unschedulable: string };

/**
 * Picks a node: feasible nodes ranked by preferred-affinity weight, then by how few VMIs they
 * already run, then by name. With `dropNodeSelector` (lab fault) the nodeSelector is ignored and a
 * node that does NOT satisfy it is preferred, so the misplacement is visible.
 */
export function scheduleVmi(
  nodes: readonly KubeObject[],
  input: SchedulingInput,
  load: ReadonlyMap<string, number>,
  opts: { dropNodeSelector?: boolean } = {},
): ScheduleResult {
  const dropping = Boolean(opts.dropNodeSelector) && Object.keys(input.nodeSelector ?? {}).length > 0;
  const feasible = nodes.filter((n) => nodeRejection(n, input, { ignoreNodeSelector: dropping }) === undefined);
  if (!feasible.length) {
    const reasons = new Map<string, number>();
    for (const n of nodes) {
      const r = nodeRejection(n, input) ?? 'unknown';
      reasons.set(r, (reasons.get(r) ?? 0) + 1);
    }
    const detail = [...reasons].map(([r, c]) => `${c} ${r}`).join(', ');
    return {
      unschedulable: `0/${nodes.length} nodes are available: ${detail}. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.`,
    };
  }
  const preferred = input.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  const score = (n: KubeObject): number => {
    let s = preferred.reduce((acc, p) => acc + (termMatches(n, p.preference) ? p.weight : 0), 0);
    if (dropping && !matchesNodeSelector(n, input.nodeSelector)) s += 1000;
    return s;
  };
  const ranked = [...feasible].sort(
    (a, b) =>
      score(b) - score(a) ||
      (load.get(a.metadata.name ?? '') ?? 0) - (load.get(b.metadata.name ?? '') ?? 0) ||
      (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''),
  );
  return { node: ranked[0]?.metadata.name ?? '' };
}
