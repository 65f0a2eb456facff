/**
 * The suite's oVirt/RHV engine client: REST API v4 under /ovirt-engine/api with HTTP Basic auth,
 * JSON answers (`Accept: application/json`) and XML request bodies, as ovirt-engine-sdk sends them.
 * What the Python suite's OvirtProvider does: find VMs and templates by name, clone a VM from the
 * template of that name, start/stop, read the VM's disks, NICs, networks and snapshots, read its
 * audit events (check_false_vm_power_off), remove it.
 */
import { SourceVmNotFoundError, SourceVmStateTimeoutError } from '../../../exceptions/source-providers';
import { RestTransport, type RestOptions } from '../rest';
import { pollUntil } from '../poll';

export type Json = Record<string, unknown>;

export interface OvirtConnectOptions extends Omit<RestOptions, 'provider'> {
  /** https://engine/ovirt-engine/api */
  url: string;
  username: string;
  password: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
/** A JSON list answer: `{"vm": [...]}` (or `{}` when empty). */
const members = (v: unknown, tag: string): Json[] => (Array.isArray(obj(v)[tag]) ? (obj(v)[tag] as Json[]) : []);
const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface OvirtEvent {
  id: string;
  code: number;
  description: string;
  time: string;
}

export class OvirtClient {
  private constructor(
    private readonly rest: RestTransport,
    readonly apiUrl: string,
    private readonly auth: string,
  ) {}

  /** Connects and reads the API root (a wrong login or CA fails here, naming the engine). */
  static async connect(opts: OvirtConnectOptions): Promise<OvirtClient> {
    const rest = new RestTransport({ ...opts, provider: `oVirt engine ${new URL(opts.url).host}` });
    const auth = `Basic ${Buffer.from(`${opts.username}:${opts.password}`).toString('base64')}`;
    const client = new OvirtClient(rest, opts.url.replace(/\/+$/, ''), auth);
    await client.get('', 'read the API root');
    return client;
  }

  get provider(): string {
    return this.rest.opts.provider;
  }

  async get(path: string, operation: string): Promise<Json> {
    const res = await this.rest.send<Json>({ method: 'GET', url: `${this.apiUrl}${path}`, operation, headers: this.headers() });
    return obj(res.data);
  }

  private async post(path: string, xml: string, operation: string): Promise<Json> {
    const headers = { ...this.headers(), 'Content-Type': 'application/xml' };
    return obj((await this.rest.send<Json>({ method: 'POST', url: `${this.apiUrl}${path}`, operation, headers, body: xml })).data);
  }

  private headers(): Record<string, string> {
    return { Authorization: this.auth, Version: '4', Accept: 'application/json' };
  }

  private async byName(collection: 'vms' | 'templates', name: string): Promise<Json> {
    const tag = collection === 'vms' ? 'vm' : 'template';
    const found = members(
      await this.get(`/${collection}?search=${encodeURIComponent(`name=${name}`)}`, `search ${tag} ${name}`),
      tag,
    ).filter((m) => str(m.name) === name);
    if (found.length !== 1) throw new SourceVmNotFoundError(this.provider, name, found.length, tag);
    return found[0]!;
  }

  async findVmByName(name: string): Promise<string> {
    return str((await this.byName('vms', name)).id);
  }

  /** The VM by id, or undefined when it is gone. */
  async tryVm(id: string): Promise<Json | undefined> {
    const res = await this.rest.send<Json>({
      method: 'GET',
      url: `${this.apiUrl}/vms/${encodeURIComponent(id)}`,
      operation: `read VM ${id}`,
      headers: this.headers(),
      accept: [404],
    });
    return res.status === 404 ? undefined : obj(res.data);
  }

  async vm(id: string): Promise<Json> {
    const vm = await this.tryVm(id);
    if (!vm) throw new SourceVmNotFoundError(this.provider, id, 0);
    return vm;
  }

