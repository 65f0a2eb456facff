/**
 * RBAC against the real kubectl: a new ServiceAccount's token (kubectl create token) is Forbidden
 * to list configmaps with kube's exact message, allowed after a Role + RoleBinding, still Forbidden
 * to create, and `kubectl auth can-i` agrees at each step. KUBECTL=/path runs it with another build
 * (the machine's gcloud dispatcher picks the build matching the server; kubectl.1.27 ... 1.33 sit
 * next to it). Mandatory when CI=true; elsewhere skipped with install instructions.
 */
import { describeWithKubectl, type KubectlRun } from '../../support/kubectl';

describeWithKubectl('kubectl RBAC against the lab', (run) => {
  const ns = 'rbac-e2e';
  const sa = 'reader';
  const user = `system:serviceaccount:${ns}:${sa}`;
  let token = '';

  /** kubectl as the admin, or with `--token` as the ServiceAccount; resolves with the exit code either way. */
  function kubectl(args: string[], asToken?: string): Promise<KubectlRun> {
    if (asToken === '') throw new Error('no ServiceAccount token (the create-token step failed)');
    return run([...(asToken !== undefined ? ['--token', asToken] : []), ...args]);
  }

  async function ok(args: string[], asToken?: string): Promise<string> {
    const r = await kubectl(args, asToken);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  }

  const canI = async (verb: string, resource: string): Promise<string> =>
    (await kubectl(['auth', 'can-i', verb, resource, '-n', ns], token)).stdout.trim();

  it('kubectl create token mints a token the server accepts for the ServiceAccount', async () => {
    await ok(['create', 'namespace', ns]);
    await ok(['create', 'serviceaccount', sa, '-n', ns]);
    token = (await ok(['create', 'token', sa, '-n', ns])).trim();
    expect(token.split('.')).toHaveLength(3);
    // SelfSubjectAccessReview as the ServiceAccount: authenticated (not 401), and discovery is allowed.
    expect(await canI('get', 'serviceaccounts')).toBe('no');
  });

  it("a new ServiceAccount is Forbidden to list configmaps, with kube's message, and can-i says no", async () => {
    const r = await kubectl(['get', 'configmaps', '-n', ns], token);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `Error from server (Forbidden): configmaps is forbidden: User "${user}" cannot list resource "configmaps" in API group "" in the namespace "${ns}"`,
    );
    const no = await kubectl(['auth', 'can-i', 'list', 'configmaps', '-n', ns], token);
    expect([no.code, no.stdout.trim()]).toEqual([1, 'no']);
  });

  it('after a Role + RoleBinding it may list configmaps, can-i says yes', async () => {
    await ok(['create', 'role', 'cm-reader', '--verb=get,list,watch', '--resource=configmaps', '-n', ns]);
    await ok(['create', 'rolebinding', 'cm-reader', '--role=cm-reader', `--serviceaccount=${ns}:${sa}`, '-n', ns]);
    await ok(['create', 'configmap', 'app-settings', '--from-literal=a=b', '-n', ns]);
    expect(await ok(['get', 'configmaps', '-n', ns, '-o', 'name'], token)).toContain('configmap/app-settings');
    const yes = await kubectl(['auth', 'can-i', 'list', 'configmaps', '-n', ns], token);
    expect([yes.code, yes.stdout.trim()]).toEqual([0, 'yes']);
    expect(await canI('get', 'configmaps/app-settings')).toBe('yes');
  });

  it('it is still Forbidden to create configmaps, and can-i says no; other namespaces stay closed', async () => {
    const r = await kubectl(['create', 'configmap', 'nope', '--from-literal=a=b', '-n', ns], token);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      `configmaps is forbidden: User "${user}" cannot create resource "configmaps" in API group "" in the namespace "${ns}"`,
    );
    expect(await canI('create', 'configmaps')).toBe('no');
    const other = await kubectl(['auth', 'can-i', 'list', 'configmaps', '-n', 'default'], token);
    expect(other.stdout.trim()).toBe('no');
  });

  it('kubectl auth can-i --list shows the granted rule (SelfSubjectRulesReview)', async () => {
    const out = await ok(['auth', 'can-i', '--list', '-n', ns], token);
    expect(out).toMatch(/^configmaps\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
  });

  it('deleting the ServiceAccount revokes its token (401)', async () => {
    await ok(['delete', 'serviceaccount', sa, '-n', ns]);
    const r = await kubectl(['get', 'configmaps', '-n', ns], token);
    expect(r.stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
