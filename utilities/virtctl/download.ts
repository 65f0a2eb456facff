import { createWriteStream } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { pipeline } from 'node:stream/promises';
import tls from 'node:tls';
import { VirtctlUnavailableError } from '../../exceptions/post-migration';

export interface DownloadTls {
  /** The cluster CA (PEM). Trusted in addition to the system roots: the download Route may be
   * signed by the ingress CA or by a public CA. */
  readonly ca?: string | Buffer | readonly (string | Buffer)[];
  /** Only when the run says so (insecure cluster access): skip verification. */
  readonly insecureSkipTlsVerify?: boolean;
}

const MAX_REDIRECTS = 5;

/** GET `url` into `file`, following redirects, verifying TLS with the cluster CA when given. */
export async function downloadFile(url: string, file: string, options: DownloadTls & { timeoutMs?: number } = {}, redirects = 0): Promise<void> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
  if (client === undefined) throw new VirtctlUnavailableError(`unsupported download URL ${url}`);
  const extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = client.get(
      target,
      {
        ...(target.protocol === 'https:' ? { ca: extraCa.length > 0 ? [...tls.rootCertificates, ...extraCa] : undefined, rejectUnauthorized: options.insecureSkipTlsVerify !== true } : {}),
        timeout: options.timeoutMs ?? 120_000,
      },
      resolve,
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${options.timeoutMs ?? 120_000} ms`)));
    request.on('error', reject);
  }).catch((error: unknown) => {
    throw new VirtctlUnavailableError(`download of ${url} failed`, error);
  });
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location !== undefined) {
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new VirtctlUnavailableError(`download of ${url}: more than ${MAX_REDIRECTS} redirects`);
    return downloadFile(new URL(response.headers.location, target).toString(), file, options, redirects + 1);
  }
  if (status !== 200) {
    response.resume();
    throw new VirtctlUnavailableError(`download of ${url} answered HTTP ${status}`);
  }
  await pipeline(response, createWriteStream(file));
}
