/**
 * Provider reconciliation (pkg/controller/provider): validate type, url and secret; run a real
 * connection test; start the inventory collector; set the phase and the conditions of reference
 * §1.1 (Validated, ConnectionInsecure, ConnectionTestSucceeded/Failed, ConnectionAuthFailed,
 * LoadInventory, InventoryCreated, Ready). Connection tests are re-run at most every 30 s (LongReQ)
 * or when the spec or the secret changes.
 */
import type { KubeObject } from '../apiserver/contract';
import type { LabFaults } from '../faults-catalog';
import type { InventoryService } from '../inventory/service';
import { ConditionStage, type Condition } from './conditions';
import { testOpenShift, testVSphere, type ConnectionResult } from './connection-test';
import { type Kinds, secretData } from './kinds';

export const PROVIDER_TYPES = ['openshift', 'vsphere', 'ovirt', 'openstack', 'ova', 'ec2', 'hyperv', 'nutanix'];
const RETEST_MS = 30_000;
const SLOW_REQUEUE_MS = 3_000;

interface ProviderSpec {
  type?: string;
  url?: string;
  secret?: { name?: string; namespace?: string };
  settings?: Record<string, string>;
}

interface ProviderStatus {
  phase?: string;
  conditions?: Condition[];
  observedGeneration?: number;
  fingerprint?: string;
  secretResourceVersion?: string;
}

/** Secret keys the controller requires per provider type (reference §1.1). */
export function missingSecretKeys(type: string, data: Record<string, string>, remoteOpenShift: boolean): string[] {
  const need: string[] = [];
  const insecure = (data.insecureSkipVerify ?? '').toLowerCase() === 'true';
  switch (type) {
    case 'openshift':
      if (remoteOpenShift) need.push('token');
      break;
    case 'vsphere':
    case 'ovirt':
      need.push('user', 'password');
      if (!insecure) need.push('ca.crt');
      break;
    case 'ova':
      need.push('url');
      break;
    case 'hyperv':
      need.push('username', 'password', 'smbUrl');
      if (!insecure) need.push('ca.crt');
      break;
    case 'nutanix':
      need.push('user', 'password');
      break;
    default:
      break;
  }
  return need.filter((k) => {
    if (k === 'ca.crt') return !data['ca.crt'] && !data.cacert; // deprecated key still read
    return !data[k];
  });
}

interface TestMemo {
  key: string;
  at: number;
  result: ConnectionResult;
}

export class ProviderController {
  private readonly memo = new Map<string, TestMemo>();
  private readonly inflight = new Map<string, string>(); // uid -> key of the test running

  constructor(
    private readonly kinds: Kinds,
    private readonly inventory: InventoryService,
    private readonly faults: LabFaults,
    private readonly requeue: (namespace: string, name: string) => void,
  ) {}

