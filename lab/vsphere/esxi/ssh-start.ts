/**
 * Starts the lab ESXi host's sshd (ssh-server.ts) over its authorized_keys (ssh-host.ts). root's
 * authorized_keys starts with one key of the lab's own (an administrator's, as on a real host), so
 * that a client that removes more than its own line is seen doing it.
 */
import { utils } from 'ssh2';
import type { LabContext } from '../../component';
import type { VSphereModel } from '../model';
import type { LabEsxiEndpoint } from './endpoint';
import { EsxiSshHost } from './ssh-host';
import { loadOrCreateEsxiHostKey, startEsxiSsh, type RunningEsxiSsh } from './ssh-server';

/** The comment of the administrator key the lab host starts with. */
export const LAB_ADMIN_KEY_COMMENT = 'admin@mtv-lab-workstation';

export async function startEsxiHostSsh(
  ctx: LabContext,
  model: VSphereModel,
  endpoint: LabEsxiEndpoint,
): Promise<{ host: EsxiSshHost; running: RunningEsxiSsh }> {
  const admin = utils.generateKeyPairSync('ecdsa', { bits: 256, comment: LAB_ADMIN_KEY_COMMENT });
  const host = new EsxiSshHost(
    endpoint.hostName,
    () => model.snapshot().datastores.map((d) => d.name),
    ctx.faults,
    `${admin.public.trim()}\n`,
  );
  const running = await startEsxiSsh(host, endpoint.credentials, loadOrCreateEsxiHostKey(ctx.stateDir), (e) =>
    ctx.log('vsphere', `ESXi sshd: ${e.message}`),
  );
  return { host, running };
}
