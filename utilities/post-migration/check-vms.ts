import type {
  IoK8sApiCoreV1PersistentVolumeClaim,
  V1beta1NetworkMap,
  V1beta1Plan,
  V1beta1StorageMap,
  V1VirtualMachine,
  V1VirtualMachineInstance,
} from '@kubev2v/types';
import { VmValidationError, type CheckFailure, type VmFailures } from '../../exceptions/post-migration';
import { errorMessage } from '../../exceptions/base';
import { checkCpu, checkMemory, checkNestedVirtualizationDisabled, checkPowerState } from './checks/compute';
import { failure } from './checks/failure';
import {
  DEFAULT_GUEST_AGENT_TIMEOUT_S,
  checkGuestAgent,
  checkSshConnectivity,
  checkStaticIpPreservation,
  type StaticIpTiming,
  type WaitForVmiCondition,
} from './checks/guest';
import { checkNetwork, checkNicNamePreservation } from './checks/network';
import { ovaChecks } from './checks/ova';
import { checkVbsStatus } from './checks/vbs';
import { checkAffinity, checkNodePlacement, checkTargetLabels } from './checks/placement';
import { checkFalseVmPowerOff, checkProviderSsl } from './checks/provider';
import { checkPvcNames, forkliftPvcTemplateRenderer, type PvcTemplateRenderer } from './checks/pvc-names';
import { checkBootConfiguration, checkSerialPreservation, checkSnapshots } from './checks/source-preservation';
import { checkCopyOffloadDiskCount, checkRdmDiskBusTypes, checkStorage } from './checks/storage';
import { checkTargetVmName } from './checks/naming';
import { isDns1123Subdomain } from '../naming/target-vm-name';
import { buildDestinationVmFacts } from './destination-facts';
import type { DestinationVmFacts, SourceVmFacts } from './facts';
import type { GuestShell, GuestShellProvider } from './guest-shell';

/** One VM of the plan as the scenario prepared it. */
export interface PlannedVm {
  /** Source VM name as migrated (the clone's name when the scenario cloned it). */
  readonly sourceName: string;
  /** Scenario sourceVmPower: the power the source had before migration. */
  readonly sourceVmPower?: 'on' | 'off';
  /** Scenario guestAgent: wait for AgentConnected on the destination. */
  readonly guestAgent?: boolean;
  /** Scenario addDisks count (copy-offload disk-count check). */
  readonly addedDisks?: number;
  /** Source facts read before migration (static IPs, snapshots, disks for PVC names). */
  readonly sourceBefore: SourceVmFacts;
}

export interface CheckVmsInput {
  /** The Plan as read back from the cluster (spec drives which checks apply; status gives newName). */
  readonly plan: V1beta1Plan;
  readonly vms: readonly PlannedVm[];
  readonly networkMap: V1beta1NetworkMap;
  readonly storageMap: V1beta1StorageMap;
  readonly sourceProvider: {
    readonly name: string;
    readonly type: SourceVmFacts['providerType'];
    readonly secretName: string;
    /** The Provider's Secret as read from the cluster (undefined when not found). */
    readonly secret: { data?: Record<string, string> } | undefined;
    /** The run's source_provider_insecure_skip_verify. */
    readonly expectedInsecureSkipVerify: boolean;
  };
  /** OpenShift version (ClusterVersion status.desired.version), for the serial format. */
  readonly clusterVersion: string;
  /** Scenario guest_agent_timeout in seconds (default 301). */
  readonly guestAgentTimeoutSeconds?: number;
  readonly copyOffload?: boolean;
  /** From the labeled-worker-node fixture (scenarios with targetNodeSelector). */
  readonly labeledWorkerNode?: { readonly nodeName: string };
  /** From the target-VM-labels fixture: targetLabels with null resolved to the session id. */
  readonly targetVmLabels?: Readonly<Record<string, string>>;
}

/** Cluster reads and writes checkVms needs; cluster-access.ts implements it on lib/k8s. */
export interface DestinationAccess {
  readVm(namespace: string, name: string): Promise<V1VirtualMachine>;
  readVmi(namespace: string, name: string): Promise<V1VirtualMachineInstance | undefined>;
  listPvcs(namespace: string): Promise<IoK8sApiCoreV1PersistentVolumeClaim[]>;
  /** Resolves once printableStatus is Running or Stopped (Python: 120 s); rejects on timeout. */
  waitForStablePower(namespace: string, name: string, timeoutMs: number): Promise<void>;
  setRunStrategy(namespace: string, name: string, strategy: 'Always' | 'Halted'): Promise<void>;
}