  /**
   * The connection test result for this provider state. Tests run outside the work queue (an
   * unreachable URL must not stall every other reconcile): while one is in flight the previous
   * result for the same spec/secret stands, or undefined when there is none; on completion the
   * provider is requeued.
   */
  private connection(p: KubeObject, spec: ProviderSpec, data: Record<string, string>, secretRv: string): ConnectionResult | undefined {
    const uid = p.metadata.uid ?? '';
    const key = `${p.metadata.generation}/${secretRv}/${this.faults.isOn('provider-connection-failed')}`;
    const prev = this.memo.get(uid);
    const usable = prev && prev.key === key ? prev.result : undefined;
    if (prev && prev.key === key && Date.now() - prev.at < RETEST_MS) return usable;
    if (this.inflight.get(uid) === key) return usable;
    this.inflight.set(uid, key);
    const tls = { insecure: (data.insecureSkipVerify ?? '').toLowerCase() === 'true', caPem: data['ca.crt'] || data.cacert };
    let test: Promise<ConnectionResult>;
    if (this.faults.isOn('provider-connection-failed')) {
      test = Promise.resolve({ ok: false, status: 0, error: `Post "${spec.url}": dial tcp: connect: connection refused` });
    } else if (spec.type === 'vsphere') {
      // validateServerType: the sdkEndpoint setting must match what the URL points at.
      const sdk = spec.settings?.sdkEndpoint ?? 'vcenter';
      test = testVSphere(spec.url ?? '', data.user ?? '', data.password ?? '', tls).then((r): ConnectionResult => {
        if (!r.ok || !r.apiType) return r;
        const isVC = r.apiType === 'VirtualCenter';
        if (sdk === 'vcenter' && !isVC) return { ok: false, status: 0, error: 'provider sdkEndpoint is set to vCenter but the URL points to an ESXi host' };
        if (sdk === 'esxi' && isVC) return { ok: false, status: 0, error: 'provider sdkEndpoint is set to ESXi but the URL points to a vCenter server' };
        return r;
      });
    } else if (spec.type === 'openshift') {
      test = testOpenShift(spec.url ?? '', data.token ?? '', tls);
    } else {
      test = Promise.resolve({ ok: false, status: 0, error: `the lab has no ${spec.type} source to connect to` });
    }
    void test.then((result) => {
      if (this.inflight.get(uid) === key) this.inflight.delete(uid);
      this.memo.set(uid, { key, at: Date.now(), result });
      this.requeue(p.metadata.namespace ?? '', p.metadata.name ?? '');
    });
    return usable;
  }

