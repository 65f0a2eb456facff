/**
 * Self-test helper: one lab process per test file (launched in beforeAll, stopped in afterAll),
 * with a throwaway state directory and a small HTTPS client that trusts the lab's CA.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launchLabProcess, type LaunchedLab, type LaunchOptions } from '../../lab/launch';

export interface LabResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = Record<string, unknown>>(): T;
}

export interface RequestOptions {
  body?: string | Buffer | object;
  contentType?: string;
  token?: string | null; // null: send no Authorization header; default: the admin token
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export interface TestLab extends LaunchedLab {
  caPem: string;
  request(method: string, urlPath: string, opts?: RequestOptions): Promise<LabResponse>;
}

export function labRequest(
  lab: { url: string; adminToken: string },
  caPem: string,
  method: string,
  urlPath: string,
  opts: RequestOptions = {},
): Promise<LabResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  const token = opts.token === undefined ? lab.adminToken : opts.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let payload: Buffer | undefined;
  if (opts.body !== undefined) {
    payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = String(payload.length);
  } else if (opts.contentType) headers['Content-Type'] = opts.contentType;
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(urlPath, lab.url), { method, headers, ca: caPem, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export interface WatchEventLine {
  type: string;
  object: { kind?: string; metadata?: { name?: string; namespace?: string; resourceVersion?: string }; [key: string]: unknown };
}

/**
 * Opens a watch (`watchPath` must include ?watch=true) and resolves with the first event that
 * matches `predicate`; rejects after `timeoutMs` or if the stream ends first.
 */
export function watchUntil(
  lab: TestLab,
  watchPath: string,
  predicate: (e: WatchEventLine) => boolean,
  timeoutMs = 10_000,
): Promise<WatchEventLine> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    let done = false;
    const finish = (err: Error | undefined, ev?: WatchEventLine): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      if (err) reject(err);
      else if (ev) resolve(ev);
    };
    const req = https.get(new URL(watchPath, lab.url), { ca: lab.caPem, headers: { Authorization: `Bearer ${lab.adminToken}` } }, (res) => {
      if (res.statusCode !== 200) return finish(new Error(`watch ${watchPath} answered ${res.statusCode}`));
      res.on('error', () => undefined);
      const lines = readline.createInterface({ input: res });
      lines.on('error', () => undefined);
      lines.on('line', (line) => {
        const ev = JSON.parse(line) as WatchEventLine;
        seen.push(ev.type);
        if (predicate(ev)) finish(undefined, ev);
      });
      res.on('end', () => finish(new Error(`watch ${watchPath} ended before a matching event; saw ${seen.join(', ')}`)));
    });
    req.on('error', (e) => finish(e));
    const timer = setTimeout(
      () => finish(new Error(`no matching event on ${watchPath} within ${timeoutMs} ms; saw ${seen.join(', ') || 'nothing'}`)),
      timeoutMs,
    );
  });
}

/**
 * A transport error of a lab request (HTTP statuses resolve) with the lab's pid, URL, state folder
 * and whether its process still runs: a TLS or connection failure then tells a lab that exited
 * from one that answered wrongly.
 */
function withLabState(error: unknown, lab: LaunchedLab): Error {
  const exit = lab.exitStatus();
  const state = exit ? `exited (code ${String(exit.code)}, signal ${String(exit.signal)})` : 'still running';
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message} (lab pid ${lab.pid} at ${lab.url}, ${state}; state ${lab.stateDir})`, { cause: error });
}

/** Registers beforeAll/afterAll that run a lab for this test file; call the getter inside tests. */
export function useLab(opts: LaunchOptions = {}): () => TestLab {
  let lab: TestLab | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-lab-test-'));
    const launched = await launchLabProcess({ ...opts, stateDir: dir });
    const caPem = fs.readFileSync(path.join(launched.stateDir, 'ca.crt'), 'utf8');
    const request = (m: string, p: string, o?: RequestOptions): Promise<LabResponse> =>
      labRequest(launched, caPem, m, p, o).catch((error: unknown) => Promise.reject(withLabState(error, launched)));
    lab = { ...launched, caPem, request };
  }, 40_000);
  afterAll(async () => {
    await lab?.stop();
    if (dir && !opts.stateDir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!lab) throw new Error('the lab is not running (did beforeAll fail?)');
    return lab;
  };
}
