/** Bearer tokens and the OpenShift OAuth challenging-client flow (username/password -> token). */
import fs from 'node:fs';
import path from 'node:path';
import { useLab } from '../../support/lab';

describe('lab API authentication', () => {
  const lab = useLab({ components: false });
  const kubeadmin = (): { name: string; password: string } => {
    const file = path.join(lab().stateDir, 'lab-config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const cfg = JSON.parse(fs.readFileSync(file, 'utf8')) as { users: Array<{ name: string; password: string }> };
    const u = cfg.users.find((x) => x.name === 'kubeadmin');
    if (!u) throw new Error('lab-config.json has no kubeadmin');
    return u;
  };
  const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const authorizePath = '/oauth/authorize?client_id=openshift-challenging-client&response_type=token';

  it('publishes the OAuth server metadata', async () => {
    const res = await lab().request('GET', '/.well-known/oauth-authorization-server', { token: null });
    expect(res.status).toBe(200);
    const meta = res.json<{ issuer: string; authorization_endpoint: string; token_endpoint: string }>();
    expect(meta.issuer).toBe(lab().url);
    expect(meta.authorization_endpoint).toBe(`${lab().url}/oauth/authorize`);
    expect(meta.token_endpoint).toBe(`${lab().url}/oauth/token`);
  });

  it('logs in with username and password and the token works', async () => {
    const u = kubeadmin();
    const res = await lab().request('GET', authorizePath, {
      token: null,
      headers: { Authorization: basic(u.name, u.password), 'X-CSRF-Token': '1' },
    });
    expect(res.status).toBe(302);
    const location = String(res.headers.location);
    expect(location.startsWith(`${lab().url}/oauth/token/implicit#`)).toBe(true);
    const fragment = new URLSearchParams(location.split('#')[1]);
    const token = fragment.get('access_token') ?? '';
    expect(token).toMatch(/^sha256~[A-Za-z0-9_-]{43}$/);
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('expires_in')).toBe('86400');
    const ns = await lab().request('GET', '/api/v1/namespaces', { token });
    expect(ns.status).toBe(200);
    const me = await lab().request('GET', '/apis/user.openshift.io/v1/users/~', { token });
    expect(me.json<{ metadata: { name: string } }>().metadata.name).toBe('kube:admin');
    // OAuth users are not lab admins.
    expect((await lab().request('GET', '/lab/healthz', { token })).status).toBe(403);
  });

  it('answers 401 with a Basic challenge for a wrong password or no credentials', async () => {
    const u = kubeadmin();
    const wrong = await lab().request('GET', authorizePath, { token: null, headers: { Authorization: basic(u.name, `${u.password}x`) } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Basic /);
    expect(wrong.headers.location).toBeUndefined();
    const none = await lab().request('GET', authorizePath, { token: null });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic /);
    const unknownUser = await lab().request('GET', authorizePath, { token: null, headers: { Authorization: basic('nobody', u.password) } });
    expect(unknownUser.status).toBe(401);
  });

  it('answers 401 Unauthorized Status for a missing or unknown bearer token', async () => {
    for (const token of [null, 'sha256~not-a-real-token']) {
      const res = await lab().request('GET', '/api/v1/namespaces', { token });
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
      expect((await lab().request('GET', '/lab/healthz', { token })).status).toBe(401);
    }
  });
});
