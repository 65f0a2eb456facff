/**
 * Self-test helpers for the lab's Forklift: everything goes through public interfaces only —
 * the Kubernetes API via @kubernetes/client-node, the inventory over HTTPS (axios) through the
 * forklift-inventory Route, the vCenter over vim25 SOAP (lib/providers/vsphere), and the lab's
 * providers.json / kubeconfig files a QE engineer would be handed.
 */
import axios, { type AxiosInstance } from 'axios';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { loadClientNode, type ClientNode } from '../../../lib/k8s/client-node';
import { VSphereClient } from '../../../lib/providers/vsphere/client';
import type { PlanStatus, VmStatus } from '../../../lab/forklift/plan-types';
import type { TestLab } from '../../support/lab';

export interface Cond {
  type: string;
  status: string;
  category: string;
  reason?: string;
  message?: string;
  items?: string[];
  durable?: boolean;
}

/** The spec fields the tests read, by kind: a VM's template, a DataVolume's storage and source, a populator's secret. */
export interface ObjSpec extends Record<string, unknown> {
  template?: VmTemplate;
  storage?: { storageClassName?: string };
  source?: { vddk?: { secretRef?: string; backingFile?: string } };
  checkpoints?: Array<{ current: string; previous?: string }>;
  secretName?: string;
}

/** The status fields the tests read: a Plan's migration (the lab's own types), a Migration's VMs, conditions, phases. */
export interface ObjStatus extends Record<string, unknown> {
  conditions?: Cond[];
  migration?: PlanStatus['migration'];
  vms?: VmStatus[];
  phase?: string;
  completed?: string;
}

export interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid: string }>;
    generateName?: string;
  };
  spec?: ObjSpec;
  status?: ObjStatus;
  data?: Record<string, string>;
}

export const FORKLIFT = { group: 'forklift.konveyor.io', version: 'v1beta1' };
export const KUBEVIRT = { group: 'kubevirt.io', version: 'v1' };
export const CDI = { group: 'cdi.kubevirt.io', version: 'v1beta1' };
export const BATCH = { group: 'batch', version: 'v1' };

/** The parts of a KubeVirt VirtualMachine's spec.template the tests read. */
export interface VmTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    domain: {
      cpu: { sockets?: number; cores?: number; threads?: number; features?: Array<{ name: string; policy?: string }> };
      memory: { guest: string };
      firmware: { serial?: string; bootloader?: Record<string, unknown> };
      devices: { interfaces: Array<Record<string, unknown> & { macAddress?: string }> };
    };
    networks: Array<Record<string, unknown>>;
    volumes: Array<{ name: string; persistentVolumeClaim?: { claimName: string } }>;
    affinity?: unknown;
    nodeSelector?: Record<string, string>;
  };
}

export const vmTemplate = (vm: Obj | undefined): VmTemplate => vm?.spec?.template as VmTemplate;
export const cond = (o: Obj | undefined, type: string): Cond | undefined =>
  (o?.status?.conditions as Cond[] | undefined)?.find((c) => c.type === type);
export const b64 = (s: string) => Buffer.from(s).toString('base64');

interface GV {
  group: string;
  version: string;
}

export class ForkliftLab {
  readonly k8s: typeof ClientNode;
  readonly kc: ClientNode.KubeConfig;
  readonly co: ClientNode.CustomObjectsApi;
  readonly core: ClientNode.CoreV1Api;
  readonly vsphere: { url: string; username: string; password: string };

  constructor(readonly lab: TestLab) {
    this.k8s = loadClientNode();
    this.kc = new this.k8s.KubeConfig();
    this.kc.loadFromFile(lab.kubeconfig);
    this.co = this.kc.makeApiClient(this.k8s.CustomObjectsApi);
    this.core = this.kc.makeApiClient(this.k8s.CoreV1Api);
    const providers = JSON.parse(fs.readFileSync(path.join(lab.stateDir, 'providers.json'), 'utf8')) as {
      vsphere: { api_url: string; username: string; password: string };
    };
    this.vsphere = { url: providers.vsphere.api_url, username: providers.vsphere.username, password: providers.vsphere.password };
  }

