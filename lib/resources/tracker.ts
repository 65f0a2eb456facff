/**
 * The tracked-resources file (<data-collector>/resources.json): every object the run creates is
 * recorded the moment it exists, so that a crashed or killed worker leaves a list the parent's
 * global teardown or tools/clean-cluster.ts can clean. Several Jest workers write the same file:
 * each write is a read-modify-write under a proper-lockfile lock, written to a temp file and renamed
 * into place (readers never see half a file). The file is mode 0600 and holds identities only
 * (kind, apiVersion, name, namespace, uid, session) — never object data or secrets.
 */
import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { TrackedFileFormatError } from '../../exceptions/resources';

export const RESOURCES_FILE_NAME = 'resources.json';
export const FORMAT = 'mtv-tests-resources/1';

/** An object on the cluster. */
export interface TrackedClusterObject {
  side: 'cluster';
  kind: string;
  apiVersion: string;
  name: string;
  namespace?: string;
  uid?: string;
  session: string;
}

/** A VM the run cloned on the source provider (provider key = entry name in the providers file). */
export interface TrackedSourceVm {
  side: 'source';
  kind: 'SourceVm';
  providerType: string;
  providerKey: string;
  name: string;
  id?: string;
  /** The cluster holding a DRS override for this VM (disable_drs_for_vms), removed before the VM is destroyed. */
  drsOverrideCluster?: string;
  session: string;
}

/**
 * The line the run added to an ESXi host's root authorized_keys (copy-offload esxi_clone_method ssh;
 * provider key = the providers-file entry whose copyoffload section logs in there). The line holds
 * the provider's public key, no secret.
 */
export interface TrackedEsxiKey {
  side: 'source';
  kind: 'EsxiAuthorizedKey';
  providerType: 'vsphere';
  providerKey: string;
  /** The ESXi host's sshd, host:port. */
  name: string;
  line: string;
  session: string;
}

/** What a run creates on the source side. */
export type TrackedSourceEntry = TrackedSourceVm | TrackedEsxiKey;

export type TrackedEntry = TrackedClusterObject | TrackedSourceEntry;

/** Where the objects live; never credentials (a kubeconfig path is recorded, not its content). */
export interface TrackedTarget {
  server: string;
  kubeconfigPath?: string;
  providersFile?: string;
  /** The run's source_provider_insecure_skip_verify, so cleanup talks to the provider the same way. */
  sourceInsecureSkipVerify?: boolean;
  /**
   * Set by the session's own teardown once it saw every one of the session's first `entries`
   * entries gone. The run's global teardown sweep does not check those again.
   */
  teardownVerified?: { at: string; entries: number };
}

export interface TrackedFile {
  format: typeof FORMAT;
  targets: Record<string, TrackedTarget>; // by session
  entries: TrackedEntry[];
}

function emptyFile(): TrackedFile {
  return { format: FORMAT, targets: {}, entries: [] };
}

export function readTrackedFile(file: string): TrackedFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile();
    throw error;
  }
  if (!text.trim()) return emptyFile();
  const parsed = JSON.parse(text) as Partial<TrackedFile>;
  if (parsed.format !== FORMAT || !Array.isArray(parsed.entries)) {
    const found =
      parsed.format !== FORMAT
        ? parsed.format === undefined
          ? 'no format'
          : `format ${JSON.stringify(parsed.format)}`
        : 'no entries list';
    throw new TrackedFileFormatError(file, FORMAT, found);
  }
  return { format: FORMAT, targets: parsed.targets ?? {}, entries: parsed.entries };
}

function sameEntry(a: TrackedEntry, b: TrackedEntry): boolean {
  if (a.side !== b.side || a.kind !== b.kind || a.name !== b.name || a.session !== b.session) return false;
  if (a.side === 'cluster' && b.side === 'cluster') return (a.namespace ?? '') === (b.namespace ?? '');
  if (a.side !== 'source' || b.side !== 'source' || a.providerKey !== b.providerKey) return false;
  return a.kind === 'EsxiAuthorizedKey' && b.kind === 'EsxiAuthorizedKey' ? a.line === b.line : true;
}

