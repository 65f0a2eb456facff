/**
 * Where a cached virtctl came from, so that a later run can tell whether the cluster still serves
 * the same build. The cache is keyed by OpenShift version, but virtctl changes without one (a
 * CNV/KubeVirt upgrade, or a changed lab virtctl), so a cache hit is revalidated with one HEAD of
 * the download link, compared on the HTTP validator: the ETag (nginx, which serves the real
 * hyperconverged-cluster-cli-download, sends one), else Last-Modified + Content-Length. The URL
 * itself is not compared: the lab's download port changes with every launch.
 */
import { promises as fs } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { requestFollowingRedirects, type RequestOptions } from './download';

export type Validator = { readonly etag: string } | { readonly lastModified: string; readonly contentLength?: string };

/** The record next to the cached binary; `href` and `downloadedAt` are for people, not compared. */
export interface VirtctlOrigin {
  readonly validator: Validator;
  readonly href: string;
  readonly downloadedAt: string;
}

export const ORIGIN_FILE = 'virtctl.origin.json';

/** The validator a response carries, or undefined when it has neither ETag nor Last-Modified. */
export function validatorOf(headers: IncomingHttpHeaders): Validator | undefined {
  const etag = headers.etag;
  if (etag !== undefined && etag !== '') return { etag };
  const lastModified = headers['last-modified'];
  if (lastModified === undefined || lastModified === '') return undefined;
  const contentLength = headers['content-length'];
  return contentLength === undefined ? { lastModified } : { lastModified, contentLength };
}

export function sameValidator(a: Validator, b: Validator): boolean {
  if ('etag' in a || 'etag' in b) return 'etag' in a && 'etag' in b && a.etag === b.etag;
  return a.lastModified === b.lastModified && a.contentLength === b.contentLength;
}

export function describeValidator(validator: Validator): string {
  if ('etag' in validator) return `ETag ${validator.etag}`;
  return `Last-Modified ${validator.lastModified}${validator.contentLength === undefined ? '' : `, Content-Length ${validator.contentLength}`}`;
}

function isValidator(value: unknown): value is Validator {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (typeof record['etag'] === 'string') return true;
  return (
    typeof record['lastModified'] === 'string' && (record['contentLength'] === undefined || typeof record['contentLength'] === 'string')
  );
}

/** The recorded validator of the cache in `dir`; undefined when there is no (readable) record. */
export async function readOriginValidator(dir: string): Promise<Validator | undefined> {
  const text = await fs.readFile(path.join(dir, ORIGIN_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const validator = (JSON.parse(text) as Partial<VirtctlOrigin>).validator;
    return isValidator(validator) ? validator : undefined;
  } catch {
    return undefined; // a torn or foreign file counts as no record: the cache is refreshed
  }
}

/** Writes the record atomically (temp file + rename), so a reader never sees half of it. */
export async function writeOrigin(dir: string, origin: VirtctlOrigin): Promise<void> {
  const file = path.join(dir, ORIGIN_FILE);
  const staged = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(staged, `${JSON.stringify(origin, null, 2)}\n`);
    await fs.rename(staged, file);
  } finally {
    await fs.rm(staged, { force: true });
  }
}

/** One HEAD of `url` (redirects followed, same TLS as the download); throws on network errors and non-2xx. */
export async function fetchServerValidator(url: string, options: RequestOptions): Promise<Validator | undefined> {
  const response = await requestFollowingRedirects('HEAD', url, options, `HEAD ${url}`);
  response.resume();
  return validatorOf(response.headers);
}
