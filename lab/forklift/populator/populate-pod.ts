/**
 * The populate pod of one copy-offload PVC, as the volume populator framework runs it: named
 * `populate-<pvc uid>` in the PVC's namespace, labelled with the migration, the PVC (`pvcName`
 * and CDI's `cdi.kubevirt.io/storage.populator.pvcPrimeName`) and the ESXi `sourceHost`, owned by
 * the PVC. It logs in klog's structured form; the copy's last line carries `xcopyUsed=<0|1>`, a
 * failure `"copy-offload failed" err="..."` (the lines a test suite reads through pods/log).
 */
import type { KubeObject } from '../../apiserver/contract';
import { nowTimestamp } from '../../apiserver/objects';
import type { Kinds } from '../kinds';

export const POPULATOR_IMAGE = 'quay.io/kubev2v/vsphere-copy-offload-populator:lab';
export const POPULATE_CONTAINER = 'populate';

/** klog's header: severity, MMDD hh:mm:ss.uuuuuu, thread id, file:line. */
function klogPrefix(severity: 'I' | 'E' | 'W'): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const time = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}`;
  return `${severity}${time}       1 populator.go:0]`;
}

export class PopulatePod {
  private constructor(
    private readonly kinds: Kinds,
    readonly pod: KubeObject,
  ) {}

  static start(kinds: Kinds, pvc: KubeObject, migrationUid: string, host: string): PopulatePod {
    const name = pvc.metadata.name ?? '';
    const labels: Record<string, string> = {
      migration: migrationUid,
      pvcName: name,
      'cdi.kubevirt.io/storage.populator.pvcPrimeName': name,
      app: 'vsphere-copy-offload-populator',
    };
    if (host) labels.sourceHost = host;
    const pod = kinds.store.create(kinds.rt('pod'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `populate-${pvc.metadata.uid ?? name}`,
        namespace: pvc.metadata.namespace,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, uid: pvc.metadata.uid ?? '' }],
      },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: POPULATE_CONTAINER, image: POPULATOR_IMAGE, args: [`--source-vmdk=${pvc.metadata.annotations?.['copy-offload'] ?? ''}`] },
        ],
      },
    });
    const p = new PopulatePod(kinds, pod);
    p.phase('Running');
    return p;
  }

  phase(phase: 'Running' | 'Succeeded' | 'Failed'): void {
    const { kinds, pod } = this;
    kinds.store.mutate(
      kinds.rt('pod'),
      pod.metadata.namespace,
      pod.metadata.name ?? '',
      (o) => {
        const terminated = phase !== 'Running';
        o.status = {
          phase,
          startTime: ((o.status ?? {}) as { startTime?: string }).startTime ?? nowTimestamp(),
          containerStatuses: [
            {
              name: 'populate',
              image: POPULATOR_IMAGE,
              ready: !terminated,
              restartCount: 0,
              state: terminated
                ? { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error' } }
                : { running: { startedAt: nowTimestamp() } },
            },
          ],
        };
      },
      { status: true },
    );
  }

  info(msg: string, kv: Record<string, string | number> = {}): void {
    this.line('I', msg, kv);
  }

  error(msg: string, err: string): void {
    this.line('E', msg, { err });
  }

  private line(sev: 'I' | 'E', msg: string, kv: Record<string, string | number>): void {
    const pairs = Object.entries(kv).map(([k, v]) => `${k}=${typeof v === 'number' ? v : JSON.stringify(v)}`);
    const { namespace = '', name = '' } = this.pod.metadata;
    this.kinds.podLog(namespace, name, POPULATE_CONTAINER, [klogPrefix(sev), JSON.stringify(msg), ...pairs].join(' '));
  }
}
