/**
 * Where a sensitivity run writes its matrix. `npm run selftest` must leave the work tree clean, so
 * a run writes to the data collector (gitignored); the committed test/sensitivity/MATRIX.md, the
 * documented matrix, is rewritten only on demand:
 *
 *   MTV_WRITE_MATRIX=1 npx jest -c test/jest.selftest.config.ts test/sensitivity/sensitivity.test.ts
 */
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');
/** The committed, documented matrix. */
export const COMMITTED_MATRIX = path.join(REPO_ROOT, 'test/sensitivity/MATRIX.md');
/** Every run's matrix (under .data-collector/, which .gitignore lists). */
export const RUN_MATRIX = path.join(REPO_ROOT, '.data-collector/sensitivity/MATRIX.md');
/** The environment flag that makes a run rewrite COMMITTED_MATRIX too. */
export const WRITE_MATRIX_ENV = 'MTV_WRITE_MATRIX';

/** The files a sensitivity run writes its matrix to, given the environment. */
export function matrixOutputs(env: NodeJS.ProcessEnv): string[] {
  return env[WRITE_MATRIX_ENV] === '1' ? [RUN_MATRIX, COMMITTED_MATRIX] : [RUN_MATRIX];
}