export interface CheckVmsDeps {
  readonly destination: DestinationAccess;
  readonly waitForVmiCondition: WaitForVmiCondition;
  /** Re-reads the source VM after migration (snapshots, CPU, memory, NICs, disks, firmware). */
  readonly readSourceVm: (name: string) => Promise<SourceVmFacts>;
  /** RHV: the source VM's audit events by VM id (check_false_vm_power_off). */
  readonly readSourceVmEvents?: (vmId: string) => Promise<readonly { code: number; description: string; time: string }[]>;
  /** SSH sessions; without it SSH-based checks are skipped, as in the Python suite. */
  readonly guestShells?: GuestShellProvider;
  /** PVC name template renderer; default packages/go-template (Forklift's function set). */
  readonly renderPvcTemplate?: PvcTemplateRenderer;
  readonly log?: { info(message: string): void; warn(message: string): void };
  readonly staticIpTiming?: StaticIpTiming;
  readonly stablePowerTimeoutMs?: number;
  readonly startTimeoutMs?: number;
}

export interface VmCheckReport {
  readonly vm: string;
  readonly destination: string;
  /** Names of the checks that ran (passed or failed), in order. */
  readonly ran: readonly string[];
  /** Applicable checks that could not run, with the reason (e.g. no SSH connection manager). */
  readonly skipped: readonly { readonly check: string; readonly reason: string }[];
  readonly failures: readonly CheckFailure[];
}

/** Fields newer than @kubev2v/types 0.0.24 (Forklift 2.10+). */
interface NestedVirtualizationField {
  enableNestedVirtualization?: boolean;
}

/** Plan/VM spec.rdmAsLun (absent from @kubev2v/types 0.0.24); the VM's value wins over the plan's. */
interface RdmAsLunField {
  rdmAsLun?: boolean;
}

/** Forklift's target name: vms[].targetName, else status newName, else the source name. */
export function destinationNameOf(plan: V1beta1Plan, vm: PlannedVm): string {
  const spec = specOf(plan);
  const matches = (entry: { id?: string; name?: string }) =>
    entry.name === vm.sourceName || (entry.id !== undefined && entry.id === vm.sourceBefore.id);
  const specVm = spec.vms.find(matches);
  if (specVm?.targetName) return specVm.targetName;
  const statusVm = (plan.status?.migration?.vms ?? []).find(matches);
  return statusVm?.newName || vm.sourceName;
}

function specOf(plan: V1beta1Plan): NonNullable<V1beta1Plan['spec']> {
  if (plan.spec === undefined) throw new Error(`checkVms: Plan ${plan.metadata?.name ?? '(unnamed)'} has no spec`);
  return plan.spec;
}

class VmRun {
  readonly ran: string[] = [];
  readonly skipped: { check: string; reason: string }[] = [];
  readonly failures: CheckFailure[] = [];
  skip(check: string, reason: string): void {
    this.skipped.push({ check, reason });
  }
  async run(check: string, body: () => CheckFailure[] | Promise<CheckFailure[]>): Promise<void> {
    this.ran.push(check);
    try {
      this.failures.push(...(await body()));
    } catch (error) {
      this.failures.push(failure(check, 'the check itself', 'to complete', `error: ${errorMessage(error)}`));
    }
  }
}

async function readDestinationFacts(access: DestinationAccess, namespace: string, name: string): Promise<DestinationVmFacts> {
  const [vm, vmi, pvcs] = await Promise.all([access.readVm(namespace, name), access.readVmi(namespace, name), access.listPvcs(namespace)]);
  return buildDestinationVmFacts(vm, vmi, pvcs);
}

/** What one VM's checks share: the plan, the two fact snapshots of the destination, the run log. */
interface VmCheckContext {
  readonly input: CheckVmsInput;
  readonly deps: CheckVmsDeps;
  readonly spec: NonNullable<V1beta1Plan['spec']>;
  readonly specVm: NonNullable<V1beta1Plan['spec']>['vms'][number] | undefined;
  readonly vm: PlannedVm;
  readonly name: string;
  readonly namespace: string;
  readonly run: VmRun;
  /** Source facts re-read after the migration. */
  readonly source: SourceVmFacts;
  /** Destination as found after the migration, before anything started it. */
  readonly sampled: DestinationVmFacts;
  /** Destination re-read after starting it or after the guest reported its network. */
  live: DestinationVmFacts;
  started: boolean;
}

