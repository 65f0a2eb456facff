/**
 * The lab's vCenter as a lab component: the seeded model plus the vim25 SOAP simulator on
 * https://127.0.0.1:<port>/sdk with the lab's TLS. Credentials are generated on first start and
 * kept in <stateDir>/vsphere-credentials.json (mode 0600) so restarts keep them.
 * Also serves one of its hosts as an ESXi endpoint (./esxi/endpoint.ts) with its sshd (./esxi/ssh-server.ts).
 * Provides: 'vsphere.model' (LabVSphereModel), 'vsphere.url', 'vsphere.credentials', 'vsphere.esxi' (LabEsxiEndpoint),
 * 'vsphere.esxi.ssh' (EsxiSshHost: the host's authorized_keys, which Forklift's SSH checks read),
 * 'disks.data' (DiskDataStore: what the VMs' disks hold; the shared disks come formatted, as the
 * Python suite's shared-disk templates are: XFS on partition 1 for Linux, an NTFS volume for Windows).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import { LabVSphereModel } from './lab-model';
import { seedInventory } from './seed';
import { startVSphereSimulator } from './server';
import type { Credentials } from './soap/vim-service';
import { loadOrCreateEsxiCredentials, startEsxiEndpoint } from './esxi/endpoint';
import { startEsxiHostSsh } from './esxi/ssh-start';
import { DiskDataStore, vmdkKey } from '../disk-data';
import { loadOrCreateGuestCredentials } from '../guests/credentials';
import type { VSphereModel } from './model';

/** The shared disks of the seeded VMs, formatted and empty. */
export function seedDiskData(model: VSphereModel, store: DiskDataStore): void {
  for (const vm of model.snapshot().vms) {
    for (const d of vm.disks.filter((x) => x.shared && !store.get(vmdkKey(x.fileName)))) {
      store.set(vmdkKey(d.fileName), {
        partitions: [{ fsType: vm.guestFamily === 'windowsGuest' ? 'ntfs' : 'xfs', label: '', files: {} }],
      });
    }
  }
}

export const VSPHERE_USER = 'administrator@vsphere.local';
const CREDENTIALS_FILE = 'vsphere-credentials.json';

/** Reads the lab vCenter credentials, creating them (random password) on first use. */
export function loadOrCreateCredentials(stateDir: string): Credentials {
  const file = path.join(stateDir, CREDENTIALS_FILE);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
      throw new Error(`${file} must hold {"username": string, "password": string}; delete it to generate new credentials`);
    }
    return { username: parsed.username, password: parsed.password };
  }
  // Letters, digits and symbols vCenter password policies demand; no characters needing escaping.
  const creds: Credentials = { username: VSPHERE_USER, password: `Mtv-${randomBytes(12).toString('base64url')}1!` };
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

export const vsphereComponent: LabComponent = {
  name: 'vsphere',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const credentials = loadOrCreateCredentials(ctx.stateDir);
    // Guests boot in about half a lab minute: tools and IPs appear that long after power-on.
    const model = new LabVSphereModel(seedInventory(), { guestBootMs: Math.max(1, Math.round(ctx.msPerMinute / 2)), faults: ctx.faults });
    const disks = new DiskDataStore();
    seedDiskData(model, disks);
    const guestLogins = loadOrCreateGuestCredentials(ctx.stateDir);
    const sim = await startVSphereSimulator({
      credentials,
      model,
      tls: { certPem: ctx.tls.certPem, keyPem: ctx.tls.keyPem },
      guestLogins,
      disks,
      faults: ctx.faults,
    });
    ctx.provide('disks.data', disks);
    ctx.provide('vsphere.model', model);
    ctx.provide('vsphere.url', sim.url);
    ctx.provide('vsphere.credentials', credentials);
    ctx.log('vsphere', `vCenter simulator at ${sim.url} (user ${credentials.username})`);
    const esxi = await startEsxiEndpoint(model, loadOrCreateEsxiCredentials(ctx.stateDir), {
      certPem: ctx.tls.certPem,
      keyPem: ctx.tls.keyPem,
    });
    const ssh = await startEsxiHostSsh(ctx, model, esxi.endpoint);
    ctx.provide('vsphere.esxi', { ...esxi.endpoint, sshAddress: ssh.running.address });
    ctx.provide('vsphere.esxi.ssh', ssh.host);
    ctx.log('vsphere', `ESXi endpoint of ${esxi.endpoint.hostName} at ${esxi.endpoint.url} (user ${esxi.endpoint.credentials.username})`);
    ctx.log('vsphere', `ESXi host ${esxi.endpoint.hostName} sshd at ${ssh.running.address}`);
    return {
      stop: async () => {
        await ssh.running.stop();
        await esxi.sim.stop();
        await sim.stop();
        model.close();
      },
    };
  },
};
