/**
 * The lab engine's state: the seeded inventory plus what API calls change. Power actions walk the
 * engine's status transitions on timers (down → wait_for_launch → powering_up → up; up →
 * powering_down → down), a clone from a template is image_locked until its disks are copied, and
 * each step writes the audit-log event and job the engine writes.
 */
import { randomUUID } from 'node:crypto';
import { notFound, operationFailed, badRequest } from './fault';
import { EVENT, type EngineEvent, type EngineInventory, type Job, type Vm, type VmStatus } from './model-types';

export interface EngineModelOptions {
  /** How long one status phase lasts (wait_for_launch, powering_up, powering_down, image_locked). */
  phaseMs: number;
}

export interface CloneRequest {
  name: string;
  templateId: string;
  clusterId?: string;
  guaranteedMemoryBytes?: number;
}

export class OvirtEngineModel {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly events: EngineEvent[] = [];
  private readonly jobs: Job[] = [];
  private nextEventId = 1000;
  private nextMac = 0x100;

  constructor(
    readonly inventory: EngineInventory,
    private readonly opts: EngineModelOptions,
  ) {}

  vm(id: string): Vm {
    const vm = this.inventory.vms.find((v) => v.id === id);
    if (!vm) throw notFound();
    return vm;
  }

  eventList(): EngineEvent[] {
    return [...this.events].sort((a, b) => b.id - a.id);
  }

  jobList(): Job[] {
    return [...this.jobs];
  }

  start(id: string): Job {
    const vm = this.vm(id);
    if (vm.status !== 'down') throw operationFailed(`Cannot run VM. VM ${vm.name} is ${vm.status === 'up' ? 'running' : 'not down'}.`);
    const host = this.inventory.hosts.find((h) => h.clusterId === vm.clusterId) ?? this.inventory.hosts[0];
    vm.hostId = host?.id;
    const job = this.job(`Launching VM ${vm.name}`);
    this.event(EVENT.USER_STARTED_VM, `VM ${vm.name} was started by ${this.userName()} (Host: ${host?.name ?? 'unknown'}).`, vm);
    this.walk(vm, ['wait_for_launch', 'powering_up', 'up'], () => {
      vm.startTime = new Date().toISOString();
      this.event(EVENT.USER_RUN_VM, `VM ${vm.name} started on Host ${host?.name ?? 'unknown'}`, vm);
      this.finish(job);
    });
    return job;
  }

  /** Power off (`stop`) or guest shutdown (`shutdown`); both end in down with a VM_DOWN event. */
  powerDown(id: string, how: 'stop' | 'shutdown'): Job {
    const vm = this.vm(id);
    if (vm.status === 'down' || vm.status === 'image_locked') throw operationFailed(`Cannot ${how} VM. VM ${vm.name} is not running.`);
    const hostName = this.inventory.hosts.find((h) => h.id === vm.hostId)?.name ?? 'unknown';
    const job = this.job(how === 'stop' ? `Stopping VM ${vm.name}` : `Shutting down VM ${vm.name}`);
    if (how === 'stop') this.event(EVENT.USER_STOP_VM, `VM ${vm.name} powered off by ${this.userName()} (Host: ${hostName}).`, vm);
    else
      this.event(EVENT.USER_INITIATED_SHUTDOWN_VM, `VM shutdown initiated by ${this.userName()} on VM ${vm.name} (Host: ${hostName}).`, vm);
    this.walk(vm, ['powering_down', 'down'], () => {
      vm.hostId = undefined;
      vm.stopTime = new Date().toISOString();
      this.event(
        EVENT.VM_DOWN,
        `VM ${vm.name} is down. Exit message: ${how === 'stop' ? 'Admin shut down from the engine' : 'User shut down from within the guest'}`,
        vm,
      );
      this.finish(job);
    });
    return job;
  }

  remove(id: string): void {
    const vm = this.vm(id);
    if (vm.status !== 'down')
      throw operationFailed(`Cannot remove VM. VM ${vm.name} is ${vm.status === 'image_locked' ? 'locked' : 'running'}.`);
    this.inventory.vms = this.inventory.vms.filter((v) => v.id !== id);
    const own = new Set(vm.disks.map((d) => d.diskId));
    this.inventory.disks = this.inventory.disks.filter((d) => !own.has(d.id));
    this.event(EVENT.USER_REMOVE_VM_FINISHED, `VM ${vm.name} was successfully removed.`, vm);
  }