/** Group 1: power, then the checks that need a running VM or its guest, then the template checks. */
async function checkRuntime(ctx: VmCheckContext): Promise<void> {
  const { input, deps, spec, specVm, vm, name, namespace, run, sampled } = ctx;
  const sourceType = input.sourceProvider.type;
  const targetPowerState = specVm?.targetPowerState ?? spec.targetPowerState;
  // Power is sampled before anything starts the VM.
  await run.run('power-state', () => checkPowerState(sampled, targetPowerState, vm.sourceVmPower));

  // Like the Python suite's vm_dict, inspect a stopped VM by starting it (stopped again at the end).
  // Only a stopped VM is started: one that is still starting (or stuck) is left alone.
  const needsRunning = vm.guestAgent === true || input.labeledWorkerNode !== undefined;
  if (needsRunning && sampled.powerState === 'off') {
    await run.run('start-for-inspection', async () => {
      await deps.destination.setRunStrategy(namespace, name, 'Always');
      ctx.started = true;
      await deps.waitForVmiCondition({ namespace, name }, 'Ready', deps.startTimeoutMs ?? 300_000);
      ctx.live = await readDestinationFacts(deps.destination, namespace, name);
      return [];
    });
  }
  if (vm.guestAgent === true) {
    const timeoutMs = (input.guestAgentTimeoutSeconds ?? DEFAULT_GUEST_AGENT_TIMEOUT_S) * 1000;
    await run.run('guest-agent', () => checkGuestAgent(ctx.live, deps.waitForVmiCondition, timeoutMs));
  }
  await checkGuest(ctx);
  if (input.labeledWorkerNode !== undefined) {
    const node = input.labeledWorkerNode.nodeName;
    await run.run('node-placement', () => checkNodePlacement(ctx.live, node));
  }
  if (input.targetVmLabels !== undefined) {
    const labels = input.targetVmLabels;
    await run.run('labels', () => checkTargetLabels(sampled, labels));
  }
  if (spec.targetAffinity !== undefined) {
    const affinity = spec.targetAffinity;
    await run.run('affinity', () => checkAffinity(sampled, affinity));
  }
  // VM value first, then the plan's (Forklift's NestedVirtualizationSetting).
  const nested =
    (specVm as NestedVirtualizationField | undefined)?.enableNestedVirtualization ??
    (spec as NestedVirtualizationField).enableNestedVirtualization;
  if (nested === false && sourceType !== 'openshift') {
    await run.run('nested-virtualization', () => checkNestedVirtualizationDisabled(sampled));
  }
}

/** SSH, then (vSphere with preserveStaticIPs) static IPs and guest NIC names, on a VM that was on. */
async function checkGuest(ctx: VmCheckContext): Promise<void> {
  const { input, deps, spec, vm, name, namespace, run, sampled } = ctx;
  const staticIps = input.sourceProvider.type === 'vsphere' && spec.preserveStaticIPs === true;
  const shells = deps.guestShells;
  if (shells === undefined) {
    run.skip('ssh', 'no SSH connection manager was given (vmSshConnections)');
    if (staticIps) run.skip('static-ip', 'no SSH connection manager was given (vmSshConnections)');
    return;
  }
  if (sampled.powerState !== 'on') {
    run.skip('ssh', `the VM was not running after migration (${sampled.powerState})`);
    return;
  }
  const target = { vmName: name, namespace, windows: vm.sourceBefore.isWindows };
  let shell: GuestShell | undefined;
  await run.run('ssh', async () => {
    const result = await checkSshConnectivity(shells, target);
    shell = result.shell;
    return result.failures;
  });
  await checkVbs(ctx, shell);
  if (!staticIps) return;
  const connected = shell !== undefined;
  await run.run('static-ip', () =>
    connected
      ? checkStaticIpPreservation(vm.sourceBefore, () => shells.connect(target), deps.staticIpTiming)
      : [failure('static-ip', 'static IPs in the guest', 'an SSH session to read them', 'no session (see the ssh check)')],
  );
  // The guest agent reports interface names once the guest network is up: read them now.
  ctx.live = await readDestinationFacts(deps.destination, namespace, name).catch(() => ctx.live);
  await run.run('nic-name', () => checkNicNamePreservation(vm.sourceBefore, ctx.live));
}

