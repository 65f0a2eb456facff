/**
 * The lab's oVirt engine as a lab component: the seeded engine model plus the REST API v4 + SSO
 * simulator at https://127.0.0.1:<port>/ovirt-engine/api with the lab's TLS. Credentials
 * (admin@internal, random password) are generated on first start and kept in
 * <stateDir>/ovirt-credentials.json (mode 0600); the engine CA it serves is also written to
 * <stateDir>/ovirt-engine-ca.pem for the providers file. Provides 'ovirt.model', 'ovirt.url',
 * 'ovirt.credentials' and 'ovirt.endpoint' ({url, credentials, caCertFile}).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import type { EngineCredentials } from './auth';
import { OvirtEngineModel } from './model';
import { seedEngineInventory } from './seed';
import { startOvirtSimulator } from './server';

export const OVIRT_USER = 'admin@internal';
const CREDENTIALS_FILE = 'ovirt-credentials.json';
const CA_FILE = 'ovirt-engine-ca.pem';

export function loadOrCreateOvirtCredentials(stateDir: string): EngineCredentials {
  const file = path.join(stateDir, CREDENTIALS_FILE);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<EngineCredentials>;
    if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
      throw new Error(`${file} must hold {"username": string, "password": string}; delete it to generate new credentials`);
    }
    return { username: parsed.username, password: parsed.password };
  }
  const creds: EngineCredentials = { username: OVIRT_USER, password: `Rhv-${randomBytes(12).toString('base64url')}` };
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

export const ovirtComponent: LabComponent = {
  name: 'ovirt',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const credentials = loadOrCreateOvirtCredentials(ctx.stateDir);
    // A status phase (wait_for_launch, powering_up, powering_down, image_locked) lasts a twentieth of a lab minute.
    const model = new OvirtEngineModel(seedEngineInventory(), { phaseMs: Math.max(1, Math.round(ctx.msPerMinute / 20)) });
    const sim = await startOvirtSimulator({ credentials, model, tls: ctx.tls });
    ctx.provide('ovirt.model', model);
    ctx.provide('ovirt.url', sim.url);
    ctx.provide('ovirt.credentials', credentials);
    const caCertFile = path.join(ctx.stateDir, CA_FILE);
    fs.writeFileSync(caCertFile, ctx.tls.caCertPem);
    ctx.provide('ovirt.endpoint', { url: sim.url, credentials, caCertFile });
    ctx.log('ovirt', `oVirt engine simulator at ${sim.url} (user ${credentials.username})`);
    return {
      stop: async () => {
        await sim.stop();
        model.close();
      },
    };
  },
};
