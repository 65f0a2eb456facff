/** Keystone v3 of the lab cloud over HTTP: version documents, password auth, catalog, validation, revocation, 401s. */
import { call, CREDS, passwordAuth, useSimulator } from './client';

const sim = useSimulator();

describe('Keystone', () => {
  test('version documents at / and /v3 need no token', async () => {
    const root = await call(sim().sim.url, 'GET', '/');
    expect(root.status).toBe(300);
    expect(root.body.versions.values[0]).toMatchObject({ id: 'v3.14', status: 'stable' });
    const v3 = await call(sim().sim.url, 'GET', '/v3');
    expect(v3.status).toBe(200);
    expect(v3.body.version.links[0].href).toBe(`${sim().sim.url}/v3/`);
  });

  test('password auth: 201, X-Subject-Token, project-scoped token with the catalog on this server', async () => {
    const r = await call(sim().sim.url, 'POST', '/v3/auth/tokens', { body: passwordAuth(CREDS.password) });
    expect(r.status).toBe(201);
    expect(r.headers['x-subject-token']).toMatch(/^gAAAAA/);
    const token = r.body.token;
    expect(token.project).toMatchObject({ name: 'mtv-qe', domain: { id: 'default', name: 'Default' } });
    expect(token.user.name).toBe(CREDS.username);
    const types = token.catalog.map((s: { type: string }) => s.type);
    expect(types).toEqual(expect.arrayContaining(['identity', 'compute', 'volumev3', 'image', 'network']));
    const volume = token.catalog.find((s: { type: string }) => s.type === 'volumev3');
    expect(volume.endpoints.find((e: { interface: string }) => e.interface === 'public')).toMatchObject({
      region: 'RegionOne',
      url: `${sim().sim.url}/volume/v3/${sim().projectId}`,
    });
    expect(Date.parse(token.expires_at)).toBeGreaterThan(Date.now());
  });

  test('wrong password, unknown user domain or project: 401', async () => {
    expect((await call(sim().sim.url, 'POST', '/v3/auth/tokens', { body: passwordAuth('wrong') })).status).toBe(401);
    expect((await call(sim().sim.url, 'POST', '/v3/auth/tokens', { body: passwordAuth(CREDS.password, 'other-project') })).status).toBe(
      401,
    );
    const otherDomain = passwordAuth(CREDS.password) as { auth: { identity: { password: { user: { domain: unknown } } } } };
    otherDomain.auth.identity.password.user.domain = { name: 'ldap' };
    const r = await call(sim().sim.url, 'POST', '/v3/auth/tokens', { body: otherDomain });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 401, title: 'Unauthorized' });
  });

  test('token validation (GET, HEAD) and revocation (DELETE)', async () => {
    const fresh = String(
      (await call(sim().sim.url, 'POST', '/v3/auth/tokens', { body: passwordAuth(CREDS.password) })).headers['x-subject-token'],
    );
    const check = { 'x-subject-token': fresh };
    const got = await call(sim().sim.url, 'GET', '/v3/auth/tokens', { token: sim().token, headers: check });
    expect(got.status).toBe(200);
    expect(got.body.token.project.id).toBe(sim().projectId);
    expect((await call(sim().sim.url, 'HEAD', '/v3/auth/tokens', { token: sim().token, headers: check })).status).toBe(200);
    expect((await call(sim().sim.url, 'DELETE', '/v3/auth/tokens', { token: sim().token, headers: check })).status).toBe(204);
    expect((await call(sim().sim.url, 'GET', '/v3/auth/tokens', { token: sim().token, headers: check })).status).toBe(404);
    expect((await call(sim().sim.url, 'GET', '/compute/v2.1/servers', { token: fresh })).status).toBe(401);
  });

  test('every service answers 401 with WWW-Authenticate without a valid X-Auth-Token', async () => {
    const { projectId } = sim();
    for (const path of ['/compute/v2.1/servers/detail', `/volume/v3/${projectId}/volumes`, '/image/v2/images', '/network/v2.0/networks']) {
      for (const token of [undefined, 'not-a-token']) {
        const r = await call(sim().sim.url, 'GET', path, token ? { token } : {});
        expect([path, r.status]).toEqual([path, 401]);
        expect(r.headers['www-authenticate']).toBe(`Keystone uri="${sim().sim.url}/v3"`);
      }
    }
  });
});
