/** Request/response plumbing shared by the API server's handlers. */
import type http from 'node:http';
import { ApiError, errors } from './errors';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Reads the whole body (bounded); rejects with 413 past MAX_BODY_BYTES. */
export function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(new ApiError(413, 'RequestEntityTooLarge', `the request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(errors.badRequest(`reading the request body failed: ${e.message}`));
      failed = true;
    });
  });
}

export function mediaType(req: http.IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function sendJson(res: http.ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendError(res: http.ServerResponse, e: unknown, headers: Record<string, string> = {}): number {
  const err = e instanceof ApiError ? e : errors.internal(e instanceof Error ? e.message : String(e));
  const h = { ...headers };
  if (err.details?.retryAfterSeconds !== undefined) h['Retry-After'] = String(err.details.retryAfterSeconds);
  sendJson(res, err.code, err.toStatus(), h);
  return err.code;
}

export function sendText(res: http.ServerResponse, code: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** The bearer token of a request, if it carries one. */
export function bearerToken(req: http.IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1];
}
