import { execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { VirtctlUnavailableError } from '../../../exceptions/post-migration';
import { zipSingleFile } from '../../../lab/bootstrap/virtctl-archives';
import {
  ensureVirtctl,
  findVirtctlOnPath,
  ORIGIN_FILE,
  selectVirtctlLink,
  type CliDownloadLink,
  type EnsureVirtctlOptions,
  type VirtctlLog,
} from '../../../utilities/virtctl';
import { selfSignedCert } from './tls-cert';

const run = promisify(execFile);
const SCRIPT = '#!/bin/sh\necho "virtctl test build $*"\n';
const LINK_TEXTS: Array<[string, string]> = [
  ['/amd64/linux/virtctl.tar.gz', 'Download virtctl for Linux for x86_64'],
  ['/arm64/linux/virtctl.tar.gz', 'Download virtctl for Linux for ARM 64'],
  ['/amd64/mac/virtctl.zip', 'Download virtctl for Mac for x86_64'],
  ['/arm64/mac/virtctl.zip', 'Download virtctl for Mac for ARM 64'],
  ['/amd64/windows/virtctl.zip', 'Download virtctl for Windows for x86_64'],
];

let workdir: string;
let server: https.Server;
let baseUrl: string;
let ca: string;

/** What the test server serves; a test swaps it to stand for a new virtctl build on the cluster. */
interface Served {
  tgz: Buffer;
  zip: Buffer;
  /** 'etag': ETag from the content (like the lab server); 'none': no validators at all. */
  validators: 'etag' | 'none';
  /** Status of HEAD answers (500 stands for a broken revalidation). */
  headStatus: number;
  /** Pause before a GET answer, so that racing workers overlap. */
  getDelayMs: number;
}
let served: Served;
/** Every request the server got, as "METHOD /path". */
const requests: string[] = [];

const SCRIPT_V2 = '#!/bin/sh\necho "virtctl test build two $*"\n';

async function archivesOf(script: string, name: string): Promise<{ tgz: Buffer; zip: Buffer }> {
  const src = path.join(workdir, `src-${name}`);
  await fs.mkdir(path.join(src, 'virtctl-dir'), { recursive: true });
  await fs.writeFile(path.join(src, 'virtctl-dir', 'virtctl'), script, { mode: 0o755 });
  const file = path.join(workdir, `virtctl-${name}.tar.gz`);
  await tar.c({ gzip: true, file, cwd: src }, ['virtctl-dir/virtctl']);
  return { tgz: await fs.readFile(file), zip: zipSingleFile('virtctl', Buffer.from(script), 0o755, new Date()) };
}
let v1: { tgz: Buffer; zip: Buffer };
let v2: { tgz: Buffer; zip: Buffer };

const sha256 = (data: Buffer): string => crypto.createHash('sha256').update(data).digest('hex');

beforeAll(async () => {
  workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'virtctl-test-'));
  v1 = await archivesOf(SCRIPT, 'v1');
  v2 = await archivesOf(SCRIPT_V2, 'v2');
  const tls = selfSignedCert();
  ca = tls.cert;
  server = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    requests.push(`${request.method ?? ''} ${request.url ?? ''}`);
    const body = request.url?.endsWith('.zip') ? served.zip : served.tgz;
    const headers = { 'content-type': 'application/octet-stream', ...(served.validators === 'etag' ? { etag: `"${sha256(body)}"` } : {}) };
    if (request.method === 'HEAD') {
      response.writeHead(served.headStatus, { ...headers, 'content-length': String(body.length) }).end();
      return;
    }
    setTimeout(() => response.writeHead(200, headers).end(body), served.getDelayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

beforeEach(() => {
  served = { ...v1, validators: 'etag', headStatus: 200, getDelayMs: 0 };
  requests.length = 0;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fs.rm(workdir, { recursive: true, force: true });
});

const links = (): CliDownloadLink[] => LINK_TEXTS.map(([p, text]) => ({ href: `${baseUrl}${p}`, text }));

function worker(cacheRoot: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = JSON.stringify({ cacheRoot, clusterVersion: '4.20.3', links: links(), ca });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'ensure-worker.ts'), args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('virtctl link selection', () => {
  it('matches OS and architecture words like the Python suite', () => {
    const all = links();
    expect(selectVirtctlLink(all, 'linux', 'x64').text).toBe('Download virtctl for Linux for x86_64');
    expect(selectVirtctlLink(all, 'linux', 'arm64').text).toBe('Download virtctl for Linux for ARM 64');
    expect(selectVirtctlLink(all, 'darwin', 'arm64').text).toBe('Download virtctl for Mac for ARM 64');
    expect(selectVirtctlLink([{ href: 'x', text: 'virtctl linux aarch64' }], 'linux', 'arm64').href).toBe('x');
    expect(() => selectVirtctlLink(all, 'win32', 'x64')).toThrow(VirtctlUnavailableError);
    expect(() => selectVirtctlLink(all.slice(2), 'linux', 'x64')).toThrow(/has no link for linux\/x64; links: "Download virtctl for Mac/);
  });
});

const LINUX_PATH = process.arch === 'arm64' ? '/arm64/linux/virtctl.tar.gz' : '/amd64/linux/virtctl.tar.gz';

/** A log that keeps what it was told, to check the warnings and the out-of-date line. */
function recordingLog(): VirtctlLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`) };
}

const ensureFrom = (cacheRoot: string, extra: Partial<EnsureVirtctlOptions> = {}) =>
  ensureVirtctl({ cacheRoot, clusterVersion: '4.20.3', searchPath: '', fetchLinks: async () => links(), tls: { ca }, ...extra });

describe('ensureVirtctl', () => {
  it('two racing workers download once; a later run revalidates with one HEAD and reuses the cache', async () => {
    const cacheRoot = path.join(workdir, 'cache-race');
    served.getDelayMs = 1500;
    const [a, b] = await Promise.all([worker(cacheRoot), worker(cacheRoot)]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as Array<{ path: string; source: string }>;
    const binary = path.join(cacheRoot, '4.20.3', 'virtctl');
    expect(results.map((r) => r.path)).toEqual([binary, binary]);
    expect(results.map((r) => r.source).sort()).toEqual(['cache', 'download']);
    expect(requests).toEqual([`GET ${LINUX_PATH}`]);
    const { stdout } = await run(binary, ['version']);
    expect(stdout).toBe('virtctl test build version\n');
    expect((await fs.readdir(path.join(cacheRoot, '4.20.3'))).sort()).toEqual(['virtctl', ORIGIN_FILE]);
    const origin = JSON.parse(await fs.readFile(path.join(cacheRoot, '4.20.3', ORIGIN_FILE), 'utf8')) as {
      validator: unknown;
      href: string;
    };
    expect(origin).toMatchObject({ validator: { etag: `"${sha256(v1.tgz)}"` }, href: `${baseUrl}${LINUX_PATH}` });

    requests.length = 0;
    const log = recordingLog();
    const again = await ensureFrom(cacheRoot, { log });
    expect(again).toEqual({ path: binary, source: 'cache' });
    expect(requests).toEqual([`HEAD ${LINUX_PATH}`]);
    expect(log.lines).toEqual([`info virtctl: using cached ${binary} (up to date: ETag "${sha256(v1.tgz)}")`]);
  }, 30_000);

  it('two workers on an out-of-date cache download the new build once', async () => {
    const cacheRoot = path.join(workdir, 'cache-stale-race');
    await ensureFrom(cacheRoot);
    served = { ...served, ...v2, getDelayMs: 1500 };
    requests.length = 0;
    const [a, b] = await Promise.all([worker(cacheRoot), worker(cacheRoot)]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect([a, b].map((r) => (JSON.parse(r.stdout) as { source: string }).source).sort()).toEqual(['cache', 'download']);
    expect(requests.sort()).toEqual([`GET ${LINUX_PATH}`, `HEAD ${LINUX_PATH}`, `HEAD ${LINUX_PATH}`]);
    expect((await run(path.join(cacheRoot, '4.20.3', 'virtctl'), ['x'])).stdout).toBe('virtctl test build two x\n');
  }, 30_000);

  it('downloads again when the server serves a different build, and the new binary runs', async () => {
    const cacheRoot = path.join(workdir, 'cache-changed');
    const first = await ensureFrom(cacheRoot);
    expect(first.source).toBe('download');
    served = { ...served, ...v2 };
    requests.length = 0;
    const log = recordingLog();
    const second = await ensureFrom(cacheRoot, { log });
    expect(second).toEqual({ path: first.path, source: 'download' });
    expect(requests).toEqual([`HEAD ${LINUX_PATH}`, `GET ${LINUX_PATH}`]);
    expect(log.lines).toContain(`info virtctl: cached ${first.path} is out of date (server ETag "${sha256(v2.tgz)}"), downloading again`);
    expect((await run(second.path, ['version'])).stdout).toBe('virtctl test build two version\n');
    // The record now names the new build: the next run is a plain cache hit.
    requests.length = 0;
    expect((await ensureFrom(cacheRoot)).source).toBe('cache');
    expect(requests).toEqual([`HEAD ${LINUX_PATH}`]);
  });

  it('refreshes a cache written without an origin record (an older suite)', async () => {
    const dir = path.join(workdir, 'cache-old', '4.20.3');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'virtctl'), '#!/bin/sh\necho old\n', { mode: 0o755 });
    const log = recordingLog();
    const result = await ensureFrom(path.join(workdir, 'cache-old'), { log });
    expect(result).toEqual({ path: path.join(dir, 'virtctl'), source: 'download' });
    expect(log.lines).toContain(
      `info virtctl: cached ${result.path} is out of date (no origin record, server ETag "${sha256(v1.tgz)}"), downloading again`,
    );
    expect((await run(result.path, ['x'])).stdout).toBe('virtctl test build x\n');
    expect((await fs.readdir(dir)).sort()).toEqual(['virtctl', ORIGIN_FILE]);
  });

  it('keeps the cache and warns when the revalidating HEAD fails', async () => {
    const cacheRoot = path.join(workdir, 'cache-head-fails');
    const first = await ensureFrom(cacheRoot);
    served = { ...served, ...v2, headStatus: 500 };
    requests.length = 0;
    const log = recordingLog();
    expect(await ensureFrom(cacheRoot, { log })).toEqual({ path: first.path, source: 'cache' });
    expect(requests).toEqual([`HEAD ${LINUX_PATH}`]);
    expect(log.lines).toEqual([
      `warn virtctl: could not revalidate cached ${first.path} against ${baseUrl}${LINUX_PATH}: virtctl is not available: HEAD ${baseUrl}${LINUX_PATH} answered HTTP 500; using it as it is`,
    ]);
    expect((await run(first.path, ['x'])).stdout).toBe('virtctl test build x\n');
  });

  it('keeps the cache when the server cannot be reached or the links cannot be read', async () => {
    const cacheRoot = path.join(workdir, 'cache-unreachable');
    const first = await ensureFrom(cacheRoot);
    const log = recordingLog();
    // Port 1 on 127.0.0.1: connection refused.
    const gone = links().map((link) => ({ ...link, href: link.href.replace(baseUrl, 'https://127.0.0.1:1') }));
    expect(await ensureFrom(cacheRoot, { log, fetchLinks: async () => gone })).toEqual({ path: first.path, source: 'cache' });
    expect(await ensureFrom(cacheRoot, { log, fetchLinks: () => Promise.reject(new Error('consoleclidownloads is forbidden')) })).toEqual({
      path: first.path,
      source: 'cache',
    });
    expect(log.lines).toEqual([
      expect.stringMatching(
        /^warn virtctl: could not revalidate cached .* against https:\/\/127\.0\.0\.1:1\/\w+\/linux\/virtctl\.tar\.gz: .*ECONNREFUSED/,
      ),
      `warn virtctl: could not revalidate cached ${first.path} against the ConsoleCLIDownload: consoleclidownloads is forbidden; using it as it is`,
    ]);
  });

  it('keeps the cache, saying so, when the server sends no validators', async () => {
    const cacheRoot = path.join(workdir, 'cache-no-validators');
    served.validators = 'none';
    const first = await ensureFrom(cacheRoot);
    expect(await fs.readdir(path.dirname(first.path))).toEqual(['virtctl']);
    served = { ...served, ...v2 };
    const log = recordingLog();
    expect(await ensureFrom(cacheRoot, { log })).toEqual({ path: first.path, source: 'cache' });
    expect(log.lines).toEqual([
      `info virtctl: using cached ${first.path}; it cannot be revalidated (${baseUrl}${LINUX_PATH} sends neither ETag nor Last-Modified)`,
    ]);
  });

  it('prefers virtctl on PATH', async () => {
    const bin = path.join(workdir, 'bin');
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(path.join(bin, 'virtctl'), SCRIPT, { mode: 0o755 });
    expect(await findVirtctlOnPath(`/nonexistent${path.delimiter}${bin}`)).toBe(path.join(bin, 'virtctl'));
    const found = await ensureVirtctl({
      cacheRoot: path.join(workdir, 'unused'),
      clusterVersion: '4.20.3',
      searchPath: bin,
      fetchLinks: () => Promise.reject(new Error('must not be called')),
    });
    expect(found).toEqual({ path: path.join(bin, 'virtctl'), source: 'path' });
  });

  it('verifies TLS: without the cluster CA the self-signed download is refused', async () => {
    const cacheRoot = path.join(workdir, 'cache-untrusted');
    await expect(ensureVirtctl({ cacheRoot, clusterVersion: '4.20.3', searchPath: '', fetchLinks: async () => links() })).rejects.toThrow(
      /download of https:\/\/127\.0\.0\.1:\d+\/\w+\/linux\/virtctl\.tar\.gz failed: self-signed certificate/,
    );
    expect(await fs.readdir(path.join(cacheRoot, '4.20.3'))).toEqual([]);
  });

  it('extracts a zip download (Mac builds) with the same result', async () => {
    const cacheRoot = path.join(workdir, 'cache-zip');
    const zipOnly = links().map((link) => ({ ...link, text: link.href.endsWith('.zip') ? link.text.replace('Mac', 'Linux') : 'other' }));
    const result = await ensureVirtctl({
      cacheRoot,
      clusterVersion: '4.21.0',
      searchPath: '',
      fetchLinks: async () => zipOnly,
      tls: { ca },
    });
    expect(result.source).toBe('download');
    expect((await run(result.path, ['x'])).stdout).toBe('virtctl test build x\n');
  });
});
