/**
 * The lab's state directory: lab-config.json (admin token and users, 0600), the TLS files
 * (lab/certs.ts) and the kubeconfig the launcher hands to kubectl and the suite.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { newToken, type LabUser } from './apiserver/auth';

import { CONFIG_FILE, KUBECONFIG_FILE, LOCK_FILE } from './state-files';

export { CONFIG_FILE, KUBECONFIG_FILE, LOCK_FILE };

export interface LabConfig {
  adminToken: string;
  users: LabUser[];
}

/** The repository's default state directory (.lab-state at the repo root). */
export function defaultStateDir(): string {
  return path.resolve(__dirname, '..', '.lab-state');
}

export function ensureStateDir(dir: string): string {
  const abs = path.resolve(dir);
  fs.mkdirSync(abs, { recursive: true, mode: 0o700 });
  return abs;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims the state directory for this process (lab.pid), so two labs never rewrite one kubeconfig.
 * A lock left by a dead process is taken over. Returns the release function.
 */
export function lockStateDir(stateDir: string): () => void {
  const file = path.join(stateDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => {
        try {
          if (fs.readFileSync(file, 'utf8').trim() === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid))
        throw new Error(`another lab (pid ${pid}) is using the state directory ${stateDir}; stop it or use --state-dir`);
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not claim the state directory ${stateDir} (${file})`);
}

/** A kubeadmin-style password: four groups of five characters. */
function newPassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length] ?? 'x');
  return [0, 5, 10, 15].map((i) => chars.slice(i, i + 5).join('')).join('-');
}

function isConfig(v: unknown): v is LabConfig {
  if (!v || typeof v !== 'object') return false;
  const c = v as { adminToken?: unknown; users?: unknown };
  return (
    typeof c.adminToken === 'string' &&
    c.adminToken.length > 0 &&
    Array.isArray(c.users) &&
    c.users.every(
      (u: unknown) =>
        !!u && typeof u === 'object' && typeof (u as LabUser).name === 'string' && typeof (u as LabUser).password === 'string',
    )
  );
}

function writePrivate(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.renameSync(tmp, file);
  fs.chmodSync(file, 0o600);
}

/** Reads lab-config.json, or creates it with a fresh admin token and a kubeadmin user. */
export function loadOrCreateConfig(stateDir: string): LabConfig {
  const file = path.join(stateDir, CONFIG_FILE);
  if (fs.existsSync(file)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file} is not valid JSON (${(e as Error).message}); fix it or delete it to get a new one`);
    }
    if (!isConfig(parsed))
      throw new Error(`${file} must have "adminToken" (string) and "users" ([{name, password}]); fix it or delete it to get a new one`);
    return parsed;
  }
  const config: LabConfig = { adminToken: newToken(), users: [{ name: 'kubeadmin', password: newPassword() }] };
  writePrivate(file, `${JSON.stringify(config, null, 2)}\n`);
  return config;
}

export function writeKubeconfig(stateDir: string, server: string, caCertPem: string, token: string): string {
  const file = path.join(stateDir, KUBECONFIG_FILE);
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'mtv-lab', cluster: { server, 'certificate-authority-data': Buffer.from(caCertPem).toString('base64') } }],
    users: [{ name: 'lab-admin', user: { token } }],
    contexts: [{ name: 'mtv-lab', context: { cluster: 'mtv-lab', user: 'lab-admin', namespace: 'default' } }],
    'current-context': 'mtv-lab',
    preferences: {},
  };
  writePrivate(file, YAML.stringify(doc));
  return file;
}
