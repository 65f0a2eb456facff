/**
 * KubeVirt's export controller (virt-controller, pkg/storage/export) for VirtualMachineExports of
 * a VirtualMachine, as Forklift's OpenShift source uses them (adapter/ocp client.go
 * PreTransferActions): while the VM runs, the export stays Pending (condition Ready False,
 * reason VMRunning: a running VM's disks are not exported); once it is stopped, KubeVirt makes the
 * token secret `export-token-<name>` and reports phase Ready with one external link per PVC the
 * VM's volumes use (formats raw, gzip, dir, tar.gz), the manifest links and the exporter's CA. A
 * VM without PVC-backed volumes is Skipped. The lab's CDI does not fetch the URLs: an import of
 * the gzip link completes on the lab clock, as any other import source.
 */
import crypto from 'node:crypto';
import type { KubeObject, ResourceType, Store, StoreEvent } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import { requireType } from '../bootstrap/store-helpers';

/** Where the lab pretends the export proxy is reachable (virt-exportproxy Route host). */
const PROXY = 'https://virt-exportproxy-openshift-cnv.apps.lab.local/api/export.kubevirt.io/v1alpha1';

interface ExportSpec {
  source?: { apiGroup?: string; kind?: string; name?: string };
  tokenSecretRef?: string;
}

interface TemplateVolume {
  name?: string;
  dataVolume?: { name?: string };
  persistentVolumeClaim?: { claimName?: string };
}

/** The PVC names a VM's template volumes use (DataVolume volumes by the DataVolume's PVC, same name). */
export function exportedClaims(vm: KubeObject): string[] {
  const volumes = ((vm.spec as { template?: { spec?: { volumes?: TemplateVolume[] } } } | undefined)?.template?.spec?.volumes ??
    []) as TemplateVolume[];
  return volumes.map((v) => v.dataVolume?.name ?? v.persistentVolumeClaim?.claimName ?? '').filter((n) => n !== '');
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string): Record<string, unknown> {
  return { type, status, reason, message, lastTransitionTime: nowTimestamp(), lastProbeTime: null };
}

export class VmExportController {
  private readonly exportRt: ResourceType;
  private readonly vmRt: ResourceType;
  private readonly vmiRt: ResourceType;
  private readonly secretRt: ResourceType;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly store: Store,
    private readonly caPem: string,
    private readonly log: (m: string) => void,
  ) {
    this.exportRt = requireType(store, 'export.kubevirt.io', 'virtualmachineexports');
    this.vmRt = requireType(store, 'kubevirt.io', 'virtualmachines');
    this.vmiRt = requireType(store, 'kubevirt.io', 'virtualmachineinstances');
    this.secretRt = requireType(store, '', 'secrets');
  }

  start(): void {
    this.unsubscribe = this.store.subscribe((e) => this.onEvent(e));
    for (const x of this.store.list(this.exportRt)) this.reconcile(x.metadata.namespace ?? '', x.metadata.name ?? '');
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private onEvent(e: StoreEvent): void {
    const ns = e.object.metadata.namespace ?? '';
    try {
      if (e.resource === this.exportRt && e.type !== 'DELETED') this.reconcile(ns, e.object.metadata.name ?? '');
      // A VM stopping (its VMI going away) readies the exports of that VM.
      else if (e.resource === this.vmiRt || e.resource === this.vmRt)
        for (const x of this.store.list(this.exportRt, ns))
          if ((x.spec as ExportSpec | undefined)?.source?.name === e.object.metadata.name) this.reconcile(ns, x.metadata.name ?? '');
    } catch (err) {
      this.log(`reconcile virtualmachineexport ${ns}: ${(err as Error).message}`);
    }
  }

  private reconcile(ns: string, name: string): void {
    const x = this.store.get(this.exportRt, ns, name);
    if (!x || x.metadata.deletionTimestamp) return;
    const spec = (x.spec ?? {}) as ExportSpec;
    const vm = spec.source?.kind === 'VirtualMachine' ? this.store.get(this.vmRt, ns, spec.source.name ?? '') : undefined;
    let status: Record<string, unknown>;
    if (!vm) status = { phase: 'Pending', conditions: [condition('Ready', 'False', 'VMNotFound', 'Source VM does not exist')] };
    else if (this.store.get(this.vmiRt, ns, vm.metadata.name ?? ''))
      status = { phase: 'Pending', conditions: [condition('Ready', 'False', 'VMRunning', 'Source VM is running, stop it to export')] };
    else if (exportedClaims(vm).length === 0)
      status = { phase: 'Skipped', conditions: [condition('Ready', 'False', 'NoVolumes', 'VM has no exportable volumes')] };
    else status = this.readyStatus(x, vm, spec);
    const prev = (x.status ?? {}) as { phase?: string };
    if (prev.phase === status.phase) return;
    this.store.updateStatus(this.exportRt, { ...x, status });
  }

  private readyStatus(x: KubeObject, vm: KubeObject, spec: ExportSpec): Record<string, unknown> {
    const ns = x.metadata.namespace ?? '';
    const name = x.metadata.name ?? '';
    const tokenSecretRef = spec.tokenSecretRef ?? `export-token-${name}`;
    this.ensureToken(x, tokenSecretRef);
    const base = `${PROXY}/namespaces/${ns}/virtualmachineexports/${name}`;
    const volumes = exportedClaims(vm).map((pvc) => ({
      name: pvc,
      formats: [
        { format: 'raw', url: `${base}/volumes/${pvc}/disk.img` },
        { format: 'gzip', url: `${base}/volumes/${pvc}/disk.img.gz` },
      ],
    }));
    return {
      phase: 'Ready',
      tokenSecretRef,
      serviceName: `virt-export-${name}`,
      virtualMachineName: vm.metadata.name ?? '',
      links: {
        external: {
          cert: this.caPem,
          volumes,
          manifests: [
            { type: 'all', url: `${base}/external/manifests/all` },
            { type: 'auth-header-secret', url: `${base}/external/manifests/secret` },
          ],
        },
      },
      conditions: [condition('Ready', 'True', 'PodReady', ''), condition('PVCReady', 'True', 'Bound', '')],
    };
  }

  /** The export token KubeVirt generates when the export names none of its own. */
  private ensureToken(x: KubeObject, name: string): void {
    const ns = x.metadata.namespace ?? '';
    if (this.store.get(this.secretRt, ns, name)) return;
    this.store.create(this.secretRt, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name,
        namespace: ns,
        ownerReferences: [
          {
            apiVersion: 'export.kubevirt.io/v1alpha1',
            kind: 'VirtualMachineExport',
            name: x.metadata.name ?? '',
            uid: x.metadata.uid ?? '',
          },
        ],
      },
      type: 'Opaque',
      data: { token: Buffer.from(crypto.randomBytes(16).toString('hex')).toString('base64') },
    });
  }
}
