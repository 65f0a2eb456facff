import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { VirtctlUnavailableError } from '../../../exceptions/post-migration';
import { zipSingleFile } from '../../../lab/bootstrap/virtctl-archives';
import { ensureVirtctl, findVirtctlOnPath, selectVirtctlLink, type CliDownloadLink } from '../../../utilities/virtctl';
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
const downloads: string[] = [];

beforeAll(async () => {
  workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'virtctl-test-'));
  await fs.mkdir(path.join(workdir, 'src', 'virtctl-dir'), { recursive: true });
  await fs.writeFile(path.join(workdir, 'src', 'virtctl-dir', 'virtctl'), SCRIPT, { mode: 0o755 });
  await tar.c({ gzip: true, file: path.join(workdir, 'virtctl.tar.gz'), cwd: path.join(workdir, 'src') }, ['virtctl-dir/virtctl']);
  const tgz = await fs.readFile(path.join(workdir, 'virtctl.tar.gz'));
  const zip = zipSingleFile('virtctl', Buffer.from(SCRIPT), 0o755, new Date());
  const tls = selfSignedCert();
  ca = tls.cert;
  server = https.createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    downloads.push(request.url ?? '');
    const body = request.url?.endsWith('.zip') ? zip : tgz;
    // Answer after a pause so that two racing workers overlap.
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body), 1500);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await fs.rm(workdir, { recursive: true, force: true });
});

const links = (): CliDownloadLink[] => LINK_TEXTS.map(([p, text]) => ({ href: `${baseUrl}${p}`, text }));

function worker(cacheRoot: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = JSON.stringify({ cacheRoot, clusterVersion: '4.20.3', links: links(), ca });
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'ensure-worker.ts'), args], { stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('ensureVirtctl', () => {
  it('two racing workers download once; a later run reuses the cache', async () => {
    const cacheRoot = path.join(workdir, 'cache-race');
    downloads.length = 0;
    const [a, b] = await Promise.all([worker(cacheRoot), worker(cacheRoot)]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const results = [JSON.parse(a.stdout), JSON.parse(b.stdout)] as Array<{ path: string; source: string }>;
    const binary = path.join(cacheRoot, '4.20.3', 'virtctl');
    expect(results.map((r) => r.path)).toEqual([binary, binary]);
    expect(results.map((r) => r.source).sort()).toEqual(['cache', 'download']);
    const expectedPath = process.arch === 'arm64' ? '/arm64/linux/virtctl.tar.gz' : '/amd64/linux/virtctl.tar.gz';
    expect(downloads).toEqual([expectedPath]);
    const { stdout } = await run(binary, ['version']);
    expect(stdout).toBe('virtctl test build version\n');
    expect((await fs.readdir(path.join(cacheRoot, '4.20.3'))).sort()).toEqual(['virtctl']);

    const again = await ensureVirtctl({ cacheRoot, clusterVersion: '4.20.3', searchPath: '', fetchLinks: () => Promise.reject(new Error('must not be called')) });
    expect(again).toEqual({ path: binary, source: 'cache' });
    expect(downloads).toHaveLength(1);
  }, 30_000);

  it('prefers virtctl on PATH', async () => {
    const bin = path.join(workdir, 'bin');
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(path.join(bin, 'virtctl'), SCRIPT, { mode: 0o755 });
    expect(await findVirtctlOnPath(`/nonexistent${path.delimiter}${bin}`)).toBe(path.join(bin, 'virtctl'));
    const found = await ensureVirtctl({ cacheRoot: path.join(workdir, 'unused'), clusterVersion: '4.20.3', searchPath: bin, fetchLinks: () => Promise.reject(new Error('must not be called')) });
    expect(found).toEqual({ path: path.join(bin, 'virtctl'), source: 'path' });
  });

  it('verifies TLS: without the cluster CA the self-signed download is refused', async () => {
    const cacheRoot = path.join(workdir, 'cache-untrusted');
    await expect(ensureVirtctl({ cacheRoot, clusterVersion: '4.20.3', searchPath: '', fetchLinks: async () => links() })).rejects.toThrow(/download of https:\/\/127\.0\.0\.1:\d+\/\w+\/linux\/virtctl\.tar\.gz failed: self-signed certificate/);
    expect(await fs.readdir(path.join(cacheRoot, '4.20.3'))).toEqual([]);
  });

  it('extracts a zip download (Mac builds) with the same result', async () => {
    const cacheRoot = path.join(workdir, 'cache-zip');
    const zipOnly = links().map((link) => ({ ...link, text: link.href.endsWith('.zip') ? link.text.replace('Mac', 'Linux') : 'other' }));
    const result = await ensureVirtctl({ cacheRoot, clusterVersion: '4.21.0', searchPath: '', fetchLinks: async () => zipOnly, tls: { ca } });
    expect(result.source).toBe('download');
    expect((await run(result.path, ['x'])).stdout).toBe('virtctl test build x\n');
  });
});