  /** Returns the requeue delay. */
  reconcile(namespace: string, name: string): number | undefined {
    const p = this.kinds.get('provider', namespace, name);
    if (!p || p.metadata.deletionTimestamp) {
      return undefined;
    }
    const spec = (p.spec ?? {}) as ProviderSpec;
    const prevStatus = (p.status ?? {}) as ProviderStatus;
    const stage = new ConditionStage(prevStatus.conditions ?? []);
    const status: ProviderStatus = { phase: 'Staging', observedGeneration: p.metadata.generation ?? 1 };
    const type = spec.type ?? '';
    const isHost = type === 'openshift' && !spec.url;
    stage.set({ type: 'Validated', category: 'Advisory', reason: 'Completed', message: 'Validation has been completed.' });

    let phase: string | undefined;
    if (!PROVIDER_TYPES.includes(type)) {
      stage.set({ type: 'ProviderTypeNotSupported', category: 'Critical', reason: 'NotSupported', message: `The \`type\` must be: [${PROVIDER_TYPES.join(' ')}]` });
      phase = 'ValidationFailed';
    }
    if (!phase && !isHost) {
      if (!spec.url) {
        stage.set({ type: 'UrlNotValid', category: 'Critical', reason: 'NotSet', message: 'The `url` is not valid.' });
        phase = 'ValidationFailed';
      } else {
        try {
          new URL(spec.url);
        } catch (e) {
          stage.set({ type: 'UrlNotValid', category: 'Critical', reason: 'Malformed', message: `The \`url\` is malformed: ${e instanceof Error ? e.message : String(e)}` });
          phase = 'ValidationFailed';
        }
      }
    }
    let data: Record<string, string> = {};
    let secretRv = '';
    if (!phase && !isHost) {
      const ref = spec.secret ?? {};
      const secret = ref.name ? this.kinds.get('secret', ref.namespace || namespace, ref.name) : undefined;
      if (!ref.name || !ref.namespace) {
        stage.set({ type: 'SecretNotValid', category: 'Critical', reason: 'NotSet', message: 'The `secret` is not valid.' });
        phase = 'ValidationFailed';
      } else if (!secret) {
        stage.set({ type: 'SecretNotValid', category: 'Critical', reason: 'NotFound', message: 'The `secret` is not valid.' });
        phase = 'ValidationFailed';
      } else {
        data = secretData(secret);
        if (this.faults.isOn('provider-secret-tls-disabled') && type === 'vsphere' && (data.insecureSkipVerify ?? '').toLowerCase() !== 'true') {
          // Forklift's provider-Secret mutation (forklift-api webhook) is where it writes into these
          // Secrets; the defect: it turns certificate verification off instead of keeping the CA.
          const updated = this.kinds.store.mutate(this.kinds.rt('secret'), secret.metadata.namespace, secret.metadata.name ?? '', (o) => {
            o.data = { ...((o.data ?? {}) as Record<string, string>), insecureSkipVerify: Buffer.from('true').toString('base64') };
          });
          if (updated) data = secretData(updated);
          secretRv = updated?.metadata.resourceVersion ?? '';
        }
        secretRv ||= secret.metadata.resourceVersion ?? '';
        status.secretResourceVersion = secretRv;
        const missing = missingSecretKeys(type, data, true);
        if (missing.length > 0) {
          stage.set({ type: 'SecretNotValid', category: 'Critical', reason: 'DataErr', message: 'The `secret` is not valid.', items: missing });
          phase = 'ValidationFailed';
        }
      }
    }
    if (!phase && !isHost && (data.insecureSkipVerify ?? '').toLowerCase() === 'true') {
      stage.set({ type: 'ConnectionInsecure', category: 'Warn', reason: 'SkipTLSVerification', message: 'TLS is susceptible to machine-in-the-middle attacks when certificate verification is skipped.' });
    }

    let connected = false;
    if (!phase) {
      if (isHost) {
        connected = true;
      } else {
        const r = this.connection(p, spec, data, secretRv);
        if (!r) {
          // Testing: no verdict yet (the test's completion requeues this provider).
        } else if (r.ok) {
          connected = true;
          if (type === 'vsphere' && r.fingerprint) status.fingerprint = r.fingerprint;
        } else if ((r.status === 401 || r.status === 400) && type !== 'vsphere') {
          // Forklift reports refused credentials as ConnectionAuthFailed. For vSphere, issue #3
          // fixes the lab's answer to a wrong password as ConnectionTestFailed (its acceptance
          // criterion; the project rule is that an issue wins over the reference), so a vCenter
          // login fault takes the ConnectionTestFailed branch below.
          stage.set({ type: 'ConnectionAuthFailed', category: 'Critical', reason: 'Tested', message: `Connection auth failed, error: ${r.error ?? 'unauthorized'}` });
          phase = 'ConnectionFailed';
        } else {
          stage.set({ type: 'ConnectionTestFailed', category: 'Critical', reason: 'Tested', message: `Connection test, failed: ${r.error ?? 'unknown error'}` });
          phase = 'ConnectionFailed';
        }
      }
      if (connected) stage.set({ type: 'ConnectionTestSucceeded', category: 'Required', reason: 'Tested', message: 'Connection test, succeeded.' });
    }

    let loaded = false;
    if (connected) {
      if (type === 'vsphere' && !this.inventory.servesVSphereUrl(spec.url ?? '')) {
        // Connected to something that is not the lab's vCenter: nothing to collect.
        stage.set({ type: 'LoadInventory', category: 'Advisory', reason: 'Started', message: 'Loading the inventory.' });
      } else {
        const c = this.inventory.startCollector(p);
        loaded = c.loaded;
        if (loaded) stage.set({ type: 'InventoryCreated', category: 'Required', reason: 'Completed', message: 'The inventory has been loaded.' });
        else stage.set({ type: 'LoadInventory', category: 'Advisory', reason: 'Started', message: 'Loading the inventory.' });
      }
    } else {
      this.inventory.stopCollector(p.metadata.uid ?? '');
    }

    if (!stage.hasBlocker() && stage.has('ConnectionTestSucceeded') && stage.has('InventoryCreated')) {
      stage.set({ type: 'Ready', category: 'Required', message: 'The provider is ready.' });
      phase = 'Ready';
    }
    status.phase = phase ?? 'Staging';
    status.conditions = stage.commit();
    if (prevStatus.fingerprint && !status.fingerprint && connected) status.fingerprint = prevStatus.fingerprint;
    this.kinds.writeStatus('provider', p, status);
    if (phase === 'Ready') return RETEST_MS;
    return SLOW_REQUEUE_MS;
  }

  forget(uid: string): void {
    this.memo.delete(uid);
    this.inflight.delete(uid);
  }
}
