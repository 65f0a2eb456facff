/**
 * Connection tests of the oVirt and OpenStack providers, as Forklift's collectors run Test():
 *  - oVirt: SSO login with the secret's user and password, then GET the API root (system service);
 *    the engine CA from the secret (`cacert`, or `ca.crt`) verifies the certificate unless
 *    insecureSkipVerify. A refused login (SSO 400/401) is an auth failure.
 *  - OpenStack: Keystone v3 password authentication scoped to the secret's project and domain, the
 *    compute endpoint looked up in the region; 401 is an auth failure. Without a CA in the secret the
 *    system roots verify the certificate (so the lab CA must be given).
 */
import { OpenStackApi, OvirtApi, SourceApiError, openStackAuthFrom, tlsFrom } from '../inventory/source-clients';
import type { ConnectionResult } from './connection-test';

function failure(e: unknown): ConnectionResult {
  if (e instanceof SourceApiError) return { ok: false, status: e.status, error: e.message };
  return { ok: false, status: 0, error: e instanceof Error ? e.message : String(e) };
}

export async function testOvirt(url: string, data: Record<string, string>): Promise<ConnectionResult> {
  const api = new OvirtApi(url, data.user ?? '', data.password ?? '', tlsFrom(data));
  try {
    await api.login();
    const root = await api.get('');
    if (!root.product_info) return { ok: false, status: 0, error: `GET ${url}: not an oVirt engine API root` };
    return { ok: true, status: 200 };
  } catch (e) {
    return failure(e);
  } finally {
    api.close();
  }
}

export async function testOpenStack(url: string, data: Record<string, string>): Promise<ConnectionResult> {
  const api = new OpenStackApi(url, openStackAuthFrom(data), tlsFrom(data));
  try {
    await api.authenticate();
    return { ok: true, status: 200 };
  } catch (e) {
    return failure(e);
  } finally {
    api.close();
  }
}
