/** startLab in-process: component order, LabContext provide/need, upgrade routing with auth, reverse stop. */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { LabComponent, LabContext } from '../../../lab/component';
import { startLab, type RunningLab } from '../../../lab/lab';

describe('startLab and LabContext', () => {
  let dir: string;
  let lab: RunningLab;
  const events: string[] = [];
  let seenParams: Record<string, string> | undefined;

  const first: LabComponent = {
    name: 'first',
    async start(ctx: LabContext) {
      events.push('start first');
      ctx.provide('greeting', { text: 'hello' });
      ctx.registerUpgrade(
        '/apis/subresources.kubevirt.io/v1/namespaces/:ns/virtualmachines/:name/portforward/:port',
        (_req, socket, _head, params) => {
          seenParams = params;
          socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n');
        },
      );
      return { stop: async () => void events.push('stop first') };
    },
  };
  const second: LabComponent = {
    name: 'second',
    async start(ctx: LabContext) {
      events.push(`start second (${ctx.need<{ text: string }>('greeting').text}, ${ctx.msPerMinute} ms/min)`);
      expect(() => ctx.need('missing')).toThrow(/"missing" was not provided.*known: greeting/);
      return { stop: async () => void events.push('stop second') };
    },
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-lab-ctx-'));
    lab = await startLab({ stateDir: dir, components: [first, second], log: () => undefined });
  });
  afterAll(async () => {
    await lab.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function upgrade(p: string, token?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { Connection: 'Upgrade', Upgrade: 'SPDY/3.1' };
      if (token) headers.Authorization = `Bearer ${token}`;
      const req = https.request(new URL(p, lab.url), { headers, ca: lab.context.tls.caCertPem });
      req.on('upgrade', (res, socket) => {
        socket.destroy();
        resolve(res.statusCode ?? 0);
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('starts components in order with a working LabContext', () => {
    expect(events).toEqual(['start first', 'start second (hello, 100 ms/min)']);
    expect(lab.context.apiServerUrl).toBe(lab.url);
    expect(lab.context.stateDir).toBe(dir);
  });

  it('routes authenticated upgrade requests to the registered handler with path params', async () => {
    const p = '/apis/subresources.kubevirt.io/v1/namespaces/ns1/virtualmachines/vm1/portforward/22';
    expect(await upgrade(p, lab.adminToken)).toBe(101);
    expect(seenParams).toEqual({ ns: 'ns1', name: 'vm1', port: '22' });
    expect(await upgrade(p)).toBe(401);
    expect(await upgrade(p, 'sha256~bogus')).toBe(401);
    expect(await upgrade('/apis/subresources.kubevirt.io/v1/namespaces/ns1/virtualmachines/vm1/console', lab.adminToken)).toBe(404);
  });

  it('stops components in reverse order, then the server', async () => {
    await lab.stop();
    expect(events.slice(-2)).toEqual(['stop second', 'stop first']);
    await expect(upgrade('/apis', lab.adminToken)).rejects.toThrow();
  });
});
