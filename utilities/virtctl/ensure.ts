import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { errorMessage } from '../../exceptions/base';
import { VirtctlUnavailableError } from '../../exceptions/post-migration';
import { archiveKindOf, extractVirtctl } from './archive';
import { downloadFile, type DownloadTls } from './download';
import {
  describeValidator,
  fetchServerValidator,
  ORIGIN_FILE,
  readOriginValidator,
  sameValidator,
  validatorOf,
  writeOrigin,
  type Validator,
} from './origin';
import { selectVirtctlLink, type CliDownloadLink } from './links';

export interface VirtctlLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface EnsureVirtctlOptions {
  /** OpenShift version; the cache is per version so an upgraded cluster gets a matching virtctl. */
  readonly clusterVersion: string;
  /** Reads the ConsoleCLIDownload links (to revalidate a cached copy, and to download). */
  readonly fetchLinks: () => Promise<readonly CliDownloadLink[]>;
  readonly tls?: DownloadTls;
  /** Default os.tmpdir()/mtv-tests-virtctl. */
  readonly cacheRoot?: string;
  /** PATH to search first; default process.env.PATH. Pass '' to skip the PATH lookup. */
  readonly searchPath?: string;
  readonly log?: VirtctlLog;
  /** How long a second worker waits for the first one's download (default 10 min). */
  readonly lockWaitMs?: number;
  /** Timeout of the HEAD that revalidates a cached copy (default 15 s). */
  readonly revalidateTimeoutMs?: number;
}

export interface VirtctlBinary {
  readonly path: string;
  readonly source: 'path' | 'cache' | 'download';
}

export const DEFAULT_CACHE_ROOT = path.join(os.tmpdir(), 'mtv-tests-virtctl');

const isExecutable = (file: string): Promise<boolean> =>
  fs.access(file, fsConstants.X_OK).then(
    () => true,
    () => false,
  );

