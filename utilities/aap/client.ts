/**
 * The AAP (AWX) REST API calls the suite makes (utilities/aap.py _awx_api_request,
 * _find_awx_resource_by_name): bearer-token JSON requests under /api/v2/. TLS is verified with the
 * given CA; without one it is not verified, as the Python suite does (verify=False). The token
 * is registered as a secret so no log line can carry it.
 */
import https from 'node:https';
import { AapApiError, AapJobTemplateNotFoundError } from '../../exceptions/hooks';
import { registerSecret } from '../../lib/log/redact';

export interface AapSettings {
  /** Base URL, e.g. https://awx.example.com (no trailing slash). */
  url: string;
  token: string;
  /** PEM of the CA that signs the server certificate; undefined: TLS is not verified. */
  caPem?: string;
  /** Where the settings came from, for messages (e.g. "run config", "the lab"). */
  source: string;
}

const TIMEOUT_MS = 30_000;

export class AapClient {
  constructor(private readonly settings: AapSettings) {
    registerSecret(settings.token);
  }

  get url(): string {
    return this.settings.url;
  }

  /** One JSON request; a non-2xx answer or a body that is not JSON throws AapApiError naming the request. */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const target = `${this.settings.url.replace(/\/+$/, '')}${path}`;
    const what = `${method} ${target}`;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = https.request(
        target,
        {
          method,
          timeout: TIMEOUT_MS,
          ...(this.settings.caPem ? { ca: this.settings.caPem } : { rejectUnauthorized: false }),
          headers: {
            Authorization: `Bearer ${this.settings.token}`,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) return reject(new AapApiError(what, status, text.slice(0, 300) || '(empty body)'));
            try {
              resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {});
            } catch {
              reject(new AapApiError(what, status, `the answer is not JSON: ${text.slice(0, 120)}`));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new AapApiError(what, 0, `no answer within ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (e) => reject(e instanceof AapApiError ? e : new AapApiError(what, 0, e.message)));
      req.end(payload);
    });
  }

  /** GET /api/v2/ping/: the server answers and says which version it runs. */
  async ping(): Promise<string> {
    const pong = await this.request('GET', '/api/v2/ping/');
    return String(pong.version ?? 'unknown');
  }

  /** _find_awx_resource_by_name on /api/v2/job_templates/: the template's id. */
  async jobTemplateId(name: string): Promise<number> {
    const page = await this.request('GET', `/api/v2/job_templates/?name=${encodeURIComponent(name)}`);
    const results = Array.isArray(page.results) ? (page.results as Array<{ id?: unknown; name?: unknown }>) : [];
    const hit = results.find((t) => t.name === name);
    if (!hit) throw new AapJobTemplateNotFoundError(this.settings.url, name);
    if (typeof hit.id !== 'number' || !Number.isInteger(hit.id) || hit.id <= 0)
      throw new AapApiError(`GET ${this.settings.url}/api/v2/job_templates/?name=${name}`, 200, `job template '${name}' has no valid id`);
    return hit.id;
  }
}
