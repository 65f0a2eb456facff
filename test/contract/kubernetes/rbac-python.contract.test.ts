/**
 * RBAC through the official Kubernetes Python client (Debian python3-kubernetes, run with
 * /usr/bin/python3) against the lab: rbac-flow.py's steps must all print "ok". Without the
 * package the test skips with the reason, except when CI=true, where it fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { useLab } from '../../support/lab';

const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(__dirname, 'rbac-flow.py');
const CI = process.env.CI === 'true';
const STEPS = [
  'TokenRequest',
  'list forbidden',
  'can-i list: no',
  'list allowed',
  'can-i list: yes',
  'create forbidden',
  'can-i create: no',
];

function kubernetesClientMissing(): string | undefined {
  try {
    execFileSync(PYTHON, ['-c', 'import kubernetes.client'], { stdio: 'pipe', timeout: 30_000 });
    return undefined;
  } catch (e) {
    return `${PYTHON} cannot import kubernetes (install the Debian package python3-kubernetes): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

const missing = kubernetesClientMissing();

if (missing && !CI) {
  describe('Python kubernetes client RBAC against the lab', () => {
    it.skip(`skipped: ${missing}`, () => undefined);
  });
} else {
  describe('Python kubernetes client RBAC against the lab', () => {
    const lab = useLab({ components: false });

    it('runs TokenRequest, Forbidden, Role+RoleBinding, allowed, still Forbidden to create, with SelfSubjectAccessReview agreeing', async () => {
      if (missing) throw new Error(`CI=true requires it: ${missing}`);
      const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', KUBECONFIG_PATH: lab().kubeconfig, RBAC_NAMESPACE: 'rbac-python' };
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(PYTHON, [SCRIPT], { env, timeout: 120_000 }, (err, out, errOut) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(out), stderr: String(errOut) }),
        ),
      );
      expect({ code, stderr: stderr.trim() }).toEqual({ code: 0, stderr: '' });
      expect(stdout.trim().split('\n')).toEqual(STEPS.map((s) => `ok ${s}`));
    });
  });
}
