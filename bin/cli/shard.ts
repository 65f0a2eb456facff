/**
 * --shard i/n: which of the selected scenarios one shard runs. Round-robin over the scenarios
 * sorted by name, so that the shards of one catalog are disjoint, cover it, and differ in size by
 * at most one; the same split serves --list (what a shard would run) and the run itself (the
 * OpenShift Job's pods each run one shard: bin/job.ts).
 */
import type { LoadedScenario } from '../../lib/runner/scenario';

export interface Shard {
  index: number;
  count: number;
}

/** "2/3" → {index: 2, count: 3}; the CLI validated the form (options.ts). */
export function parseShard(shard: string): Shard {
  const [index, count] = shard.split('/').map(Number);
  return { index: index!, count: count! };
}

export function shardScenarios<S extends Pick<LoadedScenario, 'name'>>(scenarios: readonly S[], shard: string | undefined): S[] {
  if (shard === undefined) return [...scenarios];
  const { index, count } = parseShard(shard);
  return [...scenarios].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).filter((_, k) => k % count === index - 1);
}

/** A shard can be empty (more pods than scenarios): that shard passes with nothing to run. */
export function emptyShardNote(shard: string | undefined): string {
  return `mtv-tests: shard ${shard ?? '1/1'} has no scenario (the selection has fewer scenarios than shards); nothing to run`;
}
