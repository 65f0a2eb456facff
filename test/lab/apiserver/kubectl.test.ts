/**
 * Real kubectl against the lab (the independent peer for the API server). Mandatory when CI=true;
 * elsewhere skipped with install instructions when kubectl is missing.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { haveKubectl, KUBECTL, KUBECTL_INSTALL_HINT as INSTALL_HINT, kubectlMandatory } from '../../support/kubectl';
import { useLab } from '../../support/lab';

// KUBECTL=/path/to/kubectl runs the same checks with another build (e.g. Debian's 1.20).
const mandatory = kubectlMandatory;

if (!haveKubectl && !mandatory) {
  describe('kubectl against the lab', () => {
    it.skip(`skipped: ${INSTALL_HINT}`, () => undefined);
  });
} else {
  describe('kubectl against the lab', () => {
    const lab = useLab({ components: false });
    let cacheDir: string;
    beforeAll(() => {
      if (!haveKubectl) throw new Error(`CI=true requires kubectl: ${INSTALL_HINT}`);
      cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
    });
    afterAll(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

    const baseArgs = (): string[] => ['--kubeconfig', lab().kubeconfig, '--cache-dir', cacheDir, '--request-timeout', '15s'];
    const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: cacheDir, KUBECONFIG: '' });

    function kubectl(args: string[], input?: string): Promise<string> {
      return new Promise((resolve, reject) => {
        const child = execFile(KUBECTL, [...baseArgs(), ...args], { env: env(), timeout: 30_000 }, (err, stdout, stderr) => {
          if (err) reject(new Error(`kubectl ${args.join(' ')} failed: ${err.message}\n${stderr}`));
          else resolve(stdout);
        });
        if (input !== undefined) child.stdin?.end(input);
      });
    }

    const ns = 'kubectl-e2e';
    const planYaml = `apiVersion: forklift.konveyor.io/v1beta1
kind: Provider
metadata:
  name: vsphere
  namespace: ${ns}
spec:
  type: vsphere
  url: https://vcenter.example/sdk
  secret: {name: vsphere-secret, namespace: ${ns}}
---
apiVersion: forklift.konveyor.io/v1beta1
kind: Plan
metadata:
  name: plan-a
  namespace: ${ns}
spec:
  warm: false
  targetNamespace: ${ns}
  provider:
    source: {name: vsphere, namespace: ${ns}}
    destination: {name: host, namespace: ${ns}}
  map:
    network: {name: net, namespace: ${ns}}
    storage: {name: storage, namespace: ${ns}}
  vms:
  - name: mtv-tests-rhel8
`;

    it('gets namespaces and creates one', async () => {
      expect(await kubectl(['get', 'namespaces'])).toMatch(/^NAME\s+STATUS\s+AGE\n(.*\n)*default\s+Active\s+\d+s$/m);
      expect(await kubectl(['create', 'namespace', ns])).toContain(`namespace/${ns} created`);
      expect(await kubectl(['get', 'ns', ns, '-o', 'jsonpath={.status.phase}'])).toBe('Active');
    });

    it('applies a Provider and a Plan from YAML (twice: the second is unchanged)', async () => {
      const first = await kubectl(['apply', '-f', '-'], planYaml);
      expect(first).toContain('provider.forklift.konveyor.io/vsphere created');
      expect(first).toContain('plan.forklift.konveyor.io/plan-a created');
      const second = await kubectl(['apply', '-f', '-'], planYaml);
      expect(second).toContain('plan.forklift.konveyor.io/plan-a unchanged');
      const changed = await kubectl(['apply', '-f', '-'], planYaml.replace('targetNamespace: ' + ns, 'targetNamespace: elsewhere'));
      expect(changed).toContain('plan.forklift.konveyor.io/plan-a configured');
      await kubectl(['apply', '-f', '-'], planYaml);
      expect(await kubectl(['get', 'plan', 'plan-a', '-n', ns, '-o', 'jsonpath={.spec.targetNamespace}'])).toBe(ns);
    });

    it('reads plans with -o yaml and -o jsonpath', async () => {
      const yaml = await kubectl(['get', 'plans.forklift.konveyor.io', '-n', ns, '-o', 'yaml']);
      expect(yaml).toContain('kind: Plan');
      expect(yaml).toContain('name: mtv-tests-rhel8');
      expect(await kubectl(['get', 'plan', 'plan-a', '-n', ns, '-o', 'jsonpath={.spec.vms[0].name}'])).toBe('mtv-tests-rhel8');
    });

    it('patches (merge) and labels', async () => {
      const before = Number(await kubectl(['get', 'plan', 'plan-a', '-n', ns, '-o', 'jsonpath={.metadata.generation}']));
      await kubectl(['patch', 'plan', 'plan-a', '-n', ns, '--type', 'merge', '-p', '{"spec":{"warm":true}}']);
      await kubectl(['label', 'plan', 'plan-a', '-n', ns, 'suite=lab']);
      // As on a real cluster, the default strategic merge patch is refused for a custom resource.
      await expect(kubectl(['patch', 'plan', 'plan-a', '-n', ns, '-p', '{"spec":{"warm":false}}'])).rejects.toThrow(
        /the body of the request was in an unknown format - accepted media types include: application\/json-patch\+json, application\/merge-patch\+json/,
      );
      // The spec patch bumps generation once; the label does not.
      expect(
        await kubectl(['get', 'plan', 'plan-a', '-n', ns, '-o', 'jsonpath={.spec.warm} {.metadata.labels.suite} {.metadata.generation}']),
      ).toBe(`true lab ${before + 1}`);
      expect((await kubectl(['get', 'plans', '-n', ns, '-l', 'suite in (lab,x)', '-o', 'name'])).trim()).toBe(
        'plan.forklift.konveyor.io/plan-a',
      );
    });

    it('waits for a condition that a status write sets, and get -w sees the change', async () => {
      const watch = spawn(
        KUBECTL,
        [
          ...baseArgs(),
          'get',
          'plans',
          '-n',
          ns,
          '-w',
          '--output-watch-events',
          '-o',
          'jsonpath={.type} {.object.metadata.name} {.object.status.conditions[0].type}{"\\n"}',
        ],
        { env: env() },
      );
      const lines: string[] = [];
      // kubectl lists before it watches: the status write must come after that list, or the
      // list already shows Ready and no MODIFIED event is due (a race on a loaded machine).
      let listed!: () => void;
      const sawInitialList = new Promise<void>((resolve) => (listed = resolve));
      const sawModified = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`get -w saw no MODIFIED event; lines: ${JSON.stringify(lines)}`)), 20_000);
        readline.createInterface({ input: watch.stdout }).on('line', (l) => {
          lines.push(l);
          if (l.startsWith('ADDED plan-a')) listed();
          if (l.startsWith('MODIFIED plan-a Ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const waiting = kubectl(['wait', '--for=condition=Ready', 'plan/plan-a', '-n', ns, '--timeout=20s']);
      try {
        await sawInitialList;
        const res = await lab().request('PATCH', `/apis/forklift.konveyor.io/v1beta1/namespaces/${ns}/plans/plan-a/status`, {
          contentType: 'application/merge-patch+json',
          body: {
            status: {
              conditions: [
                {
                  type: 'Ready',
                  status: 'True',
                  category: 'Required',
                  message: 'The migration plan is ready.',
                  lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                },
              ],
            },
          },
        });
        expect(res.status).toBe(200);
        const generation = Number(await kubectl(['get', 'plan', 'plan-a', '-n', ns, '-o', 'jsonpath={.metadata.generation}']));
        expect(res.json<{ metadata: { generation: number } }>().metadata.generation).toBe(generation); // status writes leave it
        expect(await waiting).toContain('condition met');
        await sawModified;
        expect(lines[0]).toMatch(/^ADDED plan-a/);
        // Table output with the Plan CRD's printer columns.
        expect(await kubectl(['get', 'plans', '-n', ns])).toMatch(
          /^NAME\s+READY\s+EXECUTING\s+SUCCEEDED\s+FAILED\s+AGE\nplan-a\s+True\s+\d+s\n$/,
        );
      } finally {
        watch.kill('SIGTERM');
      }
    });

    it('deletes the namespace and its objects go with it', async () => {
      expect(await kubectl(['delete', 'namespace', ns, '--timeout=20s'])).toContain(`namespace "${ns}" deleted`);
      expect((await kubectl(['get', 'plans,providers', '-n', ns, '-o', 'name'])).trim()).toBe('');
      const res = await lab().request('GET', `/api/v1/namespaces/${ns}`);
      expect(res.status).toBe(404);
    });
  });
}
