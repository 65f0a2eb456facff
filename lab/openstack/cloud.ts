/**
 * OpenStackCloud: the lab cloud's state and the mutations its APIs perform, with the rules the
 * real services apply (a volume in use or with snapshots cannot be deleted, start/stop only from
 * the opposite state, boot from image or from volume, ports allocated on the requested network).
 * Status transitions complete at once: clients that poll (wait_for_server) see the final state.
 */
import { randomUuid, randomMac } from './ids';
import type { OpenStackSeed, OsImage, OsPort, OsServer, OsSnapshot, OsVolume } from './model';

export type CloudErrorKind = 'itemNotFound' | 'conflictingRequest' | 'badRequest';
const STATUS: Record<CloudErrorKind, number> = { itemNotFound: 404, conflictingRequest: 409, badRequest: 400 };

/** A refusal the API layer turns into the service's error body. */
export class CloudError extends Error {
  readonly status: number;
  constructor(
    readonly kind: CloudErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'CloudError';
    this.status = STATUS[kind];
  }
}

export interface BlockDevice {
  sourceType: 'volume' | 'image' | 'snapshot' | 'blank';
  destinationType: 'volume' | 'local';
  uuid?: string;
  volumeSize?: number;
  bootIndex?: number;
  deleteOnTermination: boolean;
}

export interface CreateVolumeInput {
  name: string;
  description?: string;
  size?: number;
  volumeType?: string;
  imageRef?: string | undefined;
  snapshotId?: string | undefined;
}

