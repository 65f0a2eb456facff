/**
 * Every lab fault in the catalog (lab/faults-catalog.ts) has a row in the sensitivity matrix
 * (FAULT_ROWS: a check must fail; STEP_FAULT_ROWS: a step must fail on a condition;
 * EXPECTED_FAILURE_FAULT_ROWS: an expected migration failure must be judged wrong), or is on the
 * explicit FAULTS_OUTSIDE_MATRIX list with its reason and the tests that prove it. A new fault
 * without either fails here, without running the matrix. The same goes for the sensitivity run's
 * outputs: it writes only to gitignored paths unless asked to rewrite the committed MATRIX.md.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { FAULT_CATALOG, type FaultSpec } from '../../../lab/faults-catalog';
import {
  CLUSTER_STEP_FAULT_ROWS,
  EXPECTED_FAILURE_FAULT_ROWS,
  FAULT_ROWS,
  FAULTS_OUTSIDE_MATRIX,
  STEP_FAULT_ROWS,
  VERIFY_STEP_FAULT_ROWS,
} from '../../sensitivity/matrix';
import { COMMITTED_MATRIX, matrixOutputs, REPO_ROOT, RUN_MATRIX, WRITE_MATRIX_ENV } from '../../sensitivity/matrix-output';

const inMatrix = new Set([
  ...FAULT_ROWS.map((r) => r.fault),
  ...STEP_FAULT_ROWS.map((r) => r.fault),
  ...EXPECTED_FAILURE_FAULT_ROWS.map((r) => r.fault),
  ...VERIFY_STEP_FAULT_ROWS.map((r) => r.fault),
  ...CLUSTER_STEP_FAULT_ROWS.map((r) => r.fault),
]);
const outside = new Map(FAULTS_OUTSIDE_MATRIX.map((f) => [f.fault, f]));

/** Catalog faults with neither a matrix row nor an entry on the outside list. */
function faultsWithoutRow(catalog: readonly FaultSpec[]): string[] {
  return catalog.map((f) => f.name).filter((name) => !inMatrix.has(name) && !outside.has(name));
}

describe('sensitivity matrix coverage of the fault catalog', () => {
  it('fails for a catalog fault that has no row (the check is strict)', () => {
    const added: FaultSpec = { name: 'some-new-fault', takesValue: 'none', effect: 'breaks something', caughtBy: 'cpu' };
    expect(faultsWithoutRow([...FAULT_CATALOG, added])).toEqual(['some-new-fault']);
  });

  it('every catalog fault has a matrix row or a reason to be outside it', () => {
    expect(faultsWithoutRow(FAULT_CATALOG)).toEqual([]);
  });

  it('rows and the outside list name catalog faults only, and no fault is in both', () => {
    const catalog = new Set(FAULT_CATALOG.map((f) => f.name));
    expect([...inMatrix, ...outside.keys()].filter((f) => !catalog.has(f))).toEqual([]);
    expect([...outside.keys()].filter((f) => inMatrix.has(f))).toEqual([]);
    expect(outside.size).toBe(FAULTS_OUTSIDE_MATRIX.length);
  });

  it.each(FAULTS_OUTSIDE_MATRIX.map((f) => [f.fault, f] as const))(
    '%s (outside the matrix) has a reason and is exercised by the tests it names',
    (fault, entry) => {
      expect(entry.reason.length).toBeGreaterThan(20);
      expect(entry.coveredBy.length).toBeGreaterThan(0);
      for (const file of entry.coveredBy) {
        const full = path.join(REPO_ROOT, file);
        expect({ file, exists: fs.existsSync(full) }).toEqual({ file, exists: true });
        expect({
          file,
          namesFault: fs.readFileSync(full, 'utf8').includes(`'${fault}'`) || fs.readFileSync(full, 'utf8').includes(`/${fault}`),
        }).toEqual({ file, namesFault: true });
      }
    },
  );
});

describe('the sensitivity run leaves the work tree clean', () => {
  const ignored = (file: string): boolean =>
    spawnSync('git', ['check-ignore', '-q', path.relative(REPO_ROOT, file)], { cwd: REPO_ROOT }).status === 0;
  const tracked = (file: string): boolean =>
    spawnSync('git', ['ls-files', '--error-unmatch', path.relative(REPO_ROOT, file)], { cwd: REPO_ROOT, stdio: 'ignore' }).status === 0;

  it('a plain run writes its matrix only to gitignored paths', () => {
    const outputs = matrixOutputs({});
    expect(outputs).toEqual([RUN_MATRIX]);
    for (const file of outputs) expect({ file, ignored: ignored(file) }).toEqual({ file, ignored: true });
  });

  it(`${WRITE_MATRIX_ENV}=1 also rewrites the committed MATRIX.md`, () => {
    expect(matrixOutputs({ [WRITE_MATRIX_ENV]: '1' })).toEqual([RUN_MATRIX, COMMITTED_MATRIX]);
    expect(tracked(COMMITTED_MATRIX)).toBe(true);
    expect(ignored(COMMITTED_MATRIX)).toBe(false);
  });

  it('the sensitivity tests write no file of the repository but through matrix-output.ts', () => {
    const dir = path.join(REPO_ROOT, 'test/sensitivity');
    const writers = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /\b(?:writeFileSync|appendFileSync|createWriteStream)\(/.test(fs.readFileSync(path.join(dir, f), 'utf8')))
      .filter((f) => !/for \(const file of matrixOutputs\(process\.env\)\)/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(writers).toEqual([]);
  });
});
