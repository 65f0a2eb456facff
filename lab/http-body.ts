/**
 * The request body reader the lab's source simulators (vCenter, oVirt engine, OpenStack) share:
 * the whole body as text, bounded so that a runaway client cannot fill the lab's memory. (The API
 * server has its own reader in lab/apiserver/http-util.ts, which answers kube's 413 Status.)
 */
import type http from 'node:http';

export function readTextBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('error', reject);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
