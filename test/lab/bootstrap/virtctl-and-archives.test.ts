import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { startDownloadServer } from '../../../lab/bootstrap/download-server';
import { buildVirtctlArchives, zipSingleFile } from '../../../lab/bootstrap/virtctl-archives';
import { selfSignedCert } from '../../unit/virtctl/tls-cert';

// The lab virtctl is plain JS (it must run from an archive with only Node.js installed).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file without types, loaded as the archive loads it
const virtctl = require('../../../lab/virtctl/virtctl.js') as {
  parseYaml(text: string): unknown;
  parseArgs(argv: string[]): { flags: Record<string, string | boolean>; positional: string[] };
  encodeFrame(opcode: number, payload: Buffer): Buffer;
  FrameReader: new () => { push(chunk: Buffer): Array<{ fin: boolean; opcode: number; payload: Buffer }> };
};

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: QUJD
    server: https://127.0.0.1:6443
  name: lab
contexts:
- context:
    cluster: lab
    namespace: openshift-mtv
    user: "kube:admin"
  name: lab
current-context: lab
preferences: {}
users:
- name: "kube:admin"
  user:
    token: sha256~abc
`;

describe('lab virtctl internals', () => {
  it('parses the YAML kubeconfigs kubectl and the lab write', () => {
    expect(virtctl.parseYaml(KUBECONFIG)).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ cluster: { 'certificate-authority-data': 'QUJD', server: 'https://127.0.0.1:6443' }, name: 'lab' }],
      contexts: [{ context: { cluster: 'lab', namespace: 'openshift-mtv', user: 'kube:admin' }, name: 'lab' }],
      'current-context': 'lab',
      preferences: {},
      users: [{ name: 'kube:admin', user: { token: 'sha256~abc' } }],
    });
  });

  it('parses flags the way the suite passes them', () => {
    const { flags, positional } = virtctl.parseArgs([
      'vm/rhel',
      '2222:22',
      '--namespace',
      'ns1',
      '--address=127.0.0.1',
      '--insecure-skip-tls-verify',
      '-v',
      '3',
    ]);
    expect(positional).toEqual(['vm/rhel', '2222:22']);
    expect(flags).toEqual({ namespace: 'ns1', address: '127.0.0.1', 'insecure-skip-tls-verify': true, v: '3' });
  });

  it('frames and unframes WebSocket messages of every length class, split at any point', () => {
    for (const len of [0, 5, 125, 126, 65535, 65536, 200_000]) {
      const payload = Buffer.alloc(len, 7);
      payload[0 % Math.max(1, len)] = 1;
      const frame = virtctl.encodeFrame(0x2, payload);
      expect(frame[1]! & 0x80).toBe(0x80); // client frames are masked
      const reader = new virtctl.FrameReader();
      const cut = Math.floor(frame.length / 2);
      const frames = [...reader.push(frame.subarray(0, cut)), ...reader.push(frame.subarray(cut))];
      expect(frames).toHaveLength(1);
      expect(frames[0]).toMatchObject({ fin: true, opcode: 2 });
      expect(Buffer.compare(frames[0]!.payload, payload)).toBe(0);
    }
  });
});

describe('virtctl archives', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtctl-archives-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds tar.gz (Linux) and zip (Mac) archives holding an executable virtctl', async () => {
    const archives = await buildVirtctlArchives(path.join(dir, 'out'));
    expect(archives.map((a) => a.urlPath).sort()).toEqual([
      '/amd64/linux/virtctl.tar.gz',
      '/amd64/mac/virtctl.zip',
      '/arm64/linux/virtctl.tar.gz',
      '/arm64/mac/virtctl.zip',
    ]);
    const linux = archives.find((a) => a.urlPath === '/amd64/linux/virtctl.tar.gz')!;
    const entries: Array<{ path: string; mode: number }> = [];
    await tar.t({ file: linux.file, onReadEntry: (e) => entries.push({ path: e.path, mode: e.mode ?? 0 }) });
    expect(entries).toEqual([{ path: 'virtctl', mode: expect.any(Number) }]);
    expect(entries[0]!.mode & 0o777).toBe(0o755);
    const extractTo = path.join(dir, 'x');
    fs.mkdirSync(extractTo);
    await tar.x({ file: linux.file, cwd: extractTo });
    expect(execFileSync(path.join(extractTo, 'virtctl'), ['version', '--client'], { encoding: 'utf8' })).toMatch(
      /^Client Version: version\.Info\{GitVersion:"v1\.6\.2-mtv-lab"/,
    );
  });

  it('writes zip files that an independent reader (python zipfile) reads back, with mode 0755', () => {
    const data = Buffer.from('#!/usr/bin/env node\nconsole.log("hi")\n');
    const zipFile = path.join(dir, 'v.zip');
    fs.writeFileSync(zipFile, zipSingleFile('virtctl', data, 0o755, new Date(2026, 0, 2, 3, 4, 6)));
    // python3's zipfile is the independent reader here (present wherever the suite runs).
    const out = execFileSync(
      'python3',
      [
        '-c',
        'import sys,zipfile;z=zipfile.ZipFile(sys.argv[1]);i=z.getinfo("virtctl");print(oct(i.external_attr>>16&0o777), z.read("virtctl").decode(), z.testzip())',
        zipFile,
      ],
      { encoding: 'utf8' },
    );
    expect(out).toBe(`0o755 ${data.toString()} None\n`);
  });
});

describe('lab download server', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'virtctl-downloads-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** One request; resolves with status, headers and the body bytes. */
  function request(
    url: string,
    method: 'GET' | 'HEAD',
    ca: string,
  ): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method, ca, timeout: 5000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', reject);
      req.end();
    });
  }

  it('answers GET and HEAD with the same strong ETag (sha256 of the archive), Last-Modified and Content-Length', async () => {
    const archives = await buildVirtctlArchives(path.join(dir, 'out'));
    const tls = selfSignedCert();
    const server = await startDownloadServer({ caCertPem: tls.cert, certPem: tls.cert, keyPem: tls.key }, archives);
    try {
      for (const archive of archives) {
        const content = fs.readFileSync(archive.file);
        const etag = `"${crypto.createHash('sha256').update(content).digest('hex')}"`;
        const get = await request(`${server.baseUrl}${archive.urlPath}`, 'GET', tls.cert);
        const head = await request(`${server.baseUrl}${archive.urlPath}`, 'HEAD', tls.cert);
        expect([get.status, head.status]).toEqual([200, 200]);
        expect(Buffer.compare(get.body, content)).toBe(0);
        expect(head.body).toHaveLength(0);
        for (const headers of [get.headers, head.headers]) {
          expect(headers).toMatchObject({
            etag,
            'content-length': String(content.length),
            'last-modified': fs.statSync(archive.file).mtime.toUTCString(),
          });
        }
      }
    } finally {
      await server.close();
    }
  });

  it('serves byte-identical archives from two builds of the same virtctl.js (the ETag survives a lab restart)', async () => {
    const digest = async (out: string): Promise<string[]> =>
      (await buildVirtctlArchives(path.join(dir, out))).map(
        (a) => `${a.urlPath} ${crypto.createHash('sha256').update(fs.readFileSync(a.file)).digest('hex')}`,
      );
    const first = await digest('first');
    // A later second: the copies get new mtimes, which must not reach the archives.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await digest('second')).toEqual(first);
  });
});
