/** Reading status conditions (Forklift, KubeVirt and core all use {type, status, reason?, message?}). */
export interface ConditionLike {
  type: string;
  status: string;
  category?: string;
  reason?: string;
  message?: string;
  items?: string[];
}

export function conditionsOf(obj: unknown): ConditionLike[] {
  const conds = (obj as { status?: { conditions?: unknown } } | undefined)?.status?.conditions;
  return Array.isArray(conds) ? (conds as ConditionLike[]) : [];
}

export function findCondition(obj: unknown, type: string): ConditionLike | undefined {
  return conditionsOf(obj).find((c) => c.type === type);
}

export function hasTrueCondition(obj: unknown, type: string): boolean {
  return findCondition(obj, type)?.status === 'True';
}

/** The first True condition of category Critical (Forklift's "cannot proceed" conditions), for a wait's terminalIf. */
export function criticalCondition(obj: unknown): ConditionLike | undefined {
  return conditionsOf(obj).find((c) => c.category === 'Critical' && c.status === 'True');
}

/** One line per condition: `Ready=True [Required] : The plan is ready.` — what a human needs on failure. */
export function formatConditions(obj: unknown): string {
  const conds = conditionsOf(obj);
  if (conds.length === 0) return '(no conditions)';
  return conds
    .map((c) => {
      const cat = c.category ? ` [${c.category}]` : '';
      const reason = c.reason ? ` (${c.reason})` : '';
      const items = c.items?.length ? ` items: ${c.items.join(', ')}` : '';
      return `${c.type}=${c.status}${cat}${reason}${c.message ? `: ${c.message}` : ''}${items}`;
    })
    .join('; ');
}