  /**
   * Clones a VM from the template named `templateName` into the template's cluster (the Python
   * suite's clone_vm: `vms.add(Vm(name, cluster, template), clone=True)`), then waits until its
   * disks are copied (status leaves image_locked for down).
   */
  async cloneFromTemplate(templateName: string, name: string, timeoutMs: number): Promise<string> {
    const template = await this.byName('templates', templateName);
    const cluster = str(obj(template.cluster).id);
    const body = `<vm><name>${xmlText(name)}</name><cluster id="${cluster}"/><template id="${str(template.id)}"/></vm>`;
    const created = await this.post('/vms?clone=true', body, `clone VM ${name} from template ${templateName}`);
    const id = str(created.id);
    await this.waitForStatus(id, name, 'down', timeoutMs);
    return id;
  }

  async start(id: string, name: string, timeoutMs: number): Promise<void> {
    if (str((await this.vm(id)).status) === 'up') return;
    await this.post(`/vms/${id}/start`, '<action/>', `start VM ${name}`);
    await this.waitForStatus(id, name, 'up', timeoutMs);
  }

  async stop(id: string, name: string, timeoutMs: number): Promise<void> {
    if (str((await this.vm(id)).status) === 'down') return;
    await this.post(`/vms/${id}/stop`, '<action/>', `stop VM ${name}`);
    await this.waitForStatus(id, name, 'down', timeoutMs);
  }

  /** Removes the VM (and its disks, the engine's default); 'absent' when it was already gone. */
  async remove(id: string, name: string): Promise<'deleted' | 'absent'> {
    const res = await this.rest.send({
      method: 'DELETE',
      url: `${this.apiUrl}/vms/${encodeURIComponent(id)}`,
      operation: `remove VM ${name}`,
      headers: this.headers(),
      accept: [404],
    });
    return res.status === 404 ? 'absent' : 'deleted';
  }

  private async waitForStatus(id: string, name: string, status: string, timeoutMs: number): Promise<void> {
    let last = '?';
    const ok = await pollUntil(async () => {
      last = str((await this.vm(id)).status);
      return last === status;
    }, timeoutMs);
    if (!ok) throw new SourceVmStateTimeoutError(this.provider, name, status, last, timeoutMs);
  }

  async diskAttachments(vmId: string): Promise<Json[]> {
    return members(await this.get(`/vms/${vmId}/diskattachments`, `list disk attachments of VM ${vmId}`), 'disk_attachment');
  }

  async nics(vmId: string): Promise<Json[]> {
    return members(await this.get(`/vms/${vmId}/nics`, `list NICs of VM ${vmId}`), 'nic');
  }

  async snapshots(vmId: string): Promise<Json[]> {
    return members(await this.get(`/vms/${vmId}/snapshots`, `list snapshots of VM ${vmId}`), 'snapshot');
  }

  async disk(id: string): Promise<Json> {
    return this.get(`/disks/${id}`, `read disk ${id}`);
  }

  async vnicProfile(id: string): Promise<Json> {
    return this.get(`/vnicprofiles/${id}`, `read vNIC profile ${id}`);
  }

  async network(id: string): Promise<Json> {
    return this.get(`/networks/${id}`, `read network ${id}`);
  }

  async storageDomain(id: string): Promise<Json> {
    return this.get(`/storagedomains/${id}`, `read storage domain ${id}`);
  }

  /** The VM's audit events (`search=vms.id=<id>`), as events_list_by_vm reads them. */
  async vmEvents(vmId: string): Promise<OvirtEvent[]> {
    const events = members(await this.get(`/events?search=${encodeURIComponent(`vms.id=${vmId}`)}`, `list events of VM ${vmId}`), 'event');
    return events.map((e) => ({ id: str(e.id), code: Number(e.code), description: str(e.description), time: str(e.time) }));
  }

  close(): void {
    this.rest.close();
  }
}

export { str as ovirtString, obj as ovirtObject, members as ovirtMembers };