  /** POST /vms with a template and clone=true: independent copies of the template's disks and NICs. */
  cloneFromTemplate(req: CloneRequest): Vm {
    const template = this.inventory.templates.find((t) => t.id === req.templateId);
    if (!template) throw badRequest(`Template ${req.templateId} not found`);
    if (!req.name) throw badRequest('Vm [name] required for add');
    if (this.inventory.vms.some((v) => v.name === req.name))
      throw operationFailed('Cannot add VM. The VM name is already in use, please choose a unique name and try again.');
    const disks = template.disks.map((a) => {
      const src = this.inventory.disks.find((d) => d.id === a.diskId);
      if (!src) throw notFound();
      const copy = {
        ...src,
        id: randomUUID(),
        imageId: randomUUID(),
        alias: src.alias.replace(template.name, req.name),
        status: 'locked' as const,
      };
      this.inventory.disks.push(copy);
      return { ...a, diskId: copy.id };
    });
    const vm: Vm = {
      ...structuredClone(template),
      id: randomUUID(),
      name: req.name,
      description: '',
      clusterId: req.clusterId ?? template.clusterId,
      status: 'image_locked',
      templateId: template.id,
      originalTemplateId: template.id,
      snapshots: [activeSnapshot()],
      disks,
      nics: template.nics.map((n) => ({ ...n, id: randomUUID(), mac: this.mac() })),
      creationTime: new Date().toISOString(),
      guaranteedMemoryBytes: req.guaranteedMemoryBytes ?? template.memoryBytes,
    };
    this.inventory.vms.push(vm);
    const job = this.job(`Creating VM ${vm.name} from Template ${template.name} in Cluster`);
    this.event(EVENT.USER_ADD_VM, `VM ${vm.name} was created by ${this.userName()}.`, vm);
    this.walk(vm, ['image_locked', 'down'], () => {
      for (const a of vm.disks) {
        const d = this.inventory.disks.find((x) => x.id === a.diskId);
        if (d) d.status = 'ok';
      }
      this.event(EVENT.USER_ADD_VM_FINISHED_SUCCESS, `VM ${vm.name} creation has been completed.`, vm);
      this.finish(job);
    });
    return vm;
  }

  /** POST /vms/<id>/snapshots: a regular snapshot, locked until the engine has taken it (one phase). */
  createSnapshot(id: string, description: string): Vm['snapshots'][number] {
    const vm = this.vm(id);
    if (vm.status === 'image_locked') throw operationFailed(`Cannot create Snapshot. VM ${vm.name} is locked.`);
    if (vm.snapshots.some((s) => s.status === 'locked'))
      throw operationFailed(`Cannot create Snapshot. Snapshot is currently being created for VM ${vm.name}.`);
    const snap = { id: randomUUID(), description, type: 'regular' as const, status: 'locked' as const, date: new Date().toISOString() };
    vm.snapshots.push(snap);
    const job = this.job(`Creating VM Snapshot ${description} for VM ${vm.name}`);
    this.event(
      EVENT.USER_CREATE_SNAPSHOT,
      `Snapshot '${description}' creation for VM '${vm.name}' was initiated by ${this.userName()}.`,
      vm,
    );
    const t = setTimeout(() => {
      this.timers.delete(t);
      const s = vm.snapshots.find((x) => x.id === snap.id);
      if (!s || !this.inventory.vms.includes(vm)) return;
      s.status = 'ok';
      this.event(
        EVENT.USER_CREATE_SNAPSHOT_FINISHED_SUCCESS,
        `Snapshot '${description}' creation for VM '${vm.name}' has been completed.`,
        vm,
      );
      this.finish(job);
    }, this.opts.phaseMs);
    this.timers.add(t);
    return snap;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private walk(vm: Vm, statuses: VmStatus[], done: () => void): void {
    const [first, ...rest] = statuses;
    if (first === undefined) return done();
    vm.status = first;
    if (rest.length === 0) return done();
    const t = setTimeout(() => {
      this.timers.delete(t);
      // A removed VM stops walking.
      if (this.inventory.vms.includes(vm)) this.walk(vm, rest, done);
    }, this.opts.phaseMs);
    this.timers.add(t);
  }

  private job(description: string): Job {
    const now = new Date().toISOString();
    const job: Job = { id: randomUUID(), description, status: 'started', startTime: now, lastUpdated: now };
    this.jobs.push(job);
    return job;
  }

  private finish(job: Job): void {
    job.status = 'finished';
    job.endTime = job.lastUpdated = new Date().toISOString();
  }

  private event(code: number, description: string, vm: Vm): void {
    const cluster = this.inventory.clusters.find((c) => c.id === vm.clusterId);
    this.events.push({
      id: this.nextEventId++,
      code,
      description,
      severity: 'normal',
      time: new Date().toISOString(),
      vmId: vm.id,
      hostId: vm.hostId,
      clusterId: vm.clusterId,
      dataCenterId: cluster?.dataCenterId,
      userId: this.inventory.user.id,
      correlationId: randomUUID(),
    });
  }

  private userName(): string {
    return `${this.inventory.user.name}@${this.inventory.user.domain}`;
  }

  private mac(): string {
    const n = this.nextMac++;
    return `56:6f:7a:5b:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
  }
}

export function activeSnapshot(): Vm['snapshots'][number] {
  return { id: randomUUID(), description: 'Active VM', type: 'active', status: 'ok', date: new Date().toISOString() };
}
