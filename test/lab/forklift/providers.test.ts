/**
 * The lab's Forklift Provider controller through the public API only: the lab vCenter provider
 * becomes Ready after a real connection test, bad credentials and the provider-connection-failed
 * fault give ConnectionFailed, secret problems give SecretNotValid, the host provider is Ready; a
 * remote OpenShift provider's ServiceAccount token passes only with forklift-migrator-role (RBAC).
 */
import { useLab } from '../../support/lab';
import { cond, FORKLIFT, ForkliftLab } from './support';

const lab = useLab();
let f: ForkliftLab;
const NS = 'prov-test';

beforeAll(async () => {
  f = new ForkliftLab(lab());
  await f.namespace(NS);
});

describe('Provider reconciliation', () => {
  it('makes the lab vCenter provider Ready within 2 s with the conditions of a real Forklift', async () => {
    await f.providers(NS);
    const p = await f.readyProvider(NS, 'vsphere', 2000);
    const types = (p.status?.conditions as Array<{ type: string }>).map((c) => c.type);
    expect(types).toEqual(expect.arrayContaining(['Validated', 'ConnectionTestSucceeded', 'InventoryCreated', 'Ready']));
    expect(cond(p, 'ConnectionTestSucceeded')).toMatchObject({
      status: 'True',
      category: 'Required',
      reason: 'Tested',
      message: 'Connection test, succeeded.',
    });
    expect(cond(p, 'InventoryCreated')).toMatchObject({
      category: 'Required',
      reason: 'Completed',
      message: 'The inventory has been loaded.',
    });
    expect(cond(p, 'Ready')).toMatchObject({ category: 'Required', message: 'The provider is ready.' });
    expect(cond(p, 'ConnectionInsecure')).toBeUndefined();
    expect(p.status?.fingerprint).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
    const host = await f.readyProvider('openshift-mtv', 'host', 2000);
    expect(cond(host, 'Ready')?.status).toBe('True');
  });

  it('warns ConnectionInsecure with insecureSkipVerify and needs no ca.crt then', async () => {
    await f.providers(NS, { name: 'insecure', insecure: true });
    const p = await f.readyProvider(NS, 'insecure', 2000);
    expect(cond(p, 'ConnectionInsecure')).toMatchObject({
      category: 'Warn',
      reason: 'SkipTLSVerification',
      message: 'TLS is susceptible to machine-in-the-middle attacks when certificate verification is skipped.',
    });
  });

  it('a wrong password fails the connection test (vim25 Login fault): phase ConnectionFailed, no Ready', async () => {
    await f.providers(NS, { name: 'badpw', password: 'not-the-password' });
    const p = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      'badpw',
      (o) => o.status?.phase === 'ConnectionFailed',
      3000,
      'phase ConnectionFailed',
    );
    // Issue #3's acceptance criterion: ConnectionFailed with ConnectionTestFailed.
    const failed = cond(p, 'ConnectionTestFailed');
    expect(failed).toMatchObject({ category: 'Critical', reason: 'Tested' });
    expect(failed?.message).toMatch(/^Connection test, failed: ServerFaultCode: .*incorrect user name or password/);
    expect(cond(p, 'ConnectionAuthFailed')).toBeUndefined();
    expect(cond(p, 'Ready')).toBeUndefined();
    expect(cond(p, 'ConnectionTestSucceeded')).toBeUndefined();
  });

  it('a secret without ca.crt (and not insecure) is SecretNotValid/DataErr listing the key', async () => {
    await f.core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: 'noca' }, stringData: { user: 'u', password: 'p' } } });
    await f.create(FORKLIFT, 'providers', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Provider',
      metadata: { name: 'noca' },
      spec: { type: 'vsphere', url: f.vsphere.url, secret: { name: 'noca', namespace: NS } },
    });
    const p = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      'noca',
      (o) => o.status?.phase === 'ValidationFailed',
      3000,
      'phase ValidationFailed',
    );
    expect(cond(p, 'SecretNotValid')).toMatchObject({
      category: 'Critical',
      reason: 'DataErr',
      message: 'The `secret` is not valid.',
      items: ['ca.crt'],
    });
  });

  it('fault provider-connection-failed: ConnectionTestFailed, and Ready again once the fault is off', async () => {
    await f.fault('provider-connection-failed', true);
    try {
      await f.providers(NS, { name: 'faulty' });
      const p = await f.waitFor(
        FORKLIFT,
        'providers',
        NS,
        'faulty',
        (o) => o.status?.phase === 'ConnectionFailed',
        3000,
        'phase ConnectionFailed',
      );
      expect(cond(p, 'ConnectionTestFailed')).toMatchObject({ category: 'Critical', reason: 'Tested' });
      expect(cond(p, 'ConnectionTestFailed')?.message).toMatch(/^Connection test, failed: /);
    } finally {
      await f.fault('provider-connection-failed', false);
    }
    // A spec change re-runs the test (the controller also re-tests every 30 s).
    await f.patch(FORKLIFT, 'providers', NS, 'faulty', {
      metadata: { annotations: { retest: '1' } },
      spec: { settings: { sdkEndpoint: 'vcenter', vddkInitImage: 'quay.io/kubev2v/vddk:lab2' } },
    });
    await f.readyProvider(NS, 'faulty', 3000);
  });

  it('a remote OpenShift provider is tested by listing the resources it needs with its token', async () => {
    const remote = async (name: string, token: string) => {
      await f.core.createNamespacedSecret({
        namespace: NS,
        body: { metadata: { name }, stringData: { token, 'ca.crt': lab().caPem, insecureSkipVerify: 'false' } },
      });
      await f.create(FORKLIFT, 'providers', NS, {
        apiVersion: 'forklift.konveyor.io/v1beta1',
        kind: 'Provider',
        metadata: { name },
        spec: { type: 'openshift', url: lab().url, secret: { name, namespace: NS } },
      });
    };
    await remote('remote-ok', lab().adminToken);
    await remote('remote-bad', 'sha256~not-a-valid-token');
    const ok = await f.readyProvider(NS, 'remote-ok', 3000);
    expect(cond(ok, 'ConnectionTestSucceeded')?.status).toBe('True');
    const bad = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      'remote-bad',
      (o) => o.status?.phase === 'ConnectionFailed',
      3000,
      'phase ConnectionFailed',
    );
    expect(cond(bad, 'ConnectionAuthFailed')).toMatchObject({ category: 'Critical', reason: 'Tested' });
    expect(cond(bad, 'ConnectionAuthFailed')?.message).toMatch(/^Connection auth failed, error: Failed to get resource namespaces: /);
  });

  it('a remote OpenShift provider with a ServiceAccount token is Ready only once the SA is bound to forklift-migrator-role (RBAC)', async () => {
    const sa = 'remote-migrator';
    const post = async (path: string, body: object): Promise<Record<string, unknown>> => {
      const res = await lab().request('POST', path, { body });
      expect(res.status).toBe(201);
      return res.json();
    };
    await post(`/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: sa } });
    const tr = await post(`/api/v1/namespaces/${NS}/serviceaccounts/${sa}/token`, { spec: {} });
    const token = (tr.status as { token: string }).token;
    await f.core.createNamespacedSecret({ namespace: NS, body: { metadata: { name: sa }, stringData: { token, 'ca.crt': lab().caPem } } });
    await f.create(FORKLIFT, 'providers', NS, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Provider',
      metadata: { name: sa },
      spec: { type: 'openshift', url: lab().url, secret: { name: sa, namespace: NS } },
    });
    const refused = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      sa,
      (o) => o.status?.phase === 'ConnectionFailed',
      3000,
      'phase ConnectionFailed',
    );
    expect(cond(refused, 'ConnectionTestFailed')?.message).toBe(
      `Connection test, failed: Failed to get resource namespaces: namespaces is forbidden: User "system:serviceaccount:${NS}:${sa}" cannot list resource "namespaces" in API group "" at the cluster scope`,
    );
    await post('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: `${NS}-${sa}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'forklift-migrator-role' },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: NS }],
    });
    // A change of the secret makes Forklift test the connection again.
    const touched = await lab().request('PATCH', `/api/v1/namespaces/${NS}/secrets/${sa}`, {
      body: { metadata: { labels: { rebound: 'true' } } },
      contentType: 'application/merge-patch+json',
    });
    expect(touched.status).toBe(200);
    expect(cond(await f.readyProvider(NS, sa, 3000), 'ConnectionTestSucceeded')?.status).toBe('True');
  });

  it('sdkEndpoint esxi against the lab vCenter fails the connection test (validateServerType)', async () => {
    await f.providers(NS, { name: 'esxi-ep' });
    await f.readyProvider(NS, 'esxi-ep', 3000);
    await f.patch(FORKLIFT, 'providers', NS, 'esxi-ep', {
      spec: { settings: { sdkEndpoint: 'esxi', vddkInitImage: 'quay.io/kubev2v/vddk:lab' } },
    });
    const p = await f.waitFor(
      FORKLIFT,
      'providers',
      NS,
      'esxi-ep',
      (o) => o.status?.phase === 'ConnectionFailed',
      3000,
      'phase ConnectionFailed',
    );
    expect(cond(p, 'ConnectionTestFailed')?.message).toBe(
      'Connection test, failed: provider sdkEndpoint is set to ESXi but the URL points to a vCenter server',
    );
  });
});
