/**
 * What a suite run's by-products say (pure; unit-tested in test/unit/bench): the lab's migration
 * time from the benchmark's watch events on Migrations, the suite's own request count and its
 * fixture setup times from its log, and request counts formatted by verb.
 *
 * Lab migration time: per Migration, from the event that shows it created to the event that shows
 * it Succeeded/Failed/Canceled (watch delivery is sub-millisecond at both ends). The Migration's
 * status.started/completed timestamps have one-second resolution (RFC 3339, as Kubernetes writes
 * them), too coarse for a 1 s budget; they are kept as a cross-check.
 */

export interface MigrationEvent {
  /** performance.now() when the event arrived. */
  at: number;
  type: string;
  object: {
    metadata?: { name?: string; namespace?: string };
    status?: { started?: string; completed?: string; conditions?: Array<{ type?: string; status?: string }> };
  };
}

export interface MigrationWindow {
  name: string;
  createdAt: number;
  finishedAt: number;
  outcome: string;
  /** status.completed - status.started in ms (1 s resolution), when both were seen. */
  statusMs: number | undefined;
}

const FINISHED = ['Succeeded', 'Failed', 'Canceled'];

const keyOf = (ev: MigrationEvent): string => `${ev.object.metadata?.namespace ?? ''}/${ev.object.metadata?.name ?? ''}`;

/** The condition type that ended the Migration (Succeeded, Failed or Canceled), if one is true. */
const outcomeOf = (ev: MigrationEvent): string | undefined =>
  ev.object.status?.conditions?.find((c) => c.status === 'True' && FINISHED.includes(c.type ?? ''))?.type;

/** started → completed from the Migration's own status, when both are set and parse. */
function statusDurationMs(ev: MigrationEvent): number | undefined {
  const { started, completed } = ev.object.status ?? {};
  if (!started || !completed) return undefined;
  const ms = Date.parse(completed) - Date.parse(started);
  return Number.isNaN(ms) ? undefined : ms;
}

/** One window per Migration that was both seen created and seen finished. */
export function migrationWindows(events: readonly MigrationEvent[]): MigrationWindow[] {
  const open = new Map<string, { createdAt: number }>();
  const done: MigrationWindow[] = [];
  for (const ev of events) {
    const key = keyOf(ev);
    if (ev.type === 'ADDED' && !open.has(key) && !done.some((d) => d.name === key)) open.set(key, { createdAt: ev.at });
    const started = open.get(key);
    const outcome = outcomeOf(ev);
    if (!started || !outcome) continue;
    done.push({ name: key, createdAt: started.createdAt, finishedAt: ev.at, outcome, statusMs: statusDurationMs(ev) });
    open.delete(key);
  }
  return done;
}

/** Total time covered by the windows (overlaps counted once): the time the lab was migrating. */
export function coveredMs(windows: ReadonlyArray<{ createdAt: number; finishedAt: number }>): number {
  const sorted = [...windows].sort((a, b) => a.createdAt - b.createdAt);
  let total = 0;
  let end = -Infinity;
  for (const w of sorted) {
    if (w.finishedAt <= end) continue;
    total += w.finishedAt - Math.max(w.createdAt, end);
    end = w.finishedAt;
  }
  return total;
}

/** `create 8, get 22, list 29` in a stable order (Kubernetes verbs first, then the rest). */
export function formatByVerb(byVerb: Readonly<Record<string, number>>): string {
  const order = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
  const rank = (v: string): number => (order.includes(v) ? order.indexOf(v) : order.length);
  return Object.entries(byVerb)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
}

/** The suite's own count, from its session log line `cluster API requests this session: {...}`. */
export function suiteCountFromLog(logText: string): { total: number; byVerb: Record<string, number> } | undefined {
  const m = /cluster API requests this session: (\{.*\})\s*$/m.exec(logText);
  if (!m) return undefined;
  try {
    const parsed = JSON.parse(m[1]!) as { total?: unknown; byVerb?: unknown };
    return typeof parsed.total === 'number' && parsed.byVerb && typeof parsed.byVerb === 'object'
      ? { total: parsed.total, byVerb: parsed.byVerb as Record<string, number> }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the setup time before the first step goes, from the suite log's `SETUP <scope> fixture
 * <name>` lines: each one is counted until the next SETUP line or the first step start. Fixtures
 * whose dependencies are independent are set up concurrently (lib/fixtures/runtime.ts), so this is
 * the time until the next setup started, not each setup's own duration: a pointer to where the time
 * before step 1 goes. (Fixtures set up inside a step are part of that step's time.)
 * Slowest first. Empty when the log has no such lines.
 */
export function fixtureSetupTimes(logText: string): Array<{ fixture: string; ms: number }> {
  const marks: Array<{ at: number; fixture?: string }> = [];
  for (const line of logText.split('\n')) {
    const at = Date.parse(line.slice(0, line.indexOf(' ')));
    if (Number.isNaN(at)) continue;
    const setup = /\bSETUP\s+(\w+) fixture (\S+)/.exec(line);
    if (setup) marks.push({ at, fixture: `${setup[2]} (${setup[1]})` });
    else if (/\] step .* starts$/.test(line)) {
      marks.push({ at });
      break;
    }
  }
  const out: Array<{ fixture: string; ms: number }> = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const m = marks[i]!;
    if (m.fixture) out.push({ fixture: m.fixture, ms: marks[i + 1]!.at - m.at });
  }
  return out.sort((a, b) => b.ms - a.ms);
}
