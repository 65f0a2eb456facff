/**
 * The inventory's HTTPS listener (Forklift serves it with gin on 8443; the lab on 127.0.0.1:0 with
 * the lab's serving certificate). Only GET is served. Authorization runs before routing so that
 * an unauthenticated caller learns nothing, not even whether a provider exists.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { LabTls } from '../component';
import { bearerToken, type InventoryAuth } from './auth';
import type { InventoryRoutes } from './routes';

export interface InventoryServer {
  port: number;
  close(): Promise<void>;
}

export async function startInventoryServer(
  tls: LabTls,
  routes: InventoryRoutes,
  auth: InventoryAuth,
  log: (m: string) => void,
): Promise<InventoryServer> {
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'https://inventory.local');
    if (req.method !== 'GET') return send(405, { error: 'method not allowed' });
    const inv = { path: url.pathname, query: url.searchParams };
    const need = routes.authNeed(inv);
    if (!need) return send(404);
    auth
      .authorize(bearerToken(req.headers.authorization), need)
      .then((decision) => {
        if (!decision.allowed)
          return send(decision.status, undefined, decision.status === 403 ? { 'forklift-error-message': decision.message } : {});
        const answer = routes.handle(inv);
        send(answer.status, answer.status === 206 ? undefined : answer.body, answer.headers);
      })
      .catch((e: unknown) => {
        log(`inventory request ${url.pathname} failed: ${e instanceof Error ? e.message : String(e)}`);
        send(500, { error: 'internal error' });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
