/**
 * The lab's ESXi endpoint: the first seeded host (the one the scenarios' template VMs live on)
 * served as its own vim25 endpoint over the vCenter's model, with the host's root login. The
 * root password is generated on first start and kept in <stateDir>/esxi-credentials.json (0600).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LabVSphereModel } from '../lab-model';
import { SEED_IDS } from '../seed';
import { startVSphereSimulator, type RunningVSphereSimulator } from '../server';
import type { Credentials } from '../soap/vim-service';
import { esxiProfile } from './profile';

export const ESXI_USER = 'root';
const CREDENTIALS_FILE = 'esxi-credentials.json';

/** What other lab components (inventory, providers file) learn about the ESXi endpoint. */
export interface LabEsxiEndpoint {
  url: string; // https://127.0.0.1:<port>/sdk
  /** The vCenter MoRef of the host this endpoint is. */
  hostMoref: string;
  hostName: string;
  credentials: Credentials;
  /** The host's sshd, host:port (./ssh-server.ts); set once it listens. */
  sshAddress?: string;
}

export function loadOrCreateEsxiCredentials(stateDir: string): Credentials {
  const file = path.join(stateDir, CREDENTIALS_FILE);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Credentials>;
    if (typeof parsed.username === 'string' && typeof parsed.password === 'string')
      return { username: parsed.username, password: parsed.password };
    throw new Error(`${file} must hold {"username": string, "password": string}; delete it to generate new credentials`);
  }
  const creds: Credentials = { username: ESXI_USER, password: `Esx-${randomBytes(12).toString('base64url')}1!` };
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

export async function startEsxiEndpoint(
  model: LabVSphereModel,
  credentials: Credentials,
  tls: { certPem: string; keyPem: string } | undefined,
  hostMoref: string = SEED_IDS.hosts[0],
): Promise<{ endpoint: LabEsxiEndpoint; sim: RunningVSphereSimulator }> {
  const host = model.snapshot().hosts.find((h) => h.moref === hostMoref);
  if (!host) throw new Error(`the lab vCenter has no host ${hostMoref} for the ESXi endpoint`);
  const sim = await startVSphereSimulator({ credentials, model, profile: esxiProfile(hostMoref), ...(tls ? { tls } : {}) });
  return { endpoint: { url: sim.url, hostMoref, hostName: host.name, credentials }, sim };
}