/** Apply `change` to the file under the cross-process lock and replace it atomically (mode 0600). */
export async function updateTrackedFile(file: string, change: (data: TrackedFile) => void): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // proper-lockfile locks an existing path: create it (O_APPEND|O_CREAT is safe to race).
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  const release = await lockfile.lock(file, { retries: { retries: 200, minTimeout: 5, maxTimeout: 50 }, stale: 10_000, realpath: false });
  try {
    const data = readTrackedFile(file);
    change(data);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } finally {
    await release();
  }
}

/**
 * The tracker session of what a session keeps on a remote destination cluster of its own (the
 * lab's remote): `<session id>-remote`, with that cluster as its target.
 */
export const REMOTE_SESSION_SUFFIX = '-remote';

/** Per-session writer used by create-and-track and the clone code. */
export class ResourceTracker {
  constructor(
    readonly file: string,
    readonly session: string,
  ) {}

  async setTarget(target: TrackedTarget): Promise<void> {
    await updateTrackedFile(this.file, (data) => {
      data.targets[this.session] = target;
    });
  }

  async record(entry: Omit<TrackedClusterObject, 'session' | 'side'> | Omit<TrackedSourceVm, 'session' | 'side' | 'kind'>): Promise<void> {
    const full: TrackedEntry =
      'providerKey' in entry
        ? { side: 'source', kind: 'SourceVm', ...entry, session: this.session }
        : { side: 'cluster', ...entry, session: this.session };
    // Identities only: copy the allowed keys so no caller can leak object data into the file.
    const clean: TrackedEntry =
      full.side === 'cluster'
        ? {
            side: 'cluster',
            kind: full.kind,
            apiVersion: full.apiVersion,
            name: full.name,
            namespace: full.namespace,
            uid: full.uid,
            session: full.session,
          }
        : {
            side: 'source',
            kind: 'SourceVm',
            providerType: full.providerType,
            providerKey: full.providerKey,
            name: full.name,
            id: full.id,
            ...(full.drsOverrideCluster ? { drsOverrideCluster: full.drsOverrideCluster } : {}),
            session: full.session,
          };
    await updateTrackedFile(this.file, (data) => {
      const at = data.entries.findIndex((e) => sameEntry(e, clean));
      if (at >= 0) data.entries[at] = clean;
      else data.entries.push(clean);
    });
  }

  /** Records the authorized_keys line the run just added on an ESXi host. */
  async recordEsxiKey(entry: Omit<TrackedEsxiKey, 'session' | 'side' | 'kind' | 'providerType'>): Promise<void> {
    const clean: TrackedEsxiKey = {
      side: 'source',
      kind: 'EsxiAuthorizedKey',
      providerType: 'vsphere',
      providerKey: entry.providerKey,
      name: entry.name,
      line: entry.line,
      session: this.session,
    };
    await updateTrackedFile(this.file, (data) => {
      if (!data.entries.some((e) => sameEntry(e, clean))) data.entries.push(clean);
    });
  }

  entries(): TrackedEntry[] {
    return readTrackedFile(this.file).entries.filter((e) => e.session === this.session);
  }

  /** The session's teardown removed its first `entries` entries and saw them gone. */
  async recordTeardownVerified(entries: number): Promise<void> {
    await updateTrackedFile(this.file, (data) => {
      const target = data.targets[this.session];
      if (target) target.teardownVerified = { at: new Date().toISOString(), entries };
    });
  }
}

/** Entries no session teardown has verified gone (see TrackedTarget.teardownVerified). */
export function unverifiedEntries(data: TrackedFile): TrackedEntry[] {
  const seen = new Map<string, number>();
  return data.entries.filter((e) => {
    const index = seen.get(e.session) ?? 0;
    seen.set(e.session, index + 1);
    return index >= (data.targets[e.session]?.teardownVerified?.entries ?? 0);
  });
}