/** Windows guest with nested virtualization disabled (VM, then plan): VBS must not run (check_vbs_status). */
async function checkVbs(ctx: VmCheckContext, shell: GuestShell | undefined): Promise<void> {
  const { input, spec, specVm, vm, run } = ctx;
  const nested =
    (specVm as NestedVirtualizationField | undefined)?.enableNestedVirtualization ??
    (spec as NestedVirtualizationField).enableNestedVirtualization;
  if (nested !== false || input.sourceProvider.type === 'openshift' || !vm.sourceBefore.isWindows) return;
  await run.run('vbs', () =>
    shell
      ? checkVbsStatus(shell)
      : [failure('vbs', 'VBS status in the guest', 'an SSH session to read it', 'no session (see the ssh check)')],
  );
}

/** Group 2: compute, network, storage and PVC names from the VM spec and its PVCs; OVA: the VM against its OVF (checks/ova.ts). */
async function checkSpec(ctx: VmCheckContext, render: PvcTemplateRenderer): Promise<void> {
  const { input, spec, specVm, vm, run, source, sampled } = ctx;
  const sourceType = input.sourceProvider.type;
  if (sourceType === 'ova') {
    for (const [check, body] of ovaChecks(source, sampled)) await run.run(check, body);
    return;
  }
  await run.run('cpu', () => checkCpu(source, sampled));
  await run.run('memory', () => checkMemory(source, sampled));
  if (sourceType !== 'openshift') await run.run('network', () => checkNetwork(source, sampled, input.networkMap));
  await run.run('storage', () => checkStorage(source, sampled, input.storageMap));
  const template = specVm?.pvcNameTemplate || spec.pvcNameTemplate;
  if (template !== undefined && template !== '') {
    // Copy-offload PVCs are named <rendered>-<suffix> whatever the generateName setting.
    const useGenerateName = input.copyOffload === true || (spec.pvcNameTemplateUseGenerateName ?? sourceType !== 'openshift');
    const warm = spec.type === 'warm' || spec.warm === true;
    const planName = input.plan.metadata?.name ?? '';
    await run.run('pvc-names', () => checkPvcNames(vm.sourceBefore, sampled, { template, useGenerateName, planName, warm, render }));
  }
}

/** Group 3 (vSphere): what must carry over from the source unchanged; group 4 (RHV): no false power-off; plus the copy-offload disk count. */
async function checkPreservation(ctx: VmCheckContext): Promise<void> {
  const { input, vm, run, source, sampled } = ctx;
  if (input.sourceProvider.type === 'vsphere') {
    await run.run('snapshots', () => checkSnapshots(vm.sourceBefore.snapshots, source.snapshots));
    await run.run('serial', () => checkSerialPreservation(source, sampled, input.clusterVersion));
    await run.run('boot-firmware', () => checkBootConfiguration(source, sampled));
  }
  if (input.sourceProvider.type === 'ovirt') {
    const read = ctx.deps.readSourceVmEvents;
    await run.run('false-power-off', async () =>
      read
        ? checkFalseVmPowerOff(source.name, await read(source.id))
        : [
            failure(
              'false-power-off',
              `audit events of RHV VM ${source.name}`,
              'readable',
              'no event reader was given (readSourceVmEvents)',
            ),
          ],
    );
  }
  if (input.copyOffload === true) {
    const added = vm.addedDisks ?? 0;
    await run.run('copy-offload-disk-count', () => checkCopyOffloadDiskCount(sampled, added));
  }
  // A source name that is not DNS-1123 (and no targetName): the VM must carry the name Forklift makes of it.
  if (!ctx.specVm?.targetName && !isDns1123Subdomain(vm.sourceName))
    await run.run('target-vm-name', () => checkTargetVmName(vm.sourceName, ctx.name));
  const rdmAsLun = (ctx.specVm as RdmAsLunField | undefined)?.rdmAsLun ?? (ctx.spec as RdmAsLunField).rdmAsLun;
  if (rdmAsLun === true) await run.run('rdm-disk-bus-types', () => checkRdmDiskBusTypes(vm.sourceBefore, sampled));
}

