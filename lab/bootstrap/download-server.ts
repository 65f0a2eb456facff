/**
 * The lab's stand-in for hyperconverged-cluster-cli-download: an HTTPS server on 127.0.0.1 (port
 * chosen by the OS) that serves the virtctl archives. Only GET/HEAD of the built archive paths.
 * Like nginx (which the real server runs) every answer carries the validators ETag, Last-Modified
 * and Content-Length, so the suite can revalidate its cached virtctl with a HEAD. nginx derives its
 * ETag from mtime and size; here it is the archive's sha256, so the ETag changes exactly when the
 * served bytes do (the lab rebuilds the archives at every launch).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { LabTls } from '../component';
import type { VirtctlArchive } from './virtctl-archives';

export interface DownloadServer {
  baseUrl: string; // https://127.0.0.1:<port>
  close(): Promise<void>;
}

export async function startDownloadServer(tls: LabTls, archives: readonly VirtctlArchive[]): Promise<DownloadServer> {
  const byPath = new Map(archives.map((a) => [a.urlPath, a]));
  // Computed once per archive: the files do not change while the server runs.
  const etags = new Map<string, string>();
  const etagOf = (file: string): string => {
    let etag = etags.get(file);
    if (etag === undefined) {
      etag = `"${crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')}"`;
      etags.set(file, etag);
    }
    return etag;
  };
  const server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const archive = byPath.get(url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (!archive) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 page not found\n');
      return;
    }
    const stat = fs.statSync(archive.file);
    const type = archive.file.endsWith('.zip') ? 'application/zip' : 'application/gzip';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': String(stat.size),
      'Last-Modified': stat.mtime.toUTCString(),
      ETag: etagOf(archive.file),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(archive.file).pipe(res);
  });
  const sockets = new Set<Duplex>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
