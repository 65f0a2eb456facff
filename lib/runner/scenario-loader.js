// @ts-check
/**
 * setupFilesAfterEnv for scenario runs. Jest matches scenarios/*.scenario.json as test files but
 * can only JSON.parse them, so this loader, which runs in each test file's runtime before the
 * file itself, declares the scenario's describe and its five steps. Everything else happens in
 * the worker session behind the environment's bridge (globalThis.__mtv).
 *
 * Plain JavaScript (type-checked through the JSDoc below): scenario runs transform nothing, so
 * Jest never loads a TypeScript compiler for them (see jest.config.ts).
 */

/** @typedef {import('../environment/mtv-environment').MtvBridge} MtvBridge */

/**
 * Errors from the environment's realm fail `instanceof Error` here; rebuild them locally.
 * @param {unknown} error
 * @returns {Error}
 */
function local(error) {
  if (error instanceof Error) return error;
  const e = /** @type {{ name?: unknown; message?: unknown; stack?: unknown } | null} */ (error);
  const rebuilt = new Error(typeof e?.message === 'string' ? e.message : String(error));
  if (typeof e?.name === 'string') rebuilt.name = e.name;
  if (typeof e?.stack === 'string') rebuilt.stack = e.stack;
  return rebuilt;
}

const testPath = expect.getState().testPath;
if (testPath?.endsWith('.scenario.json')) {
  const bridge = /** @type {{ __mtv?: MtvBridge }} */ (globalThis).__mtv;
  if (!bridge) throw new Error(`${testPath}: scenario files need testEnvironment lib/environment/mtv-environment.ts (see jest.config.ts)`);
  /** @type {ReturnType<MtvBridge['describe']>} */
  let plan;
  try {
    plan = bridge.describe();
  } catch (error) {
    throw local(error);
  }
  describe(plan.title, () => {
    beforeAll(() => bridge.begin().catch((/** @type {unknown} */ e) => Promise.reject(local(e))));
    for (const step of plan.steps) {
      test(step.title, () => bridge.runStep(step.name).catch((/** @type {unknown} */ e) => Promise.reject(local(e))));
    }
    afterAll(() => bridge.end().catch((/** @type {unknown} */ e) => Promise.reject(local(e))));
  });
}
