/**
 * Waiting on an API that has no watch (oVirt engine, OpenStack, the Forklift inventory): re-ask
 * with bounded backoff (`firstDelayMs`, 0.2 s unless given, doubling to 2 s) until `done` is true
 * or the timeout passes. Returns whether it became true; the caller raises its typed error with the
 * last state it saw.
 */
export async function pollUntil(done: () => Promise<boolean>, timeoutMs: number, firstDelayMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = firstDelayMs;
  for (;;) {
    if (await done()) return true;
    if (Date.now() + delay > deadline) return false;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2000);
  }
}
