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

export type RequestOptions = DownloadTls & { timeoutMs?: number };

const MAX_REDIRECTS = 5;
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Sends `method` to `url`, following redirects, verifying TLS with the cluster CA when given, and
 * resolves with the final 200 response (body not consumed). `what` names the request in errors
 * ("download of <url>", "HEAD <url>"); failures are thrown as VirtctlUnavailableError.
 */
export async function requestFollowingRedirects(
  method: 'GET' | 'HEAD',
  url: string,
  options: RequestOptions,
  what: string,
  redirects = 0,
): Promise<http.IncomingMessage> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : target.protocol === 'http:' ? http : undefined;
  if (client === undefined) throw new VirtctlUnavailableError(`unsupported download URL ${url}`);
  const extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca];
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const request = client.request(
      target,
      {
        method,
        ...(target.protocol === 'https:'
          ? {
              ca: extraCa.length > 0 ? [...tls.rootCertificates, ...extraCa] : undefined,
              rejectUnauthorized: options.insecureSkipTlsVerify !== true,
            }
          : {}),
        timeout: timeoutMs,
      },
      resolve,
    );
    request.on('timeout', () => request.destroy(new Error(`no response within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end();
  }).catch((error: unknown) => {
    throw new VirtctlUnavailableError(`${what} failed`, error);
  });
  const status = response.statusCode ?? 0;
  if (status >= 300 && status < 400 && response.headers.location !== undefined) {
    response.resume();
    if (redirects >= MAX_REDIRECTS) throw new VirtctlUnavailableError(`${what}: more than ${MAX_REDIRECTS} redirects`);
    return requestFollowingRedirects(method, new URL(response.headers.location, target).toString(), options, what, redirects + 1);
  }
  if (status !== 200) {
    response.resume();
    throw new VirtctlUnavailableError(`${what} answered HTTP ${status}`);
  }
  return response;
}

/**
 * GET `url` into `file` (see requestFollowingRedirects). Returns the final response's headers:
 * the caller records the validator (ETag, Last-Modified) to revalidate its cache later.
 */
export async function downloadFile(url: string, file: string, options: RequestOptions = {}): Promise<http.IncomingHttpHeaders> {
  const response = await requestFollowingRedirects('GET', url, options, `download of ${url}`);
  await pipeline(response, createWriteStream(file));
  return response.headers;
}
