import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { VirtctlUnavailableError } from '../../exceptions/post-migration';
import { archiveKindOf, extractVirtctl } from './archive';
import { downloadFile, type DownloadTls } from './download';
import { selectVirtctlLink, type CliDownloadLink } from './links';

export interface VirtctlLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface EnsureVirtctlOptions {
  /** OpenShift version; the cache is per version so an upgraded cluster gets a matching virtctl. */
  readonly clusterVersion: string;
  /** Reads the ConsoleCLIDownload links (only called when a download is needed). */
  readonly fetchLinks: () => Promise<readonly CliDownloadLink[]>;
  readonly tls?: DownloadTls;
  /** Default os.tmpdir()/mtv-tests-virtctl. */
  readonly cacheRoot?: string;
  /** PATH to search first; default process.env.PATH. Pass '' to skip the PATH lookup. */
  readonly searchPath?: string;
  readonly log?: VirtctlLog;
  /** How long a second worker waits for the first one's download (default 10 min). */
  readonly lockWaitMs?: number;
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

/**
 * virtctl for this run: on PATH, else the cached copy for this cluster version, else downloaded
 * from the cluster's ConsoleCLIDownload. Parallel Jest workers (and parallel runs on one host)
 * download it once: the first takes a proper-lockfile lock, checks again, downloads to a private
 * temp file, extracts, and renames into place (atomic); the others wait on the lock and then find
 * the binary.
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
  if (await isExecutable(binary)) {
    log?.info(`virtctl: using cached ${binary}`);
    return { path: binary, source: 'cache' };
  }
  await fs.mkdir(dir, { recursive: true });
  const waitMs = options.lockWaitMs ?? 600_000;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(binary, {
      realpath: false,
      lockfilePath: `${binary}.lock`,
      stale: 30_000,
      update: 5_000,
      // The lock is a mkdir; waiting for it is bounded by the retry budget (about waitMs).
      retries: { retries: Math.max(1, Math.ceil(waitMs / 500)), factor: 1, minTimeout: 250, maxTimeout: 500, randomize: true },
      onCompromised: (error) => log?.warn(`virtctl: download lock compromised: ${error.message}`),
    });
  } catch (error) {
    throw new VirtctlUnavailableError(`could not take the download lock ${binary}.lock within ${waitMs} ms`, error);
  }
  try {
    if (await isExecutable(binary)) {
      log?.info(`virtctl: another worker downloaded ${binary}`);
      return { path: binary, source: 'cache' };
    }
    const link = selectVirtctlLink(await options.fetchLinks());
    const kind = archiveKindOf(link.href);
    const archive = path.join(dir, `download.${process.pid}.${kind}`);
    const staged = path.join(dir, `virtctl.${process.pid}.tmp`);
    log?.info(`virtctl: downloading "${link.text}" from ${link.href}`);
    try {
      await downloadFile(link.href, archive, options.tls ?? {});
      await extractVirtctl(archive, kind, staged);
      await fs.rename(staged, binary);
    } finally {
      await fs.rm(archive, { force: true });
      await fs.rm(staged, { force: true });
    }
    log?.info(`virtctl: installed ${binary}`);
    return { path: binary, source: 'download' };
  } finally {
    await release();
  }
}
