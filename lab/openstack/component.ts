/**
 * The lab's OpenStack cloud as a lab component: Keystone, Nova, Cinder, Glance and Neutron on one
 * HTTPS port with the lab's TLS (cheap to start: one listening socket over an in-memory seed).
 * The Keystone password is generated on first start and kept in
 * <stateDir>/openstack-credentials.json (mode 0600) so restarts keep it.
 * Provides: 'openstack.cloud' (OpenStackCloud), 'openstack.provider' (OpenStackProviderInfo).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import type { KeystoneCredentials } from './keystone';
import { startOpenStackSimulator } from './server';

export const OPENSTACK_USER = 'mtv-admin';
const CREDENTIALS_FILE = 'openstack-credentials.json';

/** What a client needs to log in (the providers file's `openstack` entry is built from it). */
export interface OpenStackProviderInfo {
  authUrl: string; // https://127.0.0.1:<port>/v3
  username: string;
  password: string;
  projectName: string;
  projectId: string;
  userDomainName: string;
  userDomainId: string;
  projectDomainName: string;
  projectDomainId: string;
  regionName: string;
}

export function loadOrCreateOpenStackCredentials(stateDir: string): KeystoneCredentials {
  const file = path.join(stateDir, CREDENTIALS_FILE);
  if (fs.existsSync(file)) {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KeystoneCredentials>;
    if (typeof parsed.username !== 'string' || typeof parsed.password !== 'string') {
      throw new Error(`${file} must hold {"username": string, "password": string}; delete it to generate new credentials`);
    }
    return { username: parsed.username, password: parsed.password };
  }
  const creds: KeystoneCredentials = { username: OPENSTACK_USER, password: `Osp-${randomBytes(12).toString('base64url')}` };
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(creds, null, 2) + '\n', { mode: 0o600 });
  return creds;
}

/** The OpenStack login when the lab runs this component (a lab started with a subset may not). */
export function providedOpenStack(ctx: LabContext): OpenStackProviderInfo | undefined {
  try {
    return ctx.need<OpenStackProviderInfo>('openstack.provider');
  } catch {
    return undefined;
  }
}

export const openstackComponent: LabComponent = {
  name: 'openstack',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const credentials = loadOrCreateOpenStackCredentials(ctx.stateDir);
    const sim = await startOpenStackSimulator({ credentials, tls: { certPem: ctx.tls.certPem, keyPem: ctx.tls.keyPem } });
    const { identity } = sim.cloud.data;
    const info: OpenStackProviderInfo = {
      authUrl: sim.authUrl,
      ...credentials,
      projectName: identity.project.name,
      projectId: identity.project.id,
      userDomainName: identity.domain.name,
      userDomainId: identity.domain.id,
      projectDomainName: identity.domain.name,
      projectDomainId: identity.domain.id,
      regionName: identity.region,
    };
    ctx.provide('openstack.cloud', sim.cloud);
    ctx.provide('openstack.provider', info);
    ctx.log(
      'openstack',
      `OpenStack simulator: Keystone at ${sim.authUrl} (user ${credentials.username}, project ${identity.project.name})`,
    );
    return { stop: () => sim.stop() };
  },
};
