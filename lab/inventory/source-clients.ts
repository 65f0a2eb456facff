/**
 * The two remote source APIs the lab's Forklift reads, as Forklift's own clients do: the oVirt
 * engine's REST API v4 (SSO token from /ovirt-engine/sso/oauth/token, then JSON with a bearer
 * token; pkg/controller/provider/container/ovirt) and OpenStack (Keystone v3 password auth,
 * endpoints from the token's catalog in the secret's region; container/openstack). Certificates
 * are verified with the secret's CA unless insecureSkipVerify. Used by the connection test, the
 * inventory collectors and the migration (power, snapshots).
 */
import http from 'node:http';
import https from 'node:https';

export interface TlsOptions {
  caPem?: string;
  insecure: boolean;
}

const TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A failed call: `status` is the HTTP status (0 when no answer came). */
export class SourceApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function httpsCall(
  url: string,
  method: string,
  tls: TlsOptions,
  headers: Record<string, string>,
  agent: https.Agent | undefined,
  body?: string,
): Promise<HttpAnswer> {
  const plain = url.startsWith('http:');
  return new Promise((resolve, reject) => {
    const req = (plain ? http : https).request(
      url,
      {
        method,
        headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) },
        timeout: TIMEOUT_MS,
        rejectUnauthorized: !tls.insecure,
        ...(tls.caPem && !tls.insecure ? { ca: tls.caPem } : {}),
        ...(agent && !plain ? { agent } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`dial ${new URL(url).host}: i/o timeout`)));
    req.on('error', (e) => reject(new SourceApiError(0, `${method} "${url}": ${e.message}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function parseJson(text: string, what: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new SourceApiError(0, `${what}: the answer is not JSON`);
  }
}

/** The engine's REST API, logged in with an SSO token (as ovirt-engine-sdk-go does). */
export class OvirtApi {
  private token: string | undefined;
  private loggingIn: Promise<void> | undefined;
  private readonly agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  readonly apiUrl: string;

  constructor(
    url: string,
    private readonly user: string,
    private readonly password: string,
    private readonly tls: TlsOptions,
  ) {
    this.apiUrl = url.replace(/\/+$/, '');
  }

  private ssoUrl(): string {
    const u = new URL(this.apiUrl);
    return `${u.origin}/ovirt-engine/sso/oauth/token`;
  }

  /** SSO login; a refused login is a SourceApiError with the SSO status (400/401) and its error text. */
  async login(): Promise<void> {
    const form = new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username: this.user, password: this.password });
    const res = await httpsCall(
      this.ssoUrl(),
      'POST',
      this.tls,
      { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      this.agent,
      form.toString(),
    );
    const body = parseJson(res.body, 'SSO token');
    if (res.status !== 200 || typeof body.access_token !== 'string')
      throw new SourceApiError(
        res.status,
        `Error during SSO authentication ${String(body.error_code ?? res.status)} : ${String(body.error ?? 'no token')}`,
      );
    this.token = body.access_token;
  }

  /** One API call (JSON); logs in first, and once more when the token was refused. */
  async call(method: string, path: string, xmlBody?: string): Promise<Record<string, unknown>> {
    if (!this.token) await (this.loggingIn ??= this.login().finally(() => (this.loggingIn = undefined)));
    let res = await this.send(method, path, xmlBody);
    if (res.status === 401) {
      await this.login();
      res = await this.send(method, path, xmlBody);
    }
    const body = parseJson(res.body, `${method} ${path}`);
    if (res.status >= 300) {
      const fault = body as { reason?: string; detail?: string };
      throw new SourceApiError(res.status, `${method} ${path}: HTTP ${res.status} ${fault.reason ?? ''} ${fault.detail ?? ''}`.trim());
    }
    return body;
  }

  get(path: string): Promise<Record<string, unknown>> {
    return this.call('GET', path);
  }

  /** A collection as an array: GET /vms answers {"vm": [...]}. */
  async list(path: string, tag: string): Promise<Array<Record<string, unknown>>> {
    const body = await this.get(path);
    return (body[tag] as Array<Record<string, unknown>> | undefined) ?? [];
  }

  private send(method: string, path: string, xmlBody?: string): Promise<HttpAnswer> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token ?? ''}`, Accept: 'application/json', Version: '4' };
    if (xmlBody !== undefined) headers['Content-Type'] = 'application/xml';
    return httpsCall(`${this.apiUrl}${path}`, method, this.tls, headers, this.agent, xmlBody);
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface OpenStackAuth {
  username: string;
  password: string;
  regionName: string;
  projectName?: string;
  projectID?: string;
  domainName?: string;
  domainID?: string;
}

type CatalogEntry = { type?: string; endpoints?: Array<{ interface?: string; region?: string; region_id?: string; url?: string }> };

type TokenBody = { catalog?: CatalogEntry[]; project?: { id?: string; name?: string; domain?: { id?: string } } };

/** The public endpoint of each service in the region (gophercloud's EndpointOpts{Region, Availability: public}). */
function publicEndpoints(catalog: CatalogEntry[], region: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const svc of catalog) {
    const ep = (svc.endpoints ?? []).find((e) => e.interface === 'public' && (e.region === region || e.region_id === region));
    if (svc.type && ep?.url) out.set(svc.type, ep.url.replace(/\/+$/, ''));
  }
  return out;
}

/** Keystone v3 password auth scoped to the project, then the services found in the catalog for the region. */
export class OpenStackApi {
  private token: string | undefined;
  private endpoints = new Map<string, string>();
  private authing: Promise<void> | undefined;
  private readonly agent = new https.Agent({ keepAlive: true, maxSockets: 4 });
  /** The project the token is scoped to. */
  project: { id: string; name: string; domainId: string } = { id: '', name: '', domainId: '' };

  constructor(
    private readonly authUrl: string,
    private readonly auth: OpenStackAuth,
    private readonly tls: TlsOptions,
  ) {}

  private authBody(): string {
    const a = this.auth;
    const domain = a.domainID ? { id: a.domainID } : { name: a.domainName ?? '' };
    const project = a.projectID ? { id: a.projectID } : { name: a.projectName ?? '', domain };
    return JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: a.username, domain, password: a.password } } },
        scope: { project },
      },
    });
  }

  /** Authenticate; refused credentials are a SourceApiError 401, an unknown region an error naming it. */
  async authenticate(): Promise<void> {
    const url = `${this.authUrl.replace(/\/+$/, '')}/auth/tokens`;
    const res = await httpsCall(
      url,
      'POST',
      this.tls,
      { 'Content-Type': 'application/json', Accept: 'application/json' },
      this.agent,
      this.authBody(),
    );
    const body = parseJson(res.body, 'Keystone token');
    if (res.status !== 201) {
      const msg = String((body.error as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`);
      throw new SourceApiError(res.status, `Authentication failed: ${msg}`);
    }
    const token = res.headers['x-subject-token'];
    this.token = typeof token === 'string' ? token : undefined;
    const tok = (body.token ?? {}) as TokenBody;
    this.project = { id: tok.project?.id ?? '', name: tok.project?.name ?? '', domainId: tok.project?.domain?.id ?? '' };
    this.endpoints = publicEndpoints(tok.catalog ?? [], this.auth.regionName);
    if (!this.endpoints.has('compute'))
      throw new SourceApiError(0, `No suitable endpoint could be found in the service catalog (region ${this.auth.regionName}).`);
  }

  /** GET/POST on a service ('compute', 'volumev3', 'image', 'network'); re-authenticates once on 401. */
  async call(
    service: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    if (!this.token) await (this.authing ??= this.authenticate().finally(() => (this.authing = undefined)));
    const send = () => {
      const base = this.endpoints.get(service);
      if (!base) throw new SourceApiError(0, `No suitable endpoint could be found in the service catalog for ${service}.`);
      return httpsCall(
        `${base}${path}`,
        method,
        this.tls,
        {
          'X-Auth-Token': this.token ?? '',
          Accept: 'application/json',
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        this.agent,
        body !== undefined ? JSON.stringify(body) : undefined,
      );
    };
    let res = await send();
    if (res.status === 401) {
      await this.authenticate();
      res = await send();
    }
    if (res.status >= 300)
      throw new SourceApiError(res.status, `${method} ${service}${path}: HTTP ${res.status} ${res.body.slice(0, 300)}`);
    return parseJson(res.body, `${method} ${service}${path}`);
  }

  get(service: string, path: string): Promise<Record<string, unknown>> {
    return this.call(service, 'GET', path);
  }

  /** The public endpoint of a service in the region (after authentication). */
  endpoint(service: string): string {
    return this.endpoints.get(service) ?? '';
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The OpenStack login a Provider secret holds (keys of reference §1.1). */
export function openStackAuthFrom(data: Record<string, string>): OpenStackAuth {
  return {
    username: data.username ?? '',
    password: data.password ?? '',
    regionName: data.regionName ?? '',
    ...(data.projectName ? { projectName: data.projectName } : {}),
    ...(data.projectID ? { projectID: data.projectID } : {}),
    ...(data.domainName ? { domainName: data.domainName } : {}),
    ...(data.domainID ? { domainID: data.domainID } : {}),
  };
}

export function tlsFrom(data: Record<string, string>): TlsOptions {
  const insecure = (data.insecureSkipVerify ?? '').toLowerCase() === 'true';
  const caPem = data['ca.crt'] || data.cacert;
  return { insecure, ...(caPem ? { caPem } : {}) };
}