export interface CreateServerInput {
  name: string;
  flavorRef: string;
  imageRef?: string;
  networks: Array<{ uuid?: string; port?: string; fixedIp?: string }>;
  blockDevices: BlockDevice[];
  metadata?: Record<string, string>;
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export class OpenStackCloud {
  readonly data: OpenStackSeed;
  /** Volumes Nova deletes with their server (delete_on_termination). */
  private readonly deleteWithServer = new Set<string>();
  /** Ports Nova allocated for a requested network: deleted with their server (seeded servers' too). */
  private readonly novaPorts: Set<string>;
  private instanceCounter: number;

  constructor(seed: OpenStackSeed) {
    this.data = seed;
    this.instanceCounter = seed.servers.length;
    this.novaPorts = new Set(seed.ports.filter((p) => p.deviceId !== '').map((p) => p.id));
  }

  server(id: string): OsServer {
    const s = this.data.servers.find((x) => x.id === id);
    if (!s) throw new CloudError('itemNotFound', `Instance ${id} could not be found.`);
    return s;
  }

  volume(id: string): OsVolume {
    const v = this.data.volumes.find((x) => x.id === id);
    if (!v) throw new CloudError('itemNotFound', `Volume ${id} could not be found.`);
    return v;
  }

  snapshot(id: string): OsSnapshot {
    const s = this.data.snapshots.find((x) => x.id === id);
    if (!s) throw new CloudError('itemNotFound', `Snapshot ${id} could not be found.`);
    return s;
  }

  image(id: string): OsImage {
    const i = this.data.images.find((x) => x.id === id);
    if (!i) throw new CloudError('itemNotFound', `No image found with ID ${id}`);
    return i;
  }

  serverVolumes(serverId: string): OsVolume[] {
    return this.data.volumes.filter((v) => v.attachments.some((a) => a.serverId === serverId));
  }

  serverPorts(serverId: string): OsPort[] {
    return this.data.ports.filter((p) => p.deviceId === serverId);
  }

  setPower(id: string, action: 'start' | 'stop'): void {
    const s = this.server(id);
    const from: OsServer['status'] = action === 'start' ? 'SHUTOFF' : 'ACTIVE';
    if (s.status !== from)
      throw new CloudError(
        'conflictingRequest',
        `Cannot '${action}' instance ${id} while it is in vm_state ${s.status === 'ACTIVE' ? 'active' : 'stopped'}`,
      );
    s.status = action === 'start' ? 'ACTIVE' : 'SHUTOFF';
    s.updatedAt = now();
  }

  createServer(request: CreateServerInput): OsServer {
    const input = this.withImageBlockDevices(request);
    if (!this.data.flavors.some((f) => f.id === input.flavorRef))
      throw new CloudError('badRequest', `Flavor ${input.flavorRef} could not be found.`);
    if (!input.imageRef && !input.blockDevices.some((b) => b.bootIndex === 0))
      throw new CloudError(
        'badRequest',
        'Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.',
      );
    if (input.imageRef) this.image(input.imageRef);
    const id = randomUuid();
    const bootsFromVolume = input.blockDevices.some((b) => b.bootIndex === 0 && b.destinationType === 'volume');
    const volumes = input.blockDevices.filter((b) => b.destinationType === 'volume').map((b) => this.volumeForDevice(b, input.name));
    const ports = input.networks.map((n) => this.portForServer(n));
    this.instanceCounter += 1;
    const t = now();
    const server: OsServer = {
      id,
      name: input.name,
      status: 'ACTIVE',
      flavorId: input.flavorRef,
      imageId: bootsFromVolume ? '' : (input.imageRef ?? ''),
      availabilityZone: 'nova',
      hypervisor: `compute-0${(this.instanceCounter % 3) + 1}.mtv.lab`,
      instanceName: `instance-${this.instanceCounter.toString(16).padStart(8, '0')}`,
      metadata: { ...(input.metadata ?? {}) },
      createdAt: t,
      updatedAt: t,
      launchedAt: t,
    };
    volumes.forEach(({ volume, deleteOnTermination }, i) => {
      volume.status = 'in-use';
      volume.attachments.push({ id: randomUuid(), serverId: id, device: `/dev/vd${String.fromCharCode(97 + i)}`, attachedAt: t });
      if (deleteOnTermination) this.deleteWithServer.add(volume.id);
    });
    for (const p of ports) {
      p.deviceId = id;
      p.deviceOwner = 'compute:nova';
    }
    this.data.servers.push(server);
    return server;
  }

  private volumeForDevice(b: BlockDevice, serverName: string): { volume: OsVolume; deleteOnTermination: boolean } {
    if (b.sourceType === 'volume') {
      const volume = this.volume(b.uuid ?? '');
      if (volume.status !== 'available')
        throw new CloudError(
          'badRequest',
          `Invalid volume: volume ${volume.id} status must be available, but current status is: ${volume.status}`,
        );
      return { volume, deleteOnTermination: b.deleteOnTermination };
    }
    const size = b.volumeSize;
    const input = b.sourceType === 'image' ? { imageRef: b.uuid } : b.sourceType === 'snapshot' ? { snapshotId: b.uuid } : {};
    const volume = this.createVolume({
      name: '',
      description: `boot volume of ${serverName}`,
      ...(size !== undefined ? { size } : {}),
      ...input,
    });
    return { volume, deleteOnTermination: b.deleteOnTermination };
  }

  private portForServer(n: CreateServerInput['networks'][number]): OsPort {
    if (n.port) {
      const port = this.data.ports.find((p) => p.id === n.port);
      if (!port) throw new CloudError('badRequest', `Port id ${n.port} could not be found.`);
      if (port.deviceId) throw new CloudError('conflictingRequest', `Port ${port.id} is still in use.`);
      return port;
    }
    const network = this.data.networks.find((x) => x.id === n.uuid);
    if (!network) throw new CloudError('badRequest', `Network ${n.uuid ?? ''} could not be found.`);
    const subnet = this.data.subnets.find((s) => s.networkId === network.id);
    const port: OsPort = {
      id: randomUuid(),
      name: '',
      networkId: network.id,
      macAddress: randomMac(),
      fixedIps: [],
      deviceId: '',
      deviceOwner: '',
      createdAt: now(),
    };
    if (subnet) port.fixedIps.push({ subnetId: subnet.id, ipAddress: n.fixedIp ?? this.freeAddress(subnet.id) });
    this.data.ports.push(port);
    this.novaPorts.add(port.id);
    return port;
  }

  private freeAddress(subnetId: string): string {
    const subnet = this.data.subnets.find((s) => s.id === subnetId)!;
    const used = new Set(this.data.ports.flatMap((p) => p.fixedIps.map((f) => f.ipAddress)));
    const prefix = subnet.allocationPool.start.split('.').slice(0, 3).join('.');
    const [first, last] = [subnet.allocationPool.start, subnet.allocationPool.end].map((a) => Number(a.split('.')[3]));
    for (let host = first ?? 10; host <= (last ?? 250); host++) if (!used.has(`${prefix}.${host}`)) return `${prefix}.${host}`;
    throw new CloudError('conflictingRequest', `No more IP addresses available on network ${subnet.networkId}.`);
  }

  deleteServer(id: string): void {
    this.server(id);
    for (const v of this.serverVolumes(id)) {
      v.attachments = v.attachments.filter((a) => a.serverId !== id);
      if (v.attachments.length === 0) v.status = 'available';
      if (this.deleteWithServer.delete(v.id)) this.data.volumes = this.data.volumes.filter((x) => x.id !== v.id);
    }
    // Ports Nova allocated are deleted with the server; ports the caller passed in are unbound.
    for (const p of this.serverPorts(id)) {
      p.deviceId = '';
      p.deviceOwner = '';
    }
    this.data.ports = this.data.ports.filter((p) => !(p.deviceId === '' && this.novaPorts.delete(p.id)));
    this.data.servers = this.data.servers.filter((s) => s.id !== id);
  }

  createVolume(input: CreateVolumeInput): OsVolume {
    const type = this.volumeType(input.volumeType);
    const from = this.volumeSource(input);
    const size = input.size ?? from.size;
    if (size === undefined || size < 1)
      throw new CloudError('badRequest', 'Invalid input received: "size" must be a positive integer when no source gives it');
    const volume: OsVolume = {
      id: randomUuid(),
      name: input.name,
      description: input.description ?? '',
      size,
      status: 'available',
      volumeType: type,
      bootable: from.bootable,
      availabilityZone: 'nova',
      attachments: [],
      ...(from.imageMetadata ? { imageMetadata: { ...from.imageMetadata } } : {}),
      ...(input.snapshotId ? { snapshotId: input.snapshotId } : {}),
      createdAt: now(),
    };
    this.data.volumes.push(volume);
    return volume;
  }

  /** The type's name, by name or id (default: the first type, as Cinder's default_volume_type). */
  private volumeType(nameOrId: string | undefined): string {
    const wanted = nameOrId ?? this.data.volumeTypes[0]?.name;
    const type = this.data.volumeTypes.find((t) => t.name === wanted || t.id === wanted);
    if (!type) throw new CloudError('itemNotFound', `Volume type with name ${wanted ?? ''} could not be found.`);
    return type.name;
  }

  /** What a new volume inherits from its image or snapshot: size, bootable, image metadata. */
  private volumeSource(input: CreateVolumeInput): { size?: number; bootable: boolean; imageMetadata?: Record<string, string> } {
    if (input.imageRef) {
      const image = this.image(input.imageRef);
      return { size: image.minDisk, bootable: true, imageMetadata: { image_id: image.id, image_name: image.name, ...image.properties } };
    }
    if (input.snapshotId) {
      const snapshot = this.snapshot(input.snapshotId);
      const source = this.data.volumes.find((v) => v.id === snapshot.volumeId);
      return {
        size: snapshot.size,
        bootable: source?.bootable ?? false,
        ...(source?.imageMetadata ? { imageMetadata: source.imageMetadata } : {}),
      };
    }
    return { bootable: false };
  }

  deleteVolume(id: string): void {
    const v = this.volume(id);
    if (v.status === 'in-use')
      throw new CloudError(
        'badRequest',
        `Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.`,
      );
    if (this.data.snapshots.some((s) => s.volumeId === id))
      throw new CloudError('badRequest', `Invalid volume: Volume ${id} still has dependent snapshots.`);
    this.data.volumes = this.data.volumes.filter((x) => x.id !== id);
  }

  createSnapshot(input: { volumeId: string; name: string; description?: string; force: boolean }): OsSnapshot {
    const v = this.volume(input.volumeId);
    if (v.status === 'in-use' && !input.force)
      throw new CloudError('badRequest', `Invalid volume: Volume ${v.id} status must be available, but current status is: in-use.`);
    const snap: OsSnapshot = {
      id: randomUuid(),
      name: input.name,
      description: input.description ?? '',
      volumeId: v.id,
      size: v.size,
      status: 'available',
      createdAt: now(),
    };
    this.data.snapshots.push(snap);
    return snap;
  }

  deleteSnapshot(id: string): void {
    this.snapshot(id);
    if (this.data.volumes.some((v) => v.snapshotId === id))
      throw new CloudError('badRequest', `Invalid snapshot: snapshot ${id} has dependent volumes`);
    this.data.snapshots = this.data.snapshots.filter((s) => s.id !== id);
  }

  /**
   * Nova's createImage. A volume-backed server gives a zero-size image whose block_device_mapping
   * property names a snapshot of each attached volume (booting from it recreates the volumes) and
   * which carries the boot volume's image metadata; an image-backed one gives a copy of its image.
   */
  createServerImage(serverId: string, name: string, metadata: Record<string, string>): OsImage {
    const server = this.server(serverId);
    const volumes = this.serverVolumes(serverId);
    const base = server.imageId ? this.image(server.imageId) : undefined;
    const bdm = volumes.map((v) => {
      const snap = this.createSnapshot({ volumeId: v.id, name: `snapshot for ${name}`, force: true });
      const device = v.attachments.find((a) => a.serverId === serverId)?.device ?? '';
      return {
        source_type: 'snapshot',
        destination_type: 'volume',
        snapshot_id: snap.id,
        volume_size: v.size,
        device_name: device,
        boot_index: device === '/dev/vda' ? 0 : null,
        delete_on_termination: false,
      };
    });
    const bootMeta = { ...(volumes.find((v) => v.bootable)?.imageMetadata ?? {}) };
    delete bootMeta['image_id'];
    delete bootMeta['image_name'];
    const image: OsImage = {
      id: randomUuid(),
      name,
      status: 'active',
      diskFormat: base?.diskFormat ?? 'qcow2',
      containerFormat: 'bare',
      size: base?.size ?? 0,
      minDisk: base?.minDisk ?? 0,
      minRam: 0,
      visibility: 'private',
      properties: {
        ...(base?.properties ?? bootMeta),
        ...metadata,
        ...(bdm.length && !base ? { bdm_v2: 'True', root_device_name: '/dev/vda', block_device_mapping: JSON.stringify(bdm) } : {}),
      },
      createdAt: now(),
    };
    this.data.images.push(image);
    return image;
  }

  /** Booting from a volume-backed server's image: the image's block device mapping, unless the caller gave one. */
  private withImageBlockDevices(input: CreateServerInput): CreateServerInput {
    const mapping =
      input.imageRef && input.blockDevices.length === 0
        ? this.data.images.find((i) => i.id === input.imageRef)?.properties['block_device_mapping']
        : undefined;
    if (!mapping) return input;
    const devices = JSON.parse(mapping) as Array<{ snapshot_id: string; volume_size: number; boot_index: number | null }>;
    const blockDevices: BlockDevice[] = devices.map((d) => ({
      sourceType: 'snapshot',
      destinationType: 'volume',
      uuid: d.snapshot_id,
      volumeSize: d.volume_size,
      ...(d.boot_index !== null ? { bootIndex: d.boot_index } : {}),
      deleteOnTermination: false,
    }));
    return { ...input, blockDevices };
  }

  deleteImage(id: string): void {
    this.image(id);
    this.data.images = this.data.images.filter((i) => i.id !== id);
  }
}
