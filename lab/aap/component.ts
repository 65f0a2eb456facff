/**
 * The lab's AAP (Ansible Automation Platform / AWX) as a lab component: the AWX REST API subset of
 * lab/aap/server.ts on one HTTPS port with the lab's TLS, seeded with the hook job templates.
 * It publishes <stateDir>/aap.json (mode 0600): {"url", "token", "admin_password"}, the way a QE
 * engineer hands a run an AAP URL and token; the token is a valid OAuth2 token of the admin.
 * Provides 'aap.url'. Fault aap-job-fails: every job launched while it is on ends failed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LabComponent, LabContext, RunningComponent } from '../component';
import { AapModel } from './model';
import { startAapSimulator } from './server';

export const AAP_FILE = 'aap.json';

export const aapComponent: LabComponent = {
  name: 'aap',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const model = new AapModel(`Awx-${randomBytes(12).toString('base64url')}`, ctx.msPerMinute);
    const token = model.addToken('mtv-tests (published by the lab)', 'write');
    const sim = await startAapSimulator({
      model,
      tls: { certPem: ctx.tls.certPem, keyPem: ctx.tls.keyPem },
      failJobs: () => ctx.faults.isOn('aap-job-fails'),
    });
    fs.writeFileSync(
      path.join(ctx.stateDir, AAP_FILE),
      `${JSON.stringify({ url: sim.url, token: token.token, admin_password: model.adminPassword }, null, 2)}\n`,
      { mode: 0o600 },
    );
    ctx.provide('aap.url', sim.url);
    ctx.log('aap', `AAP (AWX API ${model.templates.map((t) => t.name).join(', ')}) at ${sim.url}`);
    return { stop: () => sim.stop() };
  },
};
