/**
 * Forklift's SSH keys for the copy-offload SSH clone method (pkg/lib/sshkeys, provider controller):
 * for every vSphere provider, Secrets `offload-ssh-keys-<provider>-private` (key `private-key`) and
 * `-public` (key `public-key`, an OpenSSH public key line) in the provider's namespace, the provider
 * name cut to 228 characters; a real RSA keypair, made once and kept. With
 * `spec.settings.esxiCloneMethod: ssh` the controller tests SSH to the ESXi hosts with the private
 * key: SSHReady (Advisory) when the host lets the key in through the restricted wrapper command,
 * SSHNotReady (Warn) with the line to add otherwise.
 */
import { utils } from 'ssh2';
import type { KubeObject } from '../apiserver/contract';
import type { EsxiSshHost } from '../vsphere/esxi/ssh-host';
import type { NewCondition } from './conditions';
import { type Kinds, secretData } from './kinds';

const PREFIX = 'offload-ssh-keys';
const MAX_PROVIDER_NAME = 228;

export function sshKeySecretNames(providerName: string): { private: string; public: string } {
  const base = providerName.slice(0, MAX_PROVIDER_NAME);
  return { private: `${PREFIX}-${base}-private`, public: `${PREFIX}-${base}-public` };
}

export function usesSshCloneMethod(provider: KubeObject): boolean {
  return ((provider.spec ?? {}) as { settings?: Record<string, string> }).settings?.esxiCloneMethod === 'ssh';
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/**
 * Makes each vSphere provider's key Secrets once. An RSA key takes about 0.1 s of CPU (more on a
 * busy machine): it is made off the event loop, so neither the lab's API server nor the provider's
 * status write waits for it; the provider is reconciled again once its Secrets exist (until then
 * an ssh provider reports SSHNotReady SSHKeysNotConfigured, as Forklift's does).
 */
export class SshKeySecrets {
  private readonly making = new Set<string>();

  constructor(
    private readonly kinds: Kinds,
    private readonly requeue: (namespace: string, name: string) => void,
  ) {}

  /** Starts making the provider's key Secrets unless both exist or are being made. */
  ensure(provider: KubeObject): void {
    const ns = provider.metadata.namespace ?? '';
    const name = provider.metadata.name ?? '';
    const names = sshKeySecretNames(name);
    const existing = this.kinds.get('secret', ns, names.public);
    if (existing && secretData(existing)['public-key'] && this.kinds.get('secret', ns, names.private)) return;
    const key = `${ns}/${name}`;
    if (this.making.has(key)) return;
    this.making.add(key);
    utils.generateKeyPair('rsa', { bits: 2048, comment: `forklift-${name}` }, (error, pair) => {
      this.making.delete(key);
      const current = this.kinds.get('provider', ns, name);
      if (error || !current) return; // an error is retried at the next reconcile; a deleted provider needs none
      this.write(current, pair.private, pair.public.trim());
      this.requeue(ns, name);
    });
  }

  private write(provider: KubeObject, privateKey: string, publicKey: string): void {
    const ns = provider.metadata.namespace ?? '';
    const names = sshKeySecretNames(provider.metadata.name ?? '');
    const owner = [
      {
        apiVersion: 'forklift.konveyor.io/v1beta1',
        kind: 'Provider',
        name: provider.metadata.name ?? '',
        uid: provider.metadata.uid ?? '',
      },
    ];
    const secret = (name: string, dataKey: string, value: string): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: ns, ownerReferences: owner, labels: { 'forklift.konveyor.io/offload-ssh-keys': 'true' } },
      type: 'Opaque',
      data: { [dataKey]: b64(value) },
    });
    const rt = this.kinds.rt('secret');
    for (const n of [names.private, names.public]) if (this.kinds.get('secret', ns, n)) this.kinds.store.delete(rt, ns, n);
    this.kinds.store.create(rt, secret(names.private, 'private-key', privateKey));
    this.kinds.store.create(rt, secret(names.public, 'public-key', publicKey));
  }
}

/** The public key line matching the provider's private-key Secret (what a client holding it offers), if any. */
export function offeredPublicKey(kinds: Kinds, provider: { name: string; namespace: string }): string | undefined {
  const secret = kinds.get('secret', provider.namespace, sshKeySecretNames(provider.name).private);
  const pem = secret ? secretData(secret)['private-key'] : undefined;
  const key = pem ? utils.parseKey(pem) : undefined;
  if (!key || key instanceof Error) return undefined;
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

/** SSHReady / SSHNotReady of a provider using the SSH clone method, from its private key and the ESXi host. */
export function sshReadiness(kinds: Kinds, provider: KubeObject, host: EsxiSshHost | undefined): NewCondition {
  const offered = offeredPublicKey(kinds, { name: provider.metadata.name ?? '', namespace: provider.metadata.namespace ?? '' });
  if (!host || !offered) {
    return {
      type: 'SSHNotReady',
      category: 'Warn',
      reason: !offered ? 'SSHKeysNotConfigured' : 'SSHTestError',
      message: !offered
        ? `SSH keys not configured for provider: secret ${sshKeySecretNames(provider.metadata.name ?? '').private} not found`
        : 'SSH connectivity test failed: no ESXi host found in the provider inventory',
    };
  }
  const access = host.keyAccess(offered);
  if (access.authorized)
    return { type: 'SSHReady', category: 'Advisory', reason: 'SSHTestSucceeded', message: 'SSH connectivity verified for all ESXi hosts.' };
  const pub = kinds.get('secret', provider.metadata.namespace, sshKeySecretNames(provider.metadata.name ?? '').public);
  const publicKey = pub ? secretData(pub)['public-key'] : undefined;
  return {
    type: 'SSHNotReady',
    category: 'Warn',
    reason: 'SSHTestFailed',
    message:
      `SSH connectivity test failed for ESXi hosts. Failed host IPs: [${host.hostName}] (${access.reason}). ` +
      'To enable storage offload, configure SSH access on your ESXi hosts: add to /etc/ssh/keys-root/authorized_keys ' +
      `command="python /vmfs/volumes/<DATASTORE>/secure-vmkfstools-wrapper.py",no-port-forwarding,no-agent-forwarding,no-X11-forwarding ${publicKey ?? '<PUBLIC_KEY_CONTENT>'}`,
  };
}
