/** A minimal OpenStack HTTP client for the simulator tests: log in once, then JSON requests with X-Auth-Token. */
import http from 'node:http';
import { startOpenStackSimulator, type RunningOpenStackSimulator } from '../../../lab/openstack/server';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test JSON
}

export const CREDS = { username: 'mtv-admin', password: 'Osp-test-password' };

export function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(opts.token ? { 'x-auth-token': opts.token } : {}),
    ...(payload ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          /* plain-text body (Glance errors) */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export function passwordAuth(password: string, project = 'mtv-qe'): unknown {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: CREDS.username, password, domain: { name: 'Default' } } } },
      scope: { project: { name: project, domain: { name: 'Default' } } },
    },
  };
}

export interface SimFixture {
  sim: RunningOpenStackSimulator;
  token: string;
  projectId: string;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
  send(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
}

/** Starts a fresh simulator (plain HTTP) per test file and logs in. */
export function useSimulator(): () => SimFixture {
  let fx: SimFixture | undefined;
  beforeAll(async () => {
    const sim = await startOpenStackSimulator({ credentials: CREDS });
    const auth = await call(sim.url, 'POST', '/v3/auth/tokens', { body: passwordAuth(CREDS.password) });
    const token = String(auth.headers['x-subject-token']);
    const projectId = sim.cloud.data.identity.project.id;
    fx = {
      sim,
      token,
      projectId,
      get: (path, headers) => call(sim.url, 'GET', path, { token, ...(headers ? { headers } : {}) }),
      send: (method, path, body, headers) => call(sim.url, method, path, { token, body, ...(headers ? { headers } : {}) }),
    };
  });
  afterAll(async () => {
    await fx?.sim.stop();
  });
  return () => {
    if (!fx) throw new Error('the simulator did not start');
    return fx;
  };
}
