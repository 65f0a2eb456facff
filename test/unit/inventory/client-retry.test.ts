/** Inventory transport: 206 (not at parity yet) and 5xx are retried with bounded backoff; other errors are not. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { InventoryClient } from '../../../lib/inventory/client';
import { silentLog } from '../../../lib/k8s/log';

describe('InventoryClient retries', () => {
  let server: http.Server;
  let script: number[] = [];
  let hits = 0;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits += 1;
      const status = script.shift() ?? 200;
      if (req.headers.authorization !== 'Bearer t') {
        res.writeHead(401).end('no token');
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? JSON.stringify([{ id: 'vm-1' }]) : '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    hits = 0;
  });

  it('retries 206 and 503 until the answer comes', async () => {
    script = [206, 206, 503];
    const c = new InventoryClient(base, { Authorization: 'Bearer t' }, { rejectUnauthorized: true }, silentLog);
    await expect(c.get('/providers/vsphere/u/vms')).resolves.toEqual([{ id: 'vm-1' }]);
    expect(hits).toBe(4);
    c.close();
  });

  it('gives up at its deadline naming the last answer', async () => {
    script = Array(100).fill(206);
    const c = new InventoryClient(base, { Authorization: 'Bearer t' }, { rejectUnauthorized: true }, silentLog);
    const error = await c.get('/providers/vsphere/u/vms', { timeoutMs: 800 }).catch((e: unknown) => e);
    const attempts = /no answer within 800 ms after (\d+) attempt\(s\); last: 206 Partial Content/.exec(String(error))?.[1];
    // It stopped at its deadline, retrying in between: every attempt it reports reached the server, and no more.
    expect(Number(attempts)).toBeGreaterThan(1);
    expect(hits).toBe(Number(attempts));
    c.close();
    script = [];
  });

  it('does not retry 404 or 401', async () => {
    script = [404];
    const c = new InventoryClient(base, { Authorization: 'Bearer t' }, { rejectUnauthorized: true }, silentLog);
    await expect(c.get('/providers/vsphere/u/vms/x')).rejects.toThrow(/not found \(404\)/);
    expect(hits).toBe(1);
    const anon = new InventoryClient(base, {}, { rejectUnauthorized: true }, silentLog);
    await expect(anon.get('/providers')).rejects.toMatchObject({ status: 401 });
    c.close();
    anon.close();
  });
});
