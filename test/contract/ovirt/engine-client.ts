/**
 * A client that talks to an oVirt engine the way ovirt-engine-sdk (Python, the Python suite's
 * client) does: an SSO token from /ovirt-engine/sso/oauth/token (form grant_type=password,
 * scope=ovirt-app-api, Accept: application/json), then API requests with `Version: 4`,
 * `Accept: application/xml`, `Content-Type: application/xml` and `Authorization: Bearer <token>`;
 * follow_link() resolves an `href` against the engine's base URL.
 */
import https from 'node:https';
import { XMLParser } from 'fast-xml-parser';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; ca: string },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? 'GET', headers: opts.headers ?? {}, ca: opts.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** `link` repeats, and so does every member of a plural container (`<vms><vm/>`, `<storage_domains><storage_domain/>`). */
function repeated(name: string, jpath: string): boolean {
  const parts = jpath.split('.');
  const parent = parts[parts.length - 2];
  return name === 'link' || parent === `${name}s` || (parent === 'supported_versions' && name === 'version');
}

export const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name, jpath) => repeated(name, String(jpath)),
});

export type XmlObj = Record<string, unknown>;

export class SdkLikeClient {
  private token?: string;

  constructor(
    readonly apiUrl: string, // https://host:port/ovirt-engine/api
    private readonly username: string,
    private readonly password: string,
    readonly ca: string,
  ) {}

  get origin(): string {
    return new URL(this.apiUrl).origin;
  }

  async ssoToken(password = this.password): Promise<HttpAnswer> {
    const form = new URLSearchParams({ grant_type: 'password', scope: 'ovirt-app-api', username: this.username, password }).toString();
    return request(`${this.origin}/ovirt-engine/sso/oauth/token`, {
      method: 'POST',
      ca: this.ca,
      body: form,
      headers: { 'User-Agent': 'PythonSDK/4.6.3', Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  }

  async login(): Promise<void> {
    const answer = await this.ssoToken();
    this.token = (JSON.parse(answer.body) as { access_token: string }).access_token;
  }

  /** A raw API request as the SDK sends it; `path` is relative to the API URL, e.g. `/vms`. */
  send(
    method: string,
    path: string,
    opts: { query?: Record<string, string>; body?: string; authorization?: string; accept?: string } = {},
  ): Promise<HttpAnswer> {
    const query = opts.query ? `?${new URLSearchParams(Object.entries(opts.query).sort()).toString()}` : '';
    return request(`${this.apiUrl}${path}${query}`, {
      method,
      ca: this.ca,
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      headers: {
        'User-Agent': 'PythonSDK/4.6.3',
        Version: '4',
        'Content-Type': 'application/xml',
        Accept: opts.accept ?? 'application/xml',
        Authorization: opts.authorization ?? `Bearer ${this.token ?? ''}`,
      },
    });
  }

  /** GET and parse the XML; fails with the body when the answer is not 200 XML. */
  async get(path: string, query?: Record<string, string>): Promise<XmlObj> {
    const answer = await this.send('GET', path, query ? { query } : {});
    if (answer.status !== 200 || !/^application\/xml/.test(String(answer.headers['content-type']))) {
      throw new Error(`GET ${path} answered ${answer.status} ${String(answer.headers['content-type'])}: ${answer.body}`);
    }
    return xmlParser.parse(answer.body) as XmlObj;
  }

  parse(xml: string): XmlObj {
    return xmlParser.parse(xml) as XmlObj;
  }

  /** follow_link: the href must start with the API path, and the rest is requested. */
  async follow(href: string): Promise<XmlObj> {
    const prefix = `${new URL(this.apiUrl).pathname}/`;
    if (!href.startsWith(prefix)) throw new Error(`The URL '${href}' isn't compatible with the base URL of the connection`);
    return this.get(`/${href.slice(prefix.length)}`);
  }
}
