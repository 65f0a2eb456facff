/** The cluster client against the lab's API server: every access form, CRUD and an event-driven wait. */
import fs from 'node:fs';
import path from 'node:path';
import { connect } from '../../../lib/k8s/connect';
import { silentLog } from '../../../lib/k8s/log';
import { waitForObject } from '../../../lib/k8s/waits';
import { CONFIG_FILE } from '../../../lab/state';
import { useLab } from '../../support/lab';

const lab = useLab();

describe('cluster access against the lab', () => {
  it('kubeconfig: create, get, merge-patch, wait, delete a namespace', async () => {
    const client = await connect({ kind: 'kubeconfig', path: lab().kubeconfig }, silentLog);
    try {
      const name = `k8s-test-${Date.now()}`;
      const { object, created } = await client.create('Namespace', { metadata: { name, labels: { a: '1' } } });
      expect(created).toBe(true);
      expect(object.metadata?.uid).toBeTruthy();
      const waiting = waitForObject(client, 'Namespace', name, undefined, (ns) => ns?.metadata?.labels?.b === '2', { timeoutMs: 5000 });
      await client.mergePatch('Namespace', name, undefined, { metadata: { labels: { b: '2' } } });
      expect((await waiting)?.metadata?.labels).toMatchObject({ a: '1', b: '2' });
      expect(await client.delete('Namespace', name)).toBe('deleted');
      expect(client.counter.snapshot().byVerb).toMatchObject({ create: 1, patch: 1, watch: 1 });
    } finally {
      client.close();
    }
  });

  it('token with the lab CA verifies TLS; a wrong CA is refused', async () => {
    const caPem = lab().caPem;
    const ok = await connect(
      { kind: 'token', server: lab().url, token: lab().adminToken, insecureSkipTlsVerify: false, caPem },
      silentLog,
      { retries: 0, minTimeoutMs: 1, maxTimeoutMs: 1, maxRetryAfterMs: 1 },
    );
    await expect(ok.list('Namespace')).resolves.toBeDefined();
    ok.close();
    const noCa = await connect({ kind: 'token', server: lab().url, token: lab().adminToken, insecureSkipTlsVerify: false }, silentLog, {
      retries: 0,
      minTimeoutMs: 1,
      maxTimeoutMs: 1,
      maxRetryAfterMs: 1,
    });
    await expect(noCa.list('Namespace')).rejects.toThrow(/certificate/i);
    noCa.close();
  });

  it('username/password through the OAuth challenging client', async () => {
    const config = JSON.parse(fs.readFileSync(path.join(lab().stateDir, CONFIG_FILE), 'utf8')) as {
      users: Array<{ name: string; password: string }>;
    };
    const user = config.users[0]!;
    const client = await connect(
      {
        kind: 'password',
        server: lab().url,
        username: user.name,
        password: user.password,
        insecureSkipTlsVerify: false,
        caPem: lab().caPem,
      },
      silentLog,
    );
    expect(client.token).toBeTruthy();
    await expect(client.list('Namespace')).resolves.toBeDefined();
    client.close();
    await expect(
      connect(
        { kind: 'password', server: lab().url, username: user.name, password: 'wrong', insecureSkipTlsVerify: false, caPem: lab().caPem },
        silentLog,
      ),
    ).rejects.toThrow(/login as "kubeadmin" .* was refused \(HTTP 401\)/);
  });
});