  async namespace(name: string): Promise<void> {
    await this.core.createNamespace({ body: { metadata: { name } } });
  }

  create(gv: GV, plural: string, namespace: string, body: object): Promise<Obj> {
    return this.co.createNamespacedCustomObject({ ...gv, plural, namespace, body }) as Promise<Obj>;
  }

  async get(gv: GV, plural: string, namespace: string, name: string): Promise<Obj | undefined> {
    try {
      return (await this.co.getNamespacedCustomObject({ ...gv, plural, namespace, name })) as Obj;
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  async list(gv: GV, plural: string, namespace: string, labelSelector?: string): Promise<Obj[]> {
    const res = (await this.co.listNamespacedCustomObject({ ...gv, plural, namespace, ...(labelSelector ? { labelSelector } : {}) })) as {
      items: Obj[];
    };
    return res.items;
  }

  patch(gv: GV, plural: string, namespace: string, name: string, body: object): Promise<Obj> {
    return this.co.patchNamespacedCustomObject(
      { ...gv, plural, namespace, name, body },
      this.k8s.setHeaderOptions('Content-Type', this.k8s.PatchStrategy.MergePatch),
    ) as Promise<Obj>;
  }

  async delete(gv: GV, plural: string, namespace: string, name: string): Promise<void> {
    await this.co.deleteNamespacedCustomObject({ ...gv, plural, namespace, name });
  }

  /**
   * Waits (watch, resuming from the GET's resourceVersion) until `pred` holds for the object;
   * on timeout the error shows the last state seen.
   */
  async waitFor(
    gv: GV,
    plural: string,
    namespace: string,
    name: string,
    pred: (o: Obj) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<Obj> {
    const first = await this.get(gv, plural, namespace, name);
    if (first && pred(first)) return first;
    let last = first;
    const watch = new this.k8s.Watch(this.kc);
    let req: { abort(): void } | undefined;
    try {
      return await new Promise<Obj>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out after ${timeoutMs} ms waiting for ${plural}/${namespace}/${name}: ${what}; last state: ${JSON.stringify(last?.status ?? null).slice(0, 3000)}`,
              ),
            ),
          timeoutMs,
        );
        watch
          .watch(
            `/apis/${gv.group}/${gv.version}/namespaces/${namespace}/${plural}`,
            {
              fieldSelector: `metadata.name=${name}`,
              ...(first?.metadata.resourceVersion ? { resourceVersion: first.metadata.resourceVersion } : {}),
            },
            (type: string, obj: Obj) => {
              if (type === 'BOOKMARK') return;
              last = obj;
              if (type !== 'DELETED' && pred(obj)) {
                clearTimeout(timer);
                resolve(obj);
              }
            },
            (err: unknown) => {
              if (err) {
                clearTimeout(timer);
                reject(err instanceof Error ? err : new Error(String(err)));
              }
            },
          )
          .then((r) => (req = r as { abort(): void }), reject);
      });
    } finally {
      req?.abort();
    }
  }

  /** Waits (list, then watch from its resourceVersion) until no secret matches `labelSelector`. */
  async secretsGone(namespace: string, labelSelector: string, timeoutMs: number): Promise<void> {
    const list = await this.core.listNamespacedSecret({ namespace, labelSelector });
    const left = new Set(list.items.map((i) => i.metadata?.name ?? ''));
    if (left.size === 0) return;
    const watch = new this.k8s.Watch(this.kc);
    let req: { abort(): void } | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`secrets ${[...left].join(', ')} (${labelSelector}) still exist after ${timeoutMs} ms`)),
          timeoutMs,
        );
        watch
          .watch(
            `/api/v1/namespaces/${namespace}/secrets`,
            { labelSelector, resourceVersion: list.metadata?.resourceVersion },
            (type: string, obj: Obj) => {
              if (type === 'DELETED') left.delete(obj.metadata.name);
              if (left.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
            (err: unknown) => err && reject(err instanceof Error ? err : new Error(String(err))),
          )
          .then((r) => (req = r as { abort(): void }), reject);
      });
    } finally {
      req?.abort();
    }
  }

  async fault(name: string, on: boolean, value?: number): Promise<void> {
    const res = await this.lab.request(on ? 'PUT' : 'DELETE', `/lab/faults/${name}${value !== undefined ? `?value=${value}` : ''}`);
    if (res.status !== 200) throw new Error(`fault ${name}: ${res.status} ${res.text}`);
  }

  /** A vSphere Provider for the lab vCenter (secret with user/password/ca.crt), plus the host destination. */
  async providers(
    ns: string,
    opts: { password?: string; insecure?: boolean; name?: string; vddk?: boolean } = {},
  ): Promise<{ source: { name: string; namespace: string }; destination: { name: string; namespace: string } }> {
    const name = opts.name ?? 'vsphere';
    const data: Record<string, string> = {
      user: b64(this.vsphere.username),
      password: b64(opts.password ?? this.vsphere.password),
      url: b64(this.vsphere.url),
    };
    if (opts.insecure) data.insecureSkipVerify = b64('true');
    else data['ca.crt'] = b64(this.lab.caPem);
    await this.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: `${name}-secret`, labels: { createdForProviderType: 'vsphere' } }, type: 'Opaque', data },
    });
    await this.create(FORKLIFT, 'providers', ns, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Provider',
      metadata: { name },
      spec: {
        type: 'vsphere',
        url: this.vsphere.url,
        secret: { name: `${name}-secret`, namespace: ns },
        settings: { sdkEndpoint: 'vcenter', ...(opts.vddk === false ? {} : { vddkInitImage: 'quay.io/kubev2v/vddk:lab' }) },
      },
    });
    if (!(await this.get(FORKLIFT, 'providers', ns, 'host'))) {
      await this.create(FORKLIFT, 'providers', ns, {
        apiVersion: 'forklift.konveyor.io/v1beta1',
        kind: 'Provider',
        metadata: { name: 'host' },
        spec: { type: 'openshift', url: '', secret: {} },
      });
    }
    return { source: { name, namespace: ns }, destination: { name: 'host', namespace: ns } };
  }

  async readyProvider(ns: string, name: string, timeoutMs = 5000): Promise<Obj> {
    return this.waitFor(FORKLIFT, 'providers', ns, name, (o) => o.status?.phase === 'Ready', timeoutMs, 'phase Ready');
  }

  /**
   * NetworkMap (unless told: VM Network -> pod, Mgmt Network -> a multus NAD `<ns>-<prefix>-mgmt` in
   * "default", made here, since Forklift flags a VM with two NICs on the pod network) and StorageMap (every
   * datastore -> storageClass).
   */
  async maps(
    ns: string,
    pair: object,
    opts: { network?: object[]; storage?: object[]; storageClass?: string; prefix?: string } = {},
  ): Promise<{ network: { name: string; namespace: string }; storage: { name: string; namespace: string } }> {
    const prefix = opts.prefix ?? 'm';
    const sc = opts.storageClass ?? 'nfs';
    // In "default": a plan's VMs may use NADs of their target namespace or of "default" only.
    const mgmtNad = `${ns}-${prefix}-mgmt`;
    if (!opts.network)
      await this.create({ group: 'k8s.cni.cncf.io', version: 'v1' }, 'network-attachment-definitions', 'default', {
        apiVersion: 'k8s.cni.cncf.io/v1',
        kind: 'NetworkAttachmentDefinition',
        metadata: { name: mgmtNad },
        spec: { config: JSON.stringify({ cniVersion: '0.3.1', type: 'bridge', bridge: mgmtNad.slice(0, 15) }) },
      });
    await this.create(FORKLIFT, 'networkmaps', ns, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'NetworkMap',
      metadata: { name: `${prefix}-net` },
      spec: {
        provider: pair,
        map: opts.network ?? [
          { source: { id: 'network-30' }, destination: { type: 'pod' } },
          { source: { name: 'Mgmt Network' }, destination: { type: 'multus', name: mgmtNad, namespace: 'default' } },
        ],
      },
    });
    await this.create(FORKLIFT, 'storagemaps', ns, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'StorageMap',
      metadata: { name: `${prefix}-storage` },
      spec: {
        provider: pair,
        map:
          opts.storage ??
          ['datastore-20', 'datastore-21', 'datastore-22'].map((id) => ({ source: { id }, destination: { storageClass: sc } })),
      },
    });
    return { network: { name: `${prefix}-net`, namespace: ns }, storage: { name: `${prefix}-storage`, namespace: ns } };
  }

  async plan(ns: string, name: string, spec: Record<string, unknown>): Promise<Obj> {
    return this.create(FORKLIFT, 'plans', ns, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Plan',
      metadata: { name },
      spec: { targetNamespace: ns, ...spec },
    });
  }

  async readyPlan(ns: string, name: string, timeoutMs = 5000): Promise<Obj> {
    return this.waitFor(FORKLIFT, 'plans', ns, name, (o) => cond(o, 'Ready')?.status === 'True', timeoutMs, 'condition Ready');
  }

  async migrate(ns: string, plan: string, spec: Record<string, unknown> = {}): Promise<Obj> {
    return this.create(FORKLIFT, 'migrations', ns, {
      apiVersion: 'forklift.konveyor.io/v1beta1',
      kind: 'Migration',
      metadata: { name: `${plan}-m` },
      spec: { plan: { name: plan, namespace: ns }, ...spec },
    });
  }

  /** Waits until the plan carries Succeeded or Failed (the suite's completion criterion). */
  async planDone(ns: string, plan: string, timeoutMs = 10_000): Promise<Obj> {
    return this.waitFor(
      FORKLIFT,
      'plans',
      ns,
      plan,
      (o) => !!cond(o, 'Succeeded') || !!cond(o, 'Failed') || !!cond(o, 'Canceled'),
      timeoutMs,
      'Succeeded/Failed/Canceled',
    );
  }

  vcenter(): Promise<VSphereClient> {
    return VSphereClient.connect({
      url: this.vsphere.url,
      username: this.vsphere.username,
      password: this.vsphere.password,
      caPem: this.lab.caPem,
    });
  }

  /** axios client for the inventory, found through the forklift-inventory Route like the suite does. */
  async inventory(token: string | null = this.lab.adminToken): Promise<AxiosInstance> {
    const route = (await this.co.getNamespacedCustomObject({
      group: 'route.openshift.io',
      version: 'v1',
      namespace: 'openshift-mtv',
      plural: 'routes',
      name: 'forklift-inventory',
    })) as Obj;
    return axios.create({
      baseURL: `https://${route.spec?.host}`,
      httpsAgent: new https.Agent({ ca: this.lab.caPem }),
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      validateStatus: () => true,
      timeout: 10_000,
    });
  }
}

export interface MigratedVm {
  ns: string;
  plan: Obj;
  vm: Obj | undefined;
  dataVolumes: Obj[];
}

/**
 * One migration end to end in a fresh target namespace `<ns>-<tag>`: maps, Plan (Ready), Migration,
 * until the plan has Succeeded/Failed; returns the plan, the target VM and its DataVolumes.
 */
export async function migrateOne(
  f: ForkliftLab,
  ns: string,
  pair: object,
  tag: string,
  vm: string,
  planSpec: Record<string, unknown> = {},
  vmSpec: Record<string, unknown> = {},
): Promise<MigratedVm> {
  const target = `${ns}-${tag}`;
  await f.namespace(target);
  const map = await f.maps(ns, pair, { prefix: tag });
  await f.plan(ns, tag, { provider: pair, map, targetNamespace: target, vms: [{ name: vm, ...vmSpec }], ...planSpec });
  await f.readyPlan(ns, tag);
  await f.migrate(ns, tag);
  const plan = await f.planDone(ns, tag);
  const vms = await f.list(KUBEVIRT, 'virtualmachines', target);
  return { ns: target, plan, vm: vms[0], dataVolumes: await f.list(CDI, 'datavolumes', target) };
}

/** Step names of a VM's pipeline, in order. */
export const stepNames = (vm: { pipeline?: Array<{ name: string }> } | undefined): string[] => (vm?.pipeline ?? []).map((s) => s.name);
