/**
 * RBAC in the lab API server over HTTP: ServiceAccount tokens (TokenRequest and legacy token
 * Secrets), Role/ClusterRole/(Cluster)RoleBinding evaluation (verbs, subresources, resourceNames,
 * namespaces, wildcards, apiGroups, nonResourceURLs), kube's 403 Status, access reviews and the
 * SCC "use" verb. The MTV install's roles are checked in-process (authz.test.ts).
 */
import { useLab } from '../../support/lab';
import { sccUseClusterRole } from '../../support/rbac-objects';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const ns = 'rbac-http';

describe('lab API server RBAC', () => {
  const lab = useLab({ components: false });

  const create = async (path: string, body: object, token?: string): Promise<number> =>
    (await lab().request('POST', path, { body, ...(token !== undefined ? { token } : {}) })).status;

  async function serviceAccountToken(name: string, body: object = {}): Promise<string> {
    expect(await create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name } })).toBe(201);
    const res = await lab().request('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${name}/token`, { body: { spec: body } });
    expect(res.status).toBe(201);
    const tr = res.json<{ kind: string; status: { token: string; expirationTimestamp: string } }>();
    expect(tr.kind).toBe('TokenRequest');
    return tr.status.token;
  }

  const bind = (name: string, roleKind: 'Role' | 'ClusterRole', role: string, sa: string, cluster = false): Promise<number> =>
    create(cluster ? `${RBAC}/clusterrolebindings` : `${RBAC}/namespaces/${ns}/rolebindings`, {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
      subjects: [{ kind: 'ServiceAccount', name: sa, namespace: ns }],
    });

  const role = (name: string, rules: object[]): Promise<number> => create(`${RBAC}/namespaces/${ns}/roles`, { metadata: { name }, rules });

  beforeAll(async () => {
    expect(await create('/api/v1/namespaces', { metadata: { name: ns } })).toBe(201);
  });

  it('a TokenRequest token authenticates as the ServiceAccount; a foreign audience, a short lifetime or a missing SA do not', async () => {
    const token = await serviceAccountToken('whoami');
    const me = await lab().request('GET', '/apis/user.openshift.io/v1/users/~', { token });
    expect(me.json<{ metadata: { name: string }; groups: string[] }>()).toMatchObject({
      metadata: { name: `system:serviceaccount:${ns}:whoami` },
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    });
    const foreign = await serviceAccountToken('foreign', { audiences: ['vault'] });
    expect((await lab().request('GET', '/api', { token: foreign })).status).toBe(401);
    const short = await lab().request('POST', `/api/v1/namespaces/${ns}/serviceaccounts/whoami/token`, {
      body: { spec: { expirationSeconds: 60 } },
    });
    expect([short.status, short.json<{ message: string }>().message]).toEqual([
      422,
      'TokenRequest.authentication.k8s.io "whoami" is invalid: spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    ]);
    expect((await lab().request('POST', `/api/v1/namespaces/${ns}/serviceaccounts/ghost/token`, { body: {} })).status).toBe(404);
    expect((await lab().request('GET', '/api', { token: `${token.slice(0, -4)}AAAA` })).status).toBe(401);
  });

  it('a legacy service-account-token Secret is filled with a working token and revoked with the Secret', async () => {
    expect(await create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: 'legacy' } })).toBe(201);
    const secret = {
      metadata: { name: 'legacy-token', annotations: { 'kubernetes.io/service-account.name': 'legacy' } },
      type: 'kubernetes.io/service-account-token',
    };
    expect(await create(`/api/v1/namespaces/${ns}/secrets`, secret)).toBe(201);
    let data: Record<string, string> | undefined;
    for (let i = 0; i < 50 && !data?.token; i++) {
      await new Promise((r) => setImmediate(r));
      data = (await lab().request('GET', `/api/v1/namespaces/${ns}/secrets/legacy-token`)).json<{ data?: Record<string, string> }>().data;
    }
    const token = Buffer.from(data?.token ?? '', 'base64').toString('utf8');
    expect(Buffer.from(data?.namespace ?? '', 'base64').toString('utf8')).toBe(ns);
    expect((await lab().request('GET', '/apis/user.openshift.io/v1/users/~', { token })).status).toBe(200);
    expect((await lab().request('DELETE', `/api/v1/namespaces/${ns}/secrets/legacy-token`)).status).toBe(200);
    expect((await lab().request('GET', '/api', { token })).status).toBe(401);
  });

  it("forbids with kube's Status: namespaced, named, subresource, cluster scope and non-resource paths", async () => {
    const token = await serviceAccountToken('nobody');
    const user = `system:serviceaccount:${ns}:nobody`;
    const cases: Array<[string, string, string]> = [
      [
        'GET',
        `/api/v1/namespaces/${ns}/configmaps`,
        `configmaps is forbidden: User "${user}" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`,
      ],
      [
        'GET',
        `/api/v1/namespaces/${ns}/pods/p1/log`,
        `pods "p1" is forbidden: User "${user}" cannot get resource "pods/log" in API group "" in the namespace "${ns}"`,
      ],
      ['GET', '/api/v1/nodes', `nodes is forbidden: User "${user}" cannot list resource "nodes" in API group "" at the cluster scope`],
      [
        'GET',
        `/apis/forklift.konveyor.io/v1beta1/namespaces/${ns}/plans?watch=true`,
        `plans.forklift.konveyor.io is forbidden: User "${user}" cannot watch resource "plans" in API group "forklift.konveyor.io" in the namespace "${ns}"`,
      ],
      [
        'DELETE',
        `/api/v1/namespaces/${ns}/secrets`,
        `secrets is forbidden: User "${user}" cannot deletecollection resource "secrets" in API group "" in the namespace "${ns}"`,
      ],
      ['GET', '/lab-nothing', ''],
    ];
    for (const [method, path, message] of cases.filter((c) => c[2])) {
      const res = await lab().request(method, path, { token });
      expect([res.status, res.json<{ message: string; reason: string }>().message]).toEqual([403, message]);
    }
    const named = (await lab().request('GET', `/api/v1/namespaces/${ns}/pods/p1/log`, { token })).json<{ details: object }>();
    expect(named.details).toEqual({ name: 'p1', kind: 'pods' });
    // Discovery is open to every authenticated user (system:discovery).
    expect((await lab().request('GET', '/apis', { token })).status).toBe(200);
  });

  it('evaluates verbs, subresources, resourceNames and namespaces of Roles; ClusterRoles with wildcards and nonResourceURLs', async () => {
    const token = await serviceAccountToken('worker');
    expect(
      await role('pod-logs', [
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['one'], verbs: ['get', 'update'] },
      ]),
    ).toBe(201);
    expect(await bind('worker-pod-logs', 'Role', 'pod-logs', 'worker')).toBe(201);
    const status = async (method: string, path: string): Promise<number> => (await lab().request(method, path, { token })).status;
    expect(await status('GET', `/api/v1/namespaces/${ns}/pods/p1/log`)).toBe(404); // allowed; the pod does not exist
    expect(await status('GET', `/api/v1/namespaces/${ns}/pods/p1`)).toBe(403); // pods/log does not grant pods
    expect(await status('GET', `/api/v1/namespaces/${ns}/configmaps/one`)).toBe(404);
    expect(await status('GET', `/api/v1/namespaces/${ns}/configmaps/two`)).toBe(403);
    expect(await status('GET', `/api/v1/namespaces/${ns}/configmaps`)).toBe(403); // resourceNames never grant list
    expect(await status('GET', `/api/v1/namespaces/default/configmaps/one`)).toBe(403); // a Role is its namespace only
    expect(
      await create(`${RBAC}/clusterroles`, {
        metadata: { name: 'rbac-http-forklift-reader' },
        rules: [
          { apiGroups: ['forklift.konveyor.io'], resources: ['*'], verbs: ['get', 'list'] },
          { nonResourceURLs: ['/metrics*'], verbs: ['get'] },
        ],
      }),
    ).toBe(201);
    expect(await bind('worker-forklift-reader', 'ClusterRole', 'rbac-http-forklift-reader', 'worker', true)).toBe(201);
    expect(await status('GET', '/apis/forklift.konveyor.io/v1beta1/plans')).toBe(200);
    expect(await status('GET', `/apis/forklift.konveyor.io/v1beta1/namespaces/${ns}/plans`)).toBe(200);
    expect(await status('GET', `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`)).toBe(403); // another apiGroup
    expect(await status('POST', `/apis/forklift.konveyor.io/v1beta1/namespaces/${ns}/plans`)).toBe(403);
  });

  it('answers SelfSubjectAccessReview and SelfSubjectRulesReview, including the SCC "use" verb', async () => {
    const token = await serviceAccountToken('scc-user');
    const review = async (resourceAttributes: object): Promise<{ allowed: boolean; reason?: string }> => {
      const res = await lab().request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
        token,
        body: { spec: { resourceAttributes } },
      });
      expect(res.status).toBe(201);
      return res.json<{ status: { allowed: boolean; reason?: string } }>().status;
    };
    const useScc = {
      namespace: ns,
      verb: 'use',
      group: 'security.openshift.io',
      resource: 'securitycontextconstraints',
      name: 'forklift-controller-scc',
    };
    expect(await review(useScc)).toEqual({ allowed: false });
    expect(await create(`${RBAC}/clusterroles`, sccUseClusterRole('forklift-controller-scc'))).toBe(201);
    expect(await bind('scc-user-scc', 'ClusterRole', 'system:openshift:scc:forklift-controller-scc', 'scc-user')).toBe(201);
    expect(await review(useScc)).toEqual({
      allowed: true,
      reason: `RBAC: allowed by RoleBinding "scc-user-scc/${ns}" of ClusterRole "system:openshift:scc:forklift-controller-scc" to ServiceAccount "scc-user/${ns}"`,
    });
    expect(await review({ ...useScc, name: 'privileged' })).toEqual({ allowed: false });
    const rules = await lab().request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      token,
      body: { spec: { namespace: ns } },
    });
    expect(rules.json<{ status: { resourceRules: object[] } }>().status.resourceRules).toContainEqual({
      verbs: ['use'],
      apiGroups: ['security.openshift.io'],
      resources: ['securitycontextconstraints'],
      resourceNames: ['forklift-controller-scc'],
    });
    // Reviews are create-only: the SA may not list them (403, authorization comes first); the admin gets 405.
    expect((await lab().request('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', { token })).status).toBe(403);
    expect((await lab().request('GET', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews')).status).toBe(405);
  });
});