/** Every applicable check for one VM; failures to read the VM or the source are failures too. */
async function checkOneVm(input: CheckVmsInput, deps: CheckVmsDeps, vm: PlannedVm, render: PvcTemplateRenderer): Promise<VmCheckReport> {
  const spec = specOf(input.plan);
  const namespace = spec.targetNamespace;
  const name = destinationNameOf(input.plan, vm);
  const destinationRef = `${namespace}/${name}`;
  const run = new VmRun();
  deps.log?.info(`checkVms: checking VM ${vm.sourceName} (migrated as ${destinationRef})`);
  // A VM that never settles (e.g. unschedulable) is a failure, but its spec can still be checked.
  await deps.destination.waitForStablePower(namespace, name, deps.stablePowerTimeoutMs ?? 120_000).catch((error: unknown) => {
    run.failures.push(
      failure(
        'destination-vm',
        `VirtualMachine ${destinationRef}`,
        'exists and settles in printableStatus Running or Stopped',
        `error: ${errorMessage(error)}`,
      ),
    );
  });
  const destination = await readDestinationFacts(deps.destination, namespace, name).catch((error: unknown) => {
    if (run.failures.length === 0)
      run.failures.push(failure('destination-vm', `VirtualMachine ${destinationRef}`, 'exists', `error: ${errorMessage(error)}`));
    return undefined;
  });
  const source =
    destination === undefined
      ? undefined
      : await deps.readSourceVm(vm.sourceName).catch((error: unknown) => {
          run.failures.push(
            failure('source-vm', `source VM ${vm.sourceName} after migration`, 'readable', `error: ${errorMessage(error)}`),
          );
          return undefined;
        });
  if (destination !== undefined && source !== undefined) {
    const specVm = spec.vms.find((entry) => entry.name === vm.sourceName || entry.id === vm.sourceBefore.id);
    const ctx: VmCheckContext = {
      input,
      deps,
      spec,
      specVm,
      vm,
      name,
      namespace,
      run,
      source,
      sampled: destination,
      live: destination,
      started: false,
    };
    await checkRuntime(ctx);
    await checkSpec(ctx, render);
    await checkPreservation(ctx);
    if (ctx.started) {
      await deps.destination
        .setRunStrategy(namespace, name, 'Halted')
        .catch((error: unknown) => deps.log?.warn(`checkVms: could not stop ${destinationRef} again: ${errorMessage(error)}`));
    }
  }
  const skippedText = run.skipped.map((entry) => `${entry.check} (${entry.reason})`).join(', ');
  deps.log?.info(
    `checkVms: ${vm.sourceName}: ran ${run.ran.join(', ') || 'nothing'}; ${run.failures.length} failure(s)${skippedText ? `; skipped ${skippedText}` : ''}`,
  );
  return { vm: vm.sourceName, destination: destinationRef, ran: run.ran, skipped: run.skipped, failures: run.failures };
}

/**
 * Runs every applicable post-migration check for every VM of the plan, collects all failures and
 * throws one VmValidationError at the end that lists them per VM. Applicability follows the
 * Python suite's check_vms for vSphere: the provider SSL check once; per VM group 1 (power, guest
 * agent, SSH, static IPs + NIC names, node placement, labels, affinity, nested virtualization),
 * group 2 (CPU, memory, network, storage, PVC names), group 3 (snapshots, serial, boot
 * firmware), plus the copy-offload disk count, for an rdmAsLun plan the RDM bus types, and for a
 * source name that is not DNS-1123 the target VM name. Returns what ran when everything passed.
 */
export async function checkVms(input: CheckVmsInput, deps: CheckVmsDeps): Promise<VmCheckReport[]> {
  const { plan } = input;
  specOf(plan);
  const planRef = `${plan.metadata?.namespace ?? ''}/${plan.metadata?.name ?? ''}`;
  const sourceType = input.sourceProvider.type;
  const results: VmFailures[] = [];

  if (sourceType === 'vsphere' || sourceType === 'ovirt' || sourceType === 'openstack') {
    const providerRun = new VmRun();
    await providerRun.run('provider-ssl', () =>
      checkProviderSsl(input.sourceProvider.secret, input.sourceProvider.expectedInsecureSkipVerify, input.sourceProvider.secretName),
    );
    if (providerRun.failures.length > 0)
      results.push({ vm: `Source provider ${input.sourceProvider.name}`, failures: providerRun.failures });
  }

  const render = deps.renderPvcTemplate ?? forkliftPvcTemplateRenderer;
  const reports: VmCheckReport[] = [];
  for (const vm of input.vms) {
    const report = await checkOneVm(input, deps, vm, render);
    reports.push(report);
    if (report.failures.length > 0) results.push({ vm: report.vm, destination: report.destination, failures: report.failures });
  }

  if (results.length > 0) throw new VmValidationError(planRef, results, input.vms.length);
  return reports;
}
