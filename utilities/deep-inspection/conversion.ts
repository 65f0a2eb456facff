/**
 * Standalone deep inspection (the Python suite's utilities/deep_inspection.py): a DeepInspection
 * Conversion CR made directly, without a Plan, and its lifecycle as Forklift's conversion
 * controller drives it (Pending, Running through the snapshot/pod/results stages, then Succeeded,
 * Failed or Canceled). Every wait watches the Conversion (or its pods) with an explicit timeout.
 */
import { ConversionError } from '../../exceptions/cluster-side';
import { WaitTimeoutError } from '../../exceptions/k8s';
import type { K8sClient } from '../../lib/k8s/client';
import type { ConversionObject } from '../../lib/k8s/kinds';
import { waitForObject } from '../../lib/k8s/waits';
import { waitOn } from '../../lib/k8s/watch';
import { createAndTrack, type ResourceContext } from '../../lib/resources/create';
import type { ObjectRef } from '../mtv-migration/context';

/** Forklift's constants (conversion.go, validation.go, conversion client.go). */
export const CONVERSION_TYPE_DEEP_INSPECTION = 'DeepInspection';
export const CONVERSION_STAGE_FINISHED = 'Finished';
export const VDDK_IMAGE_NOT_SET_CONDITION = 'VDDKImageNotSet';
export const DI_SNAPSHOT_NAME = 'forklift-deep-inspection';
/** The Python suite's fixed waits (seconds). */
export const DI_SNAPSHOT_CREATION_TIMEOUT = 120;
export const DI_POD_CREATION_TIMEOUT = 120;
export const DI_POD_CLEANUP_TIMEOUT = 60;
export const DI_SNAPSHOT_CLEANUP_TIMEOUT = 180;

const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled']);

type Conversion = ConversionObject;
const nameOf = (c: Conversion): string => c.metadata?.name ?? '?';
const phaseOf = (c: Conversion | undefined): string => c?.status?.phase ?? '';
const describe = (c: Conversion | undefined): string =>
  c
    ? `phase '${phaseOf(c) || 'none'}', stage '${c.status?.stage ?? ''}': ${c.status?.message ?? 'no message'}`
    : 'the Conversion does not exist';

/** The messages of the Conversion's Critical conditions that are True (ConversionError's detail). */
export function criticalMessages(c: Conversion | undefined): string[] {
  return (c?.status?.conditions ?? [])
    .filter((x) => x.category === 'Critical' && x.status === 'True')
    .map((x) => x.message ?? x.type ?? '');
}

export interface ConversionInput {
  connectionSecret: ObjectRef;
  vmId: string;
  vmName: string;
  targetNamespace: string;
  /** Required for DeepInspection; omitted on purpose to make Forklift report VDDKImageNotSet. */
  vddkImage?: string;
}

/** create_conversion_resource: a DeepInspection Conversion for one source VM, tracked for teardown. */
export function createConversion(res: ResourceContext, input: ConversionInput): Promise<Conversion> {
  return createAndTrack(res, 'Conversion', {
    apiVersion: 'forklift.konveyor.io/v1beta1',
    kind: 'Conversion',
    metadata: { namespace: input.targetNamespace },
    spec: {
      type: CONVERSION_TYPE_DEEP_INSPECTION,
      connection: { secret: { name: input.connectionSecret.name, namespace: input.connectionSecret.namespace } },
      vm: { id: input.vmId, name: input.vmName, type: 'VirtualMachine' },
      targetNamespace: input.targetNamespace,
      ...(input.vddkImage !== undefined ? { vddkImage: input.vddkImage } : {}),
    },
  });
}

