/**
 * One HTTP(S) request with a text answer, on the caller's agent (its TLS settings and keep-alive):
 * what the vSphere SOAP transport needs (an envelope POSTed, a guest file fetched) and no more.
 *
 * Node's client rather than axios there: a vSphere session makes dozens of small calls, and with
 * axios each paid its per-request config merging on top of axios's load (with form-data and the
 * fetch internals of Node it touches), about a tenth of a sanity-cold run's CPU, measured with
 * --cpu-prof. axios stays where its features serve (the REST sources, lib/providers/rest.ts).
 * Like axios in Node, the timeout is the socket's idle time, and no proxy from the environment is
 * used. Errors are Node's (code ECONNREFUSED, certificate errors, ...); a timeout is ETIMEDOUT.
 */
import http from 'node:http';
import https from 'node:https';

export interface TextRequest {
  method: 'GET' | 'POST';
  url: string;
  agent: http.Agent;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface TextResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  data: string;
}

export function requestText(req: TextRequest): Promise<TextResponse> {
  const url = new URL(req.url);
  const send = url.protocol === 'https:' ? https.request : http.request;
  const length = req.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(req.body)) };
  return new Promise((resolve, reject) => {
    const request = send(url, { method: req.method, agent: req.agent, headers: { ...req.headers, ...length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, data: Buffer.concat(chunks).toString('utf8') }));
    });
    request.setTimeout(req.timeoutMs, () => {
      request.destroy(Object.assign(new Error(`no answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    request.on('error', reject);
    request.end(req.body);
  });
}
