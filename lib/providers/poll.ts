/**
 * Waiting on a REST source (oVirt engine, OpenStack) that has no watch API: re-ask with bounded
 * backoff (0.2 s doubling to 2 s) until `done` is true or the timeout passes. Returns whether it
 * became true; the caller raises its typed error with the last state it saw.
 */
export async function pollUntil(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 200;
  for (;;) {
    if (await done()) return true;
    if (Date.now() + delay > deadline) return false;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
  }
}
