/**
 * setupFilesAfterEnv for scenario runs. Jest matches scenarios/*.scenario.json as test files but
 * can only JSON.parse them, so this loader, which runs in each test file's runtime before the
 * file itself, declares the scenario's describe and its five steps. Everything else happens in
 * the worker session behind the environment's bridge (globalThis.__mtv).
 */
import type { MtvBridge } from '../environment/mtv-environment';

/** Errors from the environment's realm fail `instanceof Error` here; rebuild them locally. */
function local(error: unknown): Error {
  if (error instanceof Error) return error;
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  const rebuilt = new Error(typeof e?.message === 'string' ? e.message : String(error));
  if (typeof e?.name === 'string') rebuilt.name = e.name;
  if (typeof e?.stack === 'string') rebuilt.stack = e.stack;
  return rebuilt;
}

const testPath = expect.getState().testPath;
if (testPath?.endsWith('.scenario.json')) {
  const bridge = (globalThis as { __mtv?: MtvBridge }).__mtv;
  if (!bridge) throw new Error(`${testPath}: scenario files need testEnvironment lib/environment/mtv-environment.ts (see jest.config.ts)`);
  let plan: ReturnType<MtvBridge['describe']>;
  try {
    plan = bridge.describe();
  } catch (error) {
    throw local(error);
  }
  describe(plan.title, () => {
    beforeAll(() => bridge.begin().catch((e: unknown) => Promise.reject(local(e))));
    for (const step of plan.steps) {
      test(step.title, () => bridge.runStep(step.name).catch((e: unknown) => Promise.reject(local(e))));
    }
    afterAll(() => bridge.end().catch((e: unknown) => Promise.reject(local(e))));
  });
}