/** The first executable `virtctl` on PATH. */
export async function findVirtctlOnPath(searchPath: string = process.env['PATH'] ?? ''): Promise<string | undefined> {
  for (const dir of searchPath.split(path.delimiter).filter((entry) => entry !== '')) {
    const candidate = path.join(dir, 'virtctl');
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Cache directory names must be safe path segments whatever the version string holds. */
export function cacheDirFor(root: string, clusterVersion: string): string {
  const segment = clusterVersion.replace(/[^A-Za-z0-9._-]/g, '_') || 'unknown';
  return path.join(root, segment);
}

/** What a cache hit's revalidation found: keep the cache, or download again from `link`. */
type Revalidation = { readonly fresh: true } | { readonly fresh: false; readonly link: CliDownloadLink; readonly server: Validator };

/**
 * One HEAD of the download link, compared with the record of where the cache came from. Problems
 * reaching the server only cost freshness, never the run: they are logged and the cache is kept.
 */
async function revalidate(binary: string, dir: string, options: EnsureVirtctlOptions): Promise<Revalidation> {
  const log = options.log;
  let link: CliDownloadLink | undefined;
  try {
    link = selectVirtctlLink(await options.fetchLinks());
    const server = await fetchServerValidator(link.href, { ...options.tls, timeoutMs: options.revalidateTimeoutMs ?? 15_000 });
    if (server === undefined) {
      log?.info(`virtctl: using cached ${binary}; it cannot be revalidated (${link.href} sends neither ETag nor Last-Modified)`);
      return { fresh: true };
    }
    const recorded = await readOriginValidator(dir);
    if (recorded !== undefined && sameValidator(recorded, server)) {
      log?.info(`virtctl: using cached ${binary} (up to date: ${describeValidator(server)})`);
      return { fresh: true };
    }
    const why = `${recorded === undefined ? 'no origin record, ' : ''}server ${describeValidator(server)}`;
    log?.info(`virtctl: cached ${binary} is out of date (${why}), downloading again`);
    return { fresh: false, link, server };
  } catch (error) {
    log?.warn(
      `virtctl: could not revalidate cached ${binary} against ${link?.href ?? 'the ConsoleCLIDownload'}: ${errorMessage(error)}; using it as it is`,
    );
    return { fresh: true };
  }
}

type Stale = Extract<Revalidation, { fresh: false }>;

/** Takes the per-binary download lock, waiting for another worker's download up to lockWaitMs. */
async function lockDownload(binary: string, options: EnsureVirtctlOptions): Promise<() => Promise<void>> {
  const waitMs = options.lockWaitMs ?? 600_000;
  try {
    return await lockfile.lock(binary, {
      realpath: false,
      lockfilePath: `${binary}.lock`,
      stale: 30_000,
      update: 5_000,
      // The lock is a mkdir; waiting for it is bounded by the retry budget (about waitMs).
      retries: { retries: Math.max(1, Math.ceil(waitMs / 500)), factor: 1, minTimeout: 250, maxTimeout: 500, randomize: true },
      onCompromised: (error) => options.log?.warn(`virtctl: download lock compromised: ${error.message}`),
    });
  } catch (error) {
    throw new VirtctlUnavailableError(`could not take the download lock ${binary}.lock within ${waitMs} ms`, error);
  }
}

/** Under the lock: did another worker download the binary, or refresh the stale one, meanwhile? */
async function doneByAnotherWorker(binary: string, dir: string, stale: Stale | undefined): Promise<boolean> {
  if (!(await isExecutable(binary))) return false;
  if (stale === undefined) return true;
  const recorded = await readOriginValidator(dir);
  return recorded !== undefined && sameValidator(recorded, stale.server);
}

/** Downloads the archive, extracts virtctl and renames it into place; returns the server's validator. */
async function downloadAndInstall(
  link: CliDownloadLink,
  binary: string,
  dir: string,
  options: EnsureVirtctlOptions,
): Promise<Validator | undefined> {
  const kind = archiveKindOf(link.href);
  const archive = path.join(dir, `download.${process.pid}.${kind}`);
  const staged = path.join(dir, `virtctl.${process.pid}.tmp`);
  options.log?.info(`virtctl: downloading "${link.text}" from ${link.href}`);
  try {
    const validator = validatorOf(await downloadFile(link.href, archive, options.tls ?? {}));
    await extractVirtctl(archive, kind, staged);
    // The binary first, then its record: a crash in between leaves an old record, which only
    // causes one more download, never a stale binary taken for fresh.
    await fs.rename(staged, binary);
    return validator;
  } finally {
    await fs.rm(archive, { force: true });
    await fs.rm(staged, { force: true });
  }
}

async function recordOrigin(
  binary: string,
  dir: string,
  link: CliDownloadLink,
  validator: Validator | undefined,
  options: EnsureVirtctlOptions,
): Promise<void> {
  if (validator === undefined) {
    await fs.rm(path.join(dir, ORIGIN_FILE), { force: true });
    options.log?.info(`virtctl: installed ${binary} (the server sends no ETag or Last-Modified, so it cannot be revalidated later)`);
  } else {
    await writeOrigin(dir, { validator, href: link.href, downloadedAt: new Date().toISOString() });
    options.log?.info(`virtctl: installed ${binary} (${describeValidator(validator)})`);
  }
}

/**
 * virtctl for this run: on PATH, else the cached copy for this cluster version (revalidated with
 * one HEAD of the download link), else downloaded from the cluster's ConsoleCLIDownload. Parallel
 * Jest workers (and parallel runs on one host) download it once: the first takes a
 * proper-lockfile lock, checks again, downloads to a private temp file, extracts, renames into
 * place (atomic) and records the origin; the others wait on the lock and then find the binary.
 */
export async function ensureVirtctl(options: EnsureVirtctlOptions): Promise<VirtctlBinary> {
  const log = options.log;
  const onPath = options.searchPath === '' ? undefined : await findVirtctlOnPath(options.searchPath);
  if (onPath !== undefined) {
    log?.info(`virtctl: using ${onPath} from PATH`);
    return { path: onPath, source: 'path' };
  }
  const dir = cacheDirFor(options.cacheRoot ?? DEFAULT_CACHE_ROOT, options.clusterVersion);
  const binary = path.join(dir, 'virtctl');
  // Set when a cached copy exists but the server now serves something else.
  let stale: Stale | undefined;
  if (await isExecutable(binary)) {
    const found = await revalidate(binary, dir, options);
    if (found.fresh) return { path: binary, source: 'cache' };
    stale = found;
  }
  await fs.mkdir(dir, { recursive: true });
  const release = await lockDownload(binary, options);
  try {
    if (await doneByAnotherWorker(binary, dir, stale)) {
      log?.info(`virtctl: another worker ${stale === undefined ? 'downloaded' : 'refreshed'} ${binary}`);
      return { path: binary, source: 'cache' };
    }
    const link = stale?.link ?? selectVirtctlLink(await options.fetchLinks());
    const validator = await downloadAndInstall(link, binary, dir, options);
    await recordOrigin(binary, dir, link, validator, options);
    return { path: binary, source: 'download' };
  } finally {
    await release();
  }
}
