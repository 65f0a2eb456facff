/**
 * The lab's NFS server: one export, `<stateDir>/nfs/ova`, published as `127.0.0.1:<that path>`
 * (the `server:/path` form a Forklift OVA Provider's url and secret carry). At lab start it is
 * filled with one real OVA per lab VM: a ustar archive holding the OVF descriptor first, its
 * manifest (SHA256 of every file) and the disk images, as ovftool and vSphere write them. Readers
 * (the lab's OVA provider server) "mount" an url through `resolveExport`, which refuses what the
 * server does not export, as mount.nfs does.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tar from 'tar';
import { renderOvf } from './ovf';
import { OVA_VMS, ovaDiskFile, type OvaVmDef } from './seed';
import { sparseVmdk } from './vmdk';

export const NFS_SERVER = '127.0.0.1';

export interface NfsExport {
  /** `server:/path`, what a Provider's url names. */
  url: string;
  /** The exported directory on this machine. */
  dir: string;
}

export function exportDir(stateDir: string): string {
  return path.join(stateDir, 'nfs', 'ova');
}

const sha256 = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Writes `<dir>/<vm>.ova`; the archive is built in a staging folder and renamed into place. */
export async function writeOva(dir: string, vm: OvaVmDef): Promise<string> {
  const stage = fs.mkdtempSync(path.join(dir, `.${vm.name}-`));
  try {
    const disks = vm.disks.map((d, i) => ({ name: ovaDiskFile(vm, i), bytes: sparseVmdk(ovaDiskFile(vm, i), d.gb * 1024 ** 3) }));
    const ovf = renderOvf(
      vm,
      disks.map((d) => ({ href: d.name, size: d.bytes.length })),
    );
    const ovfName = `${vm.name}.ovf`;
    const mfName = `${vm.name}.mf`;
    const manifest = [`SHA256(${ovfName})= ${sha256(ovf)}`, ...disks.map((d) => `SHA256(${d.name})= ${sha256(d.bytes)}`), ''].join('\n');
    fs.writeFileSync(path.join(stage, ovfName), ovf);
    fs.writeFileSync(path.join(stage, mfName), manifest);
    for (const d of disks) fs.writeFileSync(path.join(stage, d.name), d.bytes);
    const tmp = path.join(dir, `.${vm.name}.ova.tmp`);
    // The OVF descriptor must be the archive's first entry (DSP0243 §5.3).
    await tar.c({ file: tmp, cwd: stage, portable: true }, [ovfName, mfName, ...disks.map((d) => d.name)]);
    const file = path.join(dir, `${vm.name}.ova`);
    fs.renameSync(tmp, file);
    return file;
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Creates the export and writes every lab VM's OVA into it (replacing earlier copies). */
export async function populateExport(stateDir: string, vms: readonly OvaVmDef[] = OVA_VMS): Promise<NfsExport> {
  const dir = exportDir(stateDir);
  fs.mkdirSync(dir, { recursive: true });
  for (const vm of vms) await writeOva(dir, vm);
  return { url: `${NFS_SERVER}:${dir}`, dir };
}

/** Why an url cannot be mounted from this server, or the local directory it names. */
export function resolveExport(exports: readonly NfsExport[], url: string): { dir: string } | { error: string } {
  const m = /^([^:/]+):(\/.*)$/.exec(url.trim());
  if (!m) return { error: `mount.nfs: remote share not in 'host:dir' format: ${url}` };
  const [, host, share] = m as unknown as [string, string, string];
  const hit = exports.find((e) => {
    const [eHost, ...rest] = e.url.split(':');
    const ePath = rest.join(':');
    return eHost === host && (share === ePath || share.startsWith(`${ePath}/`));
  });
  if (!exports.some((e) => e.url.split(':')[0] === host)) return { error: `mount.nfs: Connection refused for ${url}` };
  if (!hit) return { error: `mount.nfs: access denied by server while mounting ${url}` };
  const dir = path.join(hit.dir, path.relative(hit.url.slice(hit.url.indexOf(':') + 1), share));
  if (!fs.existsSync(dir)) return { error: `mount.nfs: mounting ${url} failed, reason given by server: No such file or directory` };
  return { dir };
}
