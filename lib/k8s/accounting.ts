/**
 * Counts API requests by Kubernetes verb (every HTTP attempt, retries included) so the benchmark
 * and the run report can show the API-call budget of a run and compare watch- and poll-based waits.
 */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection' | 'other';

export class RequestCounter {
  private readonly counts = new Map<Verb, number>();
  private retries = 0;

  count(verb: Verb): void {
    this.counts.set(verb, (this.counts.get(verb) ?? 0) + 1);
  }

  countRetry(): void {
    this.retries += 1;
  }

  snapshot(): { byVerb: Partial<Record<Verb, number>>; total: number; retries: number } {
    const byVerb: Partial<Record<Verb, number>> = {};
    let total = 0;
    for (const [verb, n] of this.counts) {
      byVerb[verb] = n;
      total += n;
    }
    return { byVerb, total, retries: this.retries };
  }
}
