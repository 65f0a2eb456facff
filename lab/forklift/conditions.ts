/**
 * Forklift's condition list semantics (pkg/lib/condition): every condition is set with status
 * "True"; a condition that no longer applies is removed, not set to "False"; a type appears once.
 * Reconcilers "stage" a fresh list each round: the types set this round survive, durable ones are
 * kept, everything else is dropped. lastTransitionTime only moves when a condition really changes.
 */
import { nowTimestamp } from '../apiserver/objects';

export type Category = 'Critical' | 'Error' | 'Warn' | 'Required' | 'Advisory';

export interface Condition {
  type: string;
  status: 'True' | 'False';
  category: Category | string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
  suggestion?: string;
  durable?: boolean;
  items?: string[];
}

/** What a reconciler asserts; status is always "True" and the timestamp is filled in on commit. */
export interface NewCondition {
  type: string;
  category: Category;
  reason?: string;
  message?: string;
  durable?: boolean;
  items?: string[];
}

export function isBlocker(c: { category: string }): boolean {
  return c.category === 'Critical' || c.category === 'Error';
}

export function findCondition(list: readonly Condition[] | undefined, type: string): Condition | undefined {
  return list?.find((c) => c.type === type);
}

export function hasCondition(list: readonly Condition[] | undefined, type: string): boolean {
  return findCondition(list, type) !== undefined;
}

function sameContent(a: Condition, b: NewCondition): boolean {
  return (
    a.category === b.category &&
    (a.reason ?? '') === (b.reason ?? '') &&
    (a.message ?? '') === (b.message ?? '') &&
    Boolean(a.durable) === Boolean(b.durable) &&
    JSON.stringify(a.items ?? []) === JSON.stringify(b.items ?? [])
  );
}

function materialize(c: NewCondition, previous: Condition | undefined): Condition {
  if (previous && sameContent(previous, c)) return previous;
  const out: Condition = { type: c.type, status: 'True', category: c.category, lastTransitionTime: nowTimestamp() };
  if (c.reason !== undefined) out.reason = c.reason;
  if (c.message !== undefined) out.message = c.message;
  if (c.durable) out.durable = true;
  if (c.items && c.items.length > 0) out.items = [...c.items];
  return out;
}

/**
 * One reconcile round over a condition list. set() replaces by type (so repeated types keep only
 * the last, as Forklift's SetCondition does); commit() returns the new list: conditions set this
 * round plus durable survivors of the previous list.
 */
export class ConditionStage {
  private readonly staged = new Map<string, NewCondition>();
  constructor(private readonly previous: readonly Condition[] = []) {}

  set(c: NewCondition): void {
    this.staged.delete(c.type); // keep insertion order of the latest set
    this.staged.set(c.type, c);
  }

  has(type: string): boolean {
    return this.staged.has(type);
  }

  hasBlocker(): boolean {
    return [...this.staged.values()].some(isBlocker);
  }

  blockers(): NewCondition[] {
    return [...this.staged.values()].filter(isBlocker);
  }

  commit(): Condition[] {
    const out: Condition[] = [];
    for (const prev of this.previous) {
      if (!this.staged.has(prev.type) && prev.durable) out.push(prev);
    }
    for (const c of this.staged.values()) out.push(materialize(c, findCondition(this.previous, c.type)));
    return out;
  }
}

/** Sets (replacing by type) one condition on a list outside a stage, e.g. execution conditions. */
export function setCondition(list: Condition[], c: NewCondition): Condition[] {
  const prev = findCondition(list, c.type);
  const next = materialize(c, prev);
  return [...list.filter((x) => x.type !== c.type), next];
}

export function deleteCondition(list: Condition[], ...types: string[]): Condition[] {
  return list.filter((c) => !types.includes(c.type));
}

/** Ref.String() as Forklift renders VM refs in condition items: "(type) id:<id> name:'<name>' ". */
export function refItem(ref: { id?: string; name?: string; type?: string }): string {
  const t = ref.type ? `(${ref.type})` : '';
  return `${t} id:${ref.id ?? ''} name:'${ref.name ?? ''}' `;
}
