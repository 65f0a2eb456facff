/**
 * Real kubectl against the lab's CRD schemas. kubectl reads /openapi/v3, sees that the server
 * validates fields (fieldValidation on PATCH), and sends its --validate choice as the
 * fieldValidation parameter: with kubectl's default (--validate=strict) an unknown field is a
 * BadRequest from the server, as on a real cluster; --validate=warn prints the server's warning and
 * the field is pruned; --validate=false (Ignore) prunes it silently. Mandatory when CI=true.
 */
import { describeWithKubectl } from '../../support/kubectl';

describeWithKubectl('kubectl and CRD schemas', (kubectl) => {
  const ns = 'kubectl-crd';
  // Names are quoted: YAML 1.1 (kubectl's parser) reads a bare n or y as a boolean.
  const planYaml = (name: string, extra: string): string => `apiVersion: forklift.konveyor.io/v1beta1
kind: Plan
metadata: {name: ${name}, namespace: ${ns}}
spec:
  targetNamespace: ${ns}
  provider: {source: {name: vsphere, namespace: ${ns}}, destination: {name: host, namespace: ${ns}}}
  map: {network: {name: net, namespace: ${ns}}, storage: {name: storage, namespace: ${ns}}}
  vms: [{name: mtv-tests-rhel8}]
${extra}`;
  const specOf = async (name: string): Promise<Record<string, unknown>> =>
    JSON.parse((await kubectl(['get', 'plan', name, '-n', ns, '-o', 'jsonpath={.spec}'])).stdout) as Record<string, unknown>;

  beforeAll(async () => {
    expect((await kubectl(['create', 'namespace', ns])).code).toBe(0);
  });

  it('kubectl apply --validate=warn: created, the warning printed, the unknown field gone, the defaults there', async () => {
    const run = await kubectl(['apply', '--validate=warn', '-f', '-'], planYaml('warned', '  warmm: true\n'));
    expect(run).toMatchObject({ code: 0, stdout: 'plan.forklift.konveyor.io/warned created\n' });
    expect(run.stderr).toBe('Warning: unknown field "spec.warmm"\n');
    const spec = await specOf('warned');
    expect(spec).not.toHaveProperty('warmm');
    expect(spec).toMatchObject({ migrateSharedDisks: true, useCompatibilityMode: true, vms: [{ name: 'mtv-tests-rhel8' }] });
    // Applying again goes through a merge patch: warned again, still pruned.
    const again = await kubectl(['apply', '--validate=warn', '-f', '-'], planYaml('warned', '  warm: true\n  warmm: true\n'));
    expect(again).toMatchObject({
      code: 0,
      stdout: 'plan.forklift.konveyor.io/warned configured\n',
      stderr: 'Warning: unknown field "spec.warmm"\n',
    });
    expect(await specOf('warned')).toMatchObject({ warm: true });
  });

  it('kubectl apply with default flags (--validate=strict) is refused by the server, as kube-apiserver refuses it', async () => {
    const run = await kubectl(['apply', '-f', '-'], planYaml('strict', '  warmm: true\n'));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toBe(
      'Error from server (BadRequest): error when creating "STDIN": Plan in version "v1beta1" cannot be handled as a Plan: strict decoding error: unknown field "spec.warmm"\n',
    );
    expect((await kubectl(['get', 'plan', 'strict', '-n', ns])).code).not.toBe(0);
  });

  it('kubectl apply --validate=false: created without a word, the field pruned', async () => {
    const run = await kubectl(['apply', '--validate=false', '-f', '-'], planYaml('quiet', '  warmm: true\n'));
    expect(run).toMatchObject({ code: 0, stdout: 'plan.forklift.konveyor.io/quiet created\n', stderr: '' });
    expect(await specOf('quiet')).not.toHaveProperty('warmm');
  });

  it('a wrong type is rejected as Invalid naming the field, whatever --validate says', async () => {
    for (const flag of ['--validate=warn', '--validate=strict']) {
      const run = await kubectl(['apply', flag, '-f', '-'], planYaml('typed', '  warm: "very"\n'));
      expect(run.code).not.toBe(0);
      expect(run.stderr).toBe(
        'The Plan "typed" is invalid: spec.warm: Invalid value: "string": spec.warm in body must be of type boolean: "string"\n',
      );
    }
    expect((await kubectl(['get', 'plan', 'typed', '-n', ns])).code).not.toBe(0);
  });

  it('kubectl explain reads the schema from /openapi/v3', async () => {
    const run = await kubectl(['explain', 'plans.spec.warm']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/FIELD:\s+warm <boolean>/);
  });
});
