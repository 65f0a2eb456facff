/**
 * The small HTTP toolkit the OpenStack services share: a route table matched by method and path
 * pattern (`:name` segments become params), JSON bodies, and the reply type handlers return.
 */
import type http from 'node:http';

export interface ApiRequest {
  method: string;
  path: string; // below the service prefix, without query
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  baseUrl: string; // https://127.0.0.1:<port>
}

export interface ApiReply {
  status: number;
  body?: unknown; // JSON-encoded unless a string
  headers?: Record<string, string>;
}

export type Handler = (req: ApiRequest) => ApiReply;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
  open: boolean; // answered without a token (version documents, Keystone's own auth)
}

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler, open: false });
    return this;
  }

  /** A route that needs no X-Auth-Token. */
  open(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler, open: true });
    return this;
  }

  /** The handler and params for a request, or 'method' when the path exists with other methods. */
  match(method: string, path: string): { handler: Handler; params: Record<string, string>; open: boolean } | 'method' | undefined {
    const parts = path.split('/').filter(Boolean);
    let pathKnown = false;
    for (const r of this.routes) {
      const params = matchSegments(r.segments, parts);
      if (!params) continue;
      if (r.method === method) return { handler: r.handler, params, open: r.open };
      pathKnown = true;
    }
    return pathKnown ? 'method' : undefined;
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const v = decodeURIComponent(parts[i]!);
    if (p.startsWith(':')) params[p.slice(1)] = v;
    else if (p !== v) return undefined;
  }
  return params;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): ApiReply => ({ status, body, headers });

/** An object field of a request body, or a 400 error message naming it. */
export function bodyObject(body: unknown, key: string): Record<string, unknown> {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (!v || typeof v !== 'object' || Array.isArray(v))
    throw new BadRequest(`Invalid input for field/attribute ${key}: a JSON object is required`);
  return v as Record<string, unknown>;
}

export const str = (o: Record<string, unknown>, key: string): string | undefined =>
  typeof o[key] === 'string' ? (o[key] as string) : undefined;

/** A malformed request (each service renders it in its own error shape). */
export class BadRequest extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadRequest';
  }
}

/** `?name=a&name=b` style filters: every given key must match one of its values. */
export function matchesFilters(item: Record<string, unknown>, query: URLSearchParams, keys: readonly string[]): boolean {
  return keys.every((k) => {
    const wanted = query.getAll(k);
    return wanted.length === 0 || wanted.includes(String(item[k] ?? ''));
  });
}
