/**
 * The lab's NFS export of OVA files as a lab component: at start it writes one OVA per lab VM
 * (lab/ova/seed.ts) into <stateDir>/nfs/ova and provides 'ova.exports' (what the NFS server
 * exports, for the OVA provider server to mount) and 'ova.share' (the `server:/path` url of the
 * export, for the providers file).
 */
import type { LabComponent, LabContext, RunningComponent } from '../component';
import { populateExport, type NfsExport } from './share';

export const ovaComponent: LabComponent = {
  name: 'ova',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const share = await populateExport(ctx.stateDir);
    ctx.provide<NfsExport[]>('ova.exports', [share]);
    ctx.provide<string>('ova.share', share.url);
    ctx.log('ova', `NFS export ${share.url} holds the lab's OVA files`);
    return { stop: () => Promise.resolve() };
  },
};

/** The lab's NFS exports, or none when the OVA component is not running. */
export function providedExports(ctx: LabContext): NfsExport[] {
  try {
    return ctx.need<NfsExport[]>('ova.exports');
  } catch {
    return [];
  }
}