interface WaitOpts {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Watches the Conversion until `until` holds; at the timeout, ConversionError with the last phase and `timeoutDetail`. */
async function watchConversion(
  client: K8sClient,
  conv: Conversion,
  what: string,
  until: (c: Conversion | undefined) => boolean,
  opts: WaitOpts & { timeoutDetail: (last: Conversion | undefined) => string },
): Promise<Conversion | undefined> {
  try {
    return await waitForObject(client, 'Conversion', nameOf(conv), conv.metadata?.namespace, until, {
      timeoutMs: opts.timeoutMs,
      what,
      describe,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const last = await client.tryGet('Conversion', nameOf(conv), conv.metadata?.namespace);
    throw new ConversionError(nameOf(conv), phaseOf(last) || 'Unknown', opts.timeoutDetail(last));
  }
}

/** wait_for_conversion_phase: the phase is reached; another terminal phase first is a ConversionError. */
export async function waitConversionPhase(client: K8sClient, conv: Conversion, phase: string, opts: WaitOpts): Promise<void> {
  const seconds = Math.round(opts.timeoutMs / 1000);
  const last = await watchConversion(client, conv, `to reach phase ${phase}`, (c) => phaseOf(c) === phase || TERMINAL.has(phaseOf(c)), {
    ...opts,
    timeoutDetail: () => `Did not reach phase '${phase}' within ${seconds}s`,
  });
  const reached = phaseOf(last);
  if (reached !== phase)
    throw new ConversionError(nameOf(conv), reached, `Reached terminal phase '${reached}' before target phase '${phase}'`);
}

/** wait_for_conversion_complete: Succeeded returns; Failed or Canceled is a ConversionError with the Critical messages. */
export async function waitConversionComplete(client: K8sClient, conv: Conversion, opts: WaitOpts): Promise<Conversion> {
  const seconds = Math.round(opts.timeoutMs / 1000);
  const last = await watchConversion(client, conv, 'to reach a terminal phase', (c) => TERMINAL.has(phaseOf(c)), {
    ...opts,
    timeoutDetail: (c) => `Timed out after ${seconds}s at stage '${c?.status?.stage ?? ''}'`,
  });
  if (phaseOf(last) !== 'Succeeded') throw new ConversionError(nameOf(conv), phaseOf(last), criticalMessages(last).join('; '));
  return last!;
}

/** cancel_conversion: status phase Canceled and stage Finished through the status subresource (Forklift's CancelConversion). */
export async function cancelConversion(client: K8sClient, conv: Conversion): Promise<void> {
  await client.mergePatchStatus('Conversion', nameOf(conv), conv.metadata?.namespace, {
    status: { phase: 'Canceled', stage: CONVERSION_STAGE_FINISHED },
  });
  client.log.info(`Canceled conversion '${nameOf(conv)}'`);
}

const podSelector = (conv: Conversion): string => `conversion=${nameOf(conv)}`;
const podNamespace = (conv: Conversion): string | undefined => conv.spec?.targetNamespace || conv.metadata?.namespace;

/** wait_for_conversion_pods: at least one pod labelled conversion=<name>; a terminal Conversion first ends the wait. */
export async function waitConversionPods(client: K8sClient, conv: Conversion, opts: WaitOpts): Promise<string[]> {
  return waitOn(client, {
    kind: 'Pod',
    namespace: podNamespace(conv),
    labelSelector: podSelector(conv),
    what: `a pod of Conversion ${nameOf(conv)} (${podSelector(conv)})`,
    timeoutMs: opts.timeoutMs,
    ...(opts.signal ? { signal: opts.signal } : {}),
    check: (pods) => (pods.length ? { done: pods.map((p) => p.metadata?.name ?? '?') } : undefined),
    describe: () => 'no pod yet',
  });
}

/** The names of the Conversion's pods still present. */
export async function conversionPods(client: K8sClient, conv: Conversion): Promise<string[]> {
  const pods = await client.list('Pod', { namespace: podNamespace(conv), labelSelector: podSelector(conv) });
  return pods.items.map((p) => p.metadata?.name ?? '?');
}

/** Until no pod labelled conversion=<name> remains; false at the timeout (the caller names what is left). */
export async function waitConversionPodsGone(client: K8sClient, conv: Conversion, opts: WaitOpts): Promise<boolean> {
  try {
    await waitOn(client, {
      kind: 'Pod',
      namespace: podNamespace(conv),
      labelSelector: podSelector(conv),
      what: `no pod of Conversion ${nameOf(conv)} to remain`,
      timeoutMs: opts.timeoutMs,
      ...(opts.signal ? { signal: opts.signal } : {}),
      check: (pods) => (pods.length === 0 ? { done: undefined } : undefined),
    });
    return true;
  } catch (error) {
    if (error instanceof WaitTimeoutError) return false;
    throw error;
  }
}

/** wait_for_critical_conditions: the first Critical (True) conditions and the phase then; undefined at the timeout. */
export async function waitCriticalConditions(
  client: K8sClient,
  conv: Conversion,
  opts: WaitOpts,
): Promise<{ types: string[]; phase: string; last: Conversion | undefined }> {
  const critical = (c: Conversion | undefined) =>
    (c?.status?.conditions ?? []).filter((x) => x.category === 'Critical' && x.status === 'True');
  try {
    const c = await waitForObject(client, 'Conversion', nameOf(conv), conv.metadata?.namespace, (o) => critical(o).length > 0, {
      timeoutMs: opts.timeoutMs,
      what: 'to have a Critical condition',
      describe,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { types: critical(c).map((x) => x.type ?? ''), phase: phaseOf(c), last: c };
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    const last = await client.tryGet('Conversion', nameOf(conv), conv.metadata?.namespace);
    return { types: [], phase: phaseOf(last), last };
  }
}

/**
 * verify_di_results: what is missing from a Succeeded Conversion's inspection results (empty when
 * they are complete): inspectionResult itself, osInfo.name, filesystems, a boolean allChecksPassed.
 */
export function diResultFindings(conv: Conversion | undefined): string[] {
  if (!conv?.status) return ['has no status'];
  const results = conv.status.inspectionResult;
  if (!results) return ['has no inspectionResult in status'];
  const findings: string[] = [];
  if (!results.osInfo?.name) findings.push('inspectionResult missing osInfo or osInfo.name');
  if (!results.filesystems?.length) findings.push('inspectionResult missing filesystems (expected at least one, found none)');
  if (typeof results.allChecksPassed !== 'boolean')
    findings.push(`allChecksPassed is not a boolean: ${JSON.stringify(results.allChecksPassed ?? null)}`);
  return findings;
}
