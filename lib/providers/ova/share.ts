/**
 * The suite's view of an OVA provider: the providers file's api_url is an NFS share
 * (`server:/path`, as Forklift's OVA Provider url). The suite reads the OVA files themselves for
 * the source facts of a VM (the OVF descriptor: CPU, memory, disks, NICs, firmware). A share on
 * this machine (server 127.0.0.1 / localhost, e.g. the lab's export) is read in place; any other
 * share must be mounted locally and its mount point given (the providers entry's ova_mount_path).
 */
import fs from 'node:fs';
import path from 'node:path';
import { OvaShareError, OvaVmNotFoundError, errorMessage } from '../../../exceptions';
import { ovfOfArchive, parseOvfFacts, type OvaVmFacts } from './ovf';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** The local directory that holds the share's files. */
export function shareDirectory(share: string, mountPath?: string): string {
  const m = /^([^:/\s]+):(\/(?!\/)\S*)$/.exec(share.trim());
  if (!m) throw new OvaShareError(share, 'api_url must be an NFS share written server:/path');
  const dir = mountPath ?? (LOCAL_HOSTS.has(m[1] ?? '') ? (m[2] ?? '') : undefined);
  if (dir === undefined)
    throw new OvaShareError(
      share,
      `the suite reads the OVA files: mount the share on this machine and give its mount point as ova_mount_path`,
    );
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new OvaShareError(share, `${dir} is not a readable directory`);
  return dir;
}

function ovaFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ova$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

export class OvaShare {
  readonly dir: string;

  constructor(
    readonly share: string,
    mountPath?: string,
  ) {
    this.dir = shareDirectory(share, mountPath);
  }

  /** Every VM described on the share (files whose descriptor cannot be read are reported by vmFacts). */
  async vms(): Promise<Array<{ file: string; facts?: OvaVmFacts; error?: string }>> {
    const out: Array<{ file: string; facts?: OvaVmFacts; error?: string }> = [];
    for (const file of ovaFiles(this.dir)) {
      const rel = path.relative(this.dir, file);
      try {
        out.push({ file: rel, facts: parseOvfFacts(await ovfOfArchive(file), rel) });
      } catch (e) {
        out.push({ file: rel, error: errorMessage(e) });
      }
    }
    return out;
  }

  /** The source facts of the VM named `name`. */
  async vmFacts(name: string): Promise<OvaVmFacts> {
    const all = await this.vms();
    const hit = all.find((v) => v.facts?.name === name);
    if (hit?.facts) return hit.facts;
    throw new OvaVmNotFoundError(
      name,
      this.share,
      all.map((v) => (v.facts ? v.facts.name : `${v.file} (${v.error ?? 'unreadable'})`)),
    );
  }
}
