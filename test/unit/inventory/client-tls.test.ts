/**
 * Inventory transport TLS: the Route is verified against the cluster CA (then the system roots with
 * it); a certificate nobody trusts fails the call at once, naming how to trust it.
 */
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureTls } from '../../../lab/certs';
import { InventoryError } from '../../../exceptions/inventory';
import { InventoryClient } from '../../../lib/inventory/client';
import { silentLog } from '../../../lib/k8s/log';

const dirs = [fs.mkdtempSync(path.join(os.tmpdir(), 'inv-tls-a-')), fs.mkdtempSync(path.join(os.tmpdir(), 'inv-tls-b-'))];
const routeTls = ensureTls(dirs[0]!);
const otherCa = ensureTls(dirs[1]!).caCertPem;
let server: https.Server;
let base = '';
let hits = 0;

beforeAll(async () => {
  server = https.createServer({ cert: routeTls.certPem, key: routeTls.keyPem }, (_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
beforeEach(() => {
  hits = 0;
});

test('a Route signed by the cluster CA is verified with it', async () => {
  const c = new InventoryClient(base, {}, { ca: routeTls.caCertPem, rejectUnauthorized: true }, silentLog);
  await expect(c.get('/providers')).resolves.toEqual([]);
  expect(c.requests).toBe(1);
  c.close();
});

test('a Route no trusted CA signed fails at once, after one try with the system roots added, naming the fix', async () => {
  const c = new InventoryClient(base, {}, { ca: otherCa, rejectUnauthorized: true }, silentLog);
  const error = await c.get('/providers', { timeoutMs: 60_000 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InventoryError);
  expect(String(error)).toMatch(/the certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted .*insecure_verify_skip: true/);
  // The cluster CA alone, then the system roots with it; no retry until the 60 s deadline.
  expect(c.requests).toBe(2);
  expect(hits).toBe(0);
  c.close();
});

test('insecure_verify_skip reaches the Route whatever signed it', async () => {
  const c = new InventoryClient(base, {}, { ca: otherCa, rejectUnauthorized: false }, silentLog);
  await expect(c.get('/providers')).resolves.toEqual([]);
  c.close();
});
