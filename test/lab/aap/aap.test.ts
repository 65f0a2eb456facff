/**
 * The lab AAP (lab/aap): the AWX REST API shapes the Python suite and Forklift's AAP hook use, over
 * plain HTTP in-process (the lab serves it over HTTPS with its CA): ping without auth, 401 without
 * or with a wrong token, OAuth2 tokens from basic auth, job template lookup by name, launch with
 * extra_vars, and jobs that run pending → running → successful/failed by template, or failed under
 * the fault 'aap-job-fails'.
 */
import { AapModel } from '../../../lab/aap/model';
import { startAapSimulator, type RunningAapSimulator } from '../../../lab/aap/server';

const MS_PER_MINUTE = 1000;
let now = 0;
let failJobs = false;
const model = new AapModel('admin-pass', MS_PER_MINUTE, () => now);
const token = model.addToken('test', 'write').token;
let sim: RunningAapSimulator;

async function call(
  method: string,
  path: string,
  opts: { auth?: string; body?: unknown } = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...(opts.auth ? { Authorization: opts.auth } : {}), 'Content-Type': 'application/json' },
    ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
const bearer = `Bearer ${token}`;

beforeAll(async () => {
  sim = await startAapSimulator({ model, failJobs: () => failJobs });
});
afterAll(() => sim.stop());

describe('lab AAP (AWX API v2)', () => {
  it('answers ping without auth and refuses everything else without a valid token', async () => {
    expect((await call('GET', '/api/v2/ping/')).json.version).toEqual(expect.any(String));
    expect(await call('GET', '/api/v2/job_templates/')).toEqual({
      status: 401,
      json: { detail: 'Authentication credentials were not provided.' },
    });
    expect((await call('GET', '/api/v2/job_templates/', { auth: 'Bearer nope' })).status).toBe(401);
  });

  it('issues OAuth2 tokens for the admin (basic auth) that then authenticate', async () => {
    const basic = `Basic ${Buffer.from('admin:admin-pass').toString('base64')}`;
    const created = await call('POST', '/api/v2/tokens/', { auth: basic, body: { description: 'mtv-api-tests', scope: 'write' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ type: 'o_auth2_access_token', scope: 'write', token: expect.any(String) });
    expect((await call('GET', '/api/v2/me/', { auth: `Bearer ${String(created.json.token)}` })).status).toBe(200);
    expect((await call('POST', '/api/v2/tokens/', { auth: 'Basic ' + Buffer.from('admin:wrong').toString('base64') })).status).toBe(401);
  });

  it('finds job templates by exact name', async () => {
    const hit = await call('GET', '/api/v2/job_templates/?name=mtv-pre-hook', { auth: bearer });
    expect(hit.json).toMatchObject({ count: 1, results: [{ name: 'mtv-pre-hook', type: 'job_template', id: expect.any(Number) }] });
    expect((await call('GET', '/api/v2/job_templates/?name=mtv-pre', { auth: bearer })).json.count).toBe(0);
  });

  it('launches a job with extra_vars; it runs and ends by template', async () => {
    now = 0;
    const id = (await call('GET', '/api/v2/job_templates/?name=mtv-post-hook', { auth: bearer })).json.results as Array<{ id: number }>;
    const launched = await call('POST', `/api/v2/job_templates/${id[0]!.id}/launch/`, {
      auth: bearer,
      body: { extra_vars: { vm_name: 'v' } },
    });
    expect(launched.status).toBe(201);
    expect(launched.json).toMatchObject({ job: expect.any(Number), status: 'pending', ignored_fields: {} });
    const job = `/api/v2/jobs/${String(launched.json.job)}/`;
    now = 0.5 * MS_PER_MINUTE;
    expect((await call('GET', job, { auth: bearer })).json.status).toBe('running');
    now = 2 * MS_PER_MINUTE;
    expect((await call('GET', job, { auth: bearer })).json).toMatchObject({
      status: 'successful',
      failed: false,
      extra_vars: '{"vm_name":"v"}',
    });
  });

  it('fails the failing template, and every job under aap-job-fails', async () => {
    const ids = new Map(model.templates.map((t) => [t.name, t.id]));
    const run = async (name: string): Promise<unknown> => {
      now = 0;
      const launched = await call('POST', `/api/v2/job_templates/${ids.get(name)}/launch/`, { auth: bearer, body: {} });
      now = 5 * MS_PER_MINUTE;
      return (await call('GET', `/api/v2/jobs/${String(launched.json.job)}/`, { auth: bearer })).json.status;
    };
    expect(await run('mtv-failing-hook')).toBe('failed');
    failJobs = true;
    expect(await run('mtv-pre-hook')).toBe('failed');
    failJobs = false;
    expect(await run('mtv-pre-hook')).toBe('successful');
    expect((await call('GET', '/api/v2/jobs/9999/', { auth: bearer })).status).toBe(404);
  });
});
