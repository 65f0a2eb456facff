/**
 * The suite's OpenStack client, as openstacksdk (the Python suite's client) calls the services:
 * Keystone v3 password auth scoped to the project (token in X-Subject-Token, endpoints from the
 * catalog in the entry's region), then Nova (servers, flavors, start/stop, create, delete), Cinder
 * (volumes, snapshots, volume types) and Neutron (ports, networks).
 */
import { SourceApiError, SourceVmNotFoundError, SourceVmStateTimeoutError } from '../../../exceptions/source-providers';
import { pollUntil } from '../poll';
import { RestTransport, type RestOptions } from '../rest';

type Json = Record<string, unknown>;
type Service = 'compute' | 'volumev3' | 'network';

export interface OpenStackConnectOptions extends Omit<RestOptions, 'provider'> {
  /** Keystone, https://host/v3 */
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
  userDomainName: string;
  projectDomainName: string;
  regionName: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

interface CatalogEntry {
  type: string;
  endpoints: Array<{ interface: string; region?: string; region_id?: string; url: string }>;
}

export class OpenStackClient {
  private constructor(
    private readonly rest: RestTransport,
    private readonly token: string,
    private readonly endpoints: Readonly<Record<Service, string>>,
  ) {}

  static async connect(opts: OpenStackConnectOptions): Promise<OpenStackClient> {
    const rest = new RestTransport({ ...opts, provider: `OpenStack ${new URL(opts.authUrl).host}` });
    const body = {
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: opts.username, password: opts.password, domain: { name: opts.userDomainName } } },
        },
        scope: { project: { name: opts.projectName, domain: { name: opts.projectDomainName } } },
      },
    };
    const res = await rest.send<Json>({
      method: 'POST',
      url: `${opts.authUrl.replace(/\/+$/, '')}/auth/tokens`,
      operation: `log in as ${opts.username} to project ${opts.projectName}`,
      body,
    });
    const token = res.headers['x-subject-token'];
    if (!token) throw new SourceApiError(rest.opts.provider, 'log in', res.status, 'Keystone answered without X-Subject-Token');
    const catalog = arr(obj(res.data.token).catalog) as unknown as CatalogEntry[];
    const endpoint = (type: Service): string => {
      const e = catalog
        .find((c) => c.type === type)
        ?.endpoints.find((x) => x.interface === 'public' && (x.region_id ?? x.region) === opts.regionName);
      if (!e)
        throw new SourceApiError(rest.opts.provider, 'read the catalog', 0, `no public ${type} endpoint in region ${opts.regionName}`);
      return e.url.replace(/\/+$/, '');
    };
    return new OpenStackClient(rest, token, { compute: endpoint('compute'), volumev3: endpoint('volumev3'), network: endpoint('network') });
  }

  get provider(): string {
    return this.rest.opts.provider;
  }

  private async call(
    service: Service,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    operation: string,
    body?: unknown,
    accept?: number[],
  ) {
    const headers: Record<string, string> = { 'X-Auth-Token': this.token, Accept: 'application/json' };
    if (service === 'compute') headers['X-OpenStack-Nova-API-Version'] = '2.1';
    return this.rest.send<Json>({
      method,
      url: `${this.endpoints[service]}${path}`,
      operation,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(accept ? { accept } : {}),
    });
  }

  private async get(service: Service, path: string, operation: string): Promise<Json> {
    return obj((await this.call(service, 'GET', path, operation)).data);
  }

  /** The server named exactly `name` (Nova's name filter is a regular expression: anchor it). */
  async findServerByName(name: string): Promise<string> {
    const pattern = `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    const found = arr((await this.get('compute', `/servers?name=${encodeURIComponent(pattern)}`, `search server ${name}`)).servers);
    if (found.length !== 1) throw new SourceVmNotFoundError(this.provider, name, found.length, 'server');
    return str(found[0]!.id);
  }

  async tryServer(id: string): Promise<Json | undefined> {
    const res = await this.call('compute', 'GET', `/servers/${id}`, `read server ${id}`, undefined, [404]);
    return res.status === 404 ? undefined : obj(res.data.server);
  }

  async server(id: string): Promise<Json> {
    const s = await this.tryServer(id);
    if (!s) throw new SourceVmNotFoundError(this.provider, id, 0, 'server');
    return s;
  }

  async flavor(id: string): Promise<Json> {
    return obj((await this.get('compute', `/flavors/${id}`, `read flavor ${id}`)).flavor);
  }

  async volume(id: string): Promise<Json> {
    return obj((await this.get('volumev3', `/volumes/${id}`, `read volume ${id}`)).volume);
  }

  async volumeTypes(): Promise<Json[]> {
    return arr((await this.get('volumev3', '/types', 'list volume types')).volume_types);
  }

  async serverPorts(serverId: string): Promise<Json[]> {
    return arr((await this.get('network', `/v2.0/ports?device_id=${serverId}`, `list ports of server ${serverId}`)).ports);
  }

  async network(id: string): Promise<Json> {
    return obj((await this.get('network', `/v2.0/networks/${id}`, `read network ${id}`)).network);
  }

  /** The volumes attached to a server, in attachment order. */
  async attachedVolumeIds(server: Json): Promise<string[]> {
    return arr(server['os-extended-volumes:volumes_attached']).map((v) => str(v.id));
  }

  async setPower(id: string, name: string, on: boolean, timeoutMs: number): Promise<void> {
    const want = on ? 'ACTIVE' : 'SHUTOFF';
    if (str((await this.server(id)).status) === want) return;
    await this.call('compute', 'POST', `/servers/${id}/action`, `${on ? 'start' : 'stop'} server ${name}`, {
      [on ? 'os-start' : 'os-stop']: null,
    });
    await this.waitFor(`server ${name}`, want, async () => str((await this.server(id)).status), timeoutMs);
  }

  async snapshotVolume(volumeId: string, name: string, timeoutMs: number): Promise<string> {
    const res = await this.call('volumev3', 'POST', '/snapshots', `snapshot volume ${volumeId} as ${name}`, {
      snapshot: { volume_id: volumeId, name, force: true },
    });
    const id = str(obj(res.data.snapshot).id);
    await this.waitFor(
      `snapshot ${name}`,
      'available',
      async () => str(obj((await this.get('volumev3', `/snapshots/${id}`, `read snapshot ${name}`)).snapshot).status),
      timeoutMs,
    );
    return id;
  }

  async volumeFromSnapshot(snapshotId: string, name: string, volumeType: string, timeoutMs: number): Promise<string> {
    const res = await this.call('volumev3', 'POST', '/volumes', `create volume ${name} from snapshot ${snapshotId}`, {
      volume: { name, snapshot_id: snapshotId, volume_type: volumeType },
    });
    const id = str(obj(res.data.volume).id);
    await this.waitFor(`volume ${name}`, 'available', async () => str((await this.volume(id)).status), timeoutMs);
    return id;
  }

  /** Boots a server from existing volumes (first one the boot disk), deleted with the server. */
  async createServerFromVolumes(
    input: { name: string; flavorId: string; volumeIds: readonly string[]; networkIds: readonly string[] },
    timeoutMs: number,
  ): Promise<string> {
    const server = {
      name: input.name,
      flavorRef: input.flavorId,
      block_device_mapping_v2: input.volumeIds.map((uuid, i) => ({
        uuid,
        source_type: 'volume',
        destination_type: 'volume',
        boot_index: i === 0 ? 0 : -1,
        delete_on_termination: true,
      })),
      networks: input.networkIds.map((uuid) => ({ uuid })),
    };
    const res = await this.call('compute', 'POST', '/servers', `create server ${input.name}`, { server });
    const id = str(obj(res.data.server).id);
    await this.waitFor(`server ${input.name}`, 'ACTIVE', async () => str((await this.server(id)).status), timeoutMs);
    return id;
  }

  async deleteServer(id: string, name: string, timeoutMs: number): Promise<'deleted' | 'absent'> {
    const res = await this.call('compute', 'DELETE', `/servers/${id}`, `delete server ${name}`, undefined, [404]);
    if (res.status === 404) return 'absent';
    await this.waitFor(`server ${name}`, 'deleted', async () => ((await this.tryServer(id)) ? 'present' : 'deleted'), timeoutMs);
    return 'deleted';
  }

  /** Volumes and snapshots whose name starts with `prefix` (a session's leftovers). */
  async namedLike(kind: 'volumes' | 'snapshots', prefix: string): Promise<Array<{ id: string; name: string }>> {
    const list = arr((await this.get('volumev3', `/${kind}/detail`, `list ${kind}`))[kind]);
    return list.map((v) => ({ id: str(v.id), name: str(v.name) })).filter((v) => v.name.startsWith(prefix));
  }

  /** Deletes a volume or snapshot and waits until Cinder no longer has it (deletes are asynchronous). */
  async deleteVolumeOrSnapshot(kind: 'volumes' | 'snapshots', id: string, name: string, timeoutMs = 600_000): Promise<void> {
    const what = `${kind === 'volumes' ? 'volume' : 'snapshot'} ${name}`;
    await this.call('volumev3', 'DELETE', `/${kind}/${id}`, `delete ${what}`, undefined, [404]);
    await this.waitFor(
      what,
      'deleted',
      async () => {
        const res = await this.call('volumev3', 'GET', `/${kind}/${id}`, `read ${what}`, undefined, [404]);
        return res.status === 404 ? 'deleted' : str(obj(Object.values(res.data)[0]).status);
      },
      timeoutMs,
    );
  }

  private async waitFor(what: string, expected: string, read: () => Promise<string>, timeoutMs: number): Promise<void> {
    let last = '?';
    const ok = await pollUntil(async () => (last = await read()) === expected, timeoutMs);
    if (!ok) throw new SourceVmStateTimeoutError(this.provider, what, expected, last, timeoutMs);
  }

  close(): void {
    this.rest.close();
  }
}

export { str as osString, obj as osObject, arr as osArray };
