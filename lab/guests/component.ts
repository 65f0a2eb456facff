/**
 * LabComponent 'guests': KubeVirt's port-forward subresource and the guests behind it.
 *   /apis/subresources.kubevirt.io/v1/namespaces/:ns/virtualmachines/:name/portforward/:port[/:protocol]
 *   (and .../virtualmachineinstances/...)
 * The API server authenticates the bearer token and hands the upgrade here. Like virt-api, the
 * request is refused (Status JSON) unless the VM exists and its VMI runs; otherwise the WebSocket
 * (subprotocol plain.kubevirt.io, binary frames = raw TCP stream) is accepted and connected to the
 * guest's port: 22 is an in-process sshd (lab/guests/ssh-guest.ts); any other port, or the fault
 * ssh-down, gets its connection refused (the tunnel closes). Open tunnels close when the VMI stops.
 * The component also writes <stateDir>/providers.json with the guest logins.
 */
import type { Duplex } from 'node:stream';
import { WebSocketServer, createWebSocketStream, type WebSocket } from 'ws';
import type { ResourceType } from '../apiserver/contract';
import { ApiError } from '../apiserver/errors';
import { caCertFile } from '../certs';
import { requireType } from '../bootstrap/store-helpers';
import type { LabComponent, LabContext, RunningComponent, UpgradeHandler } from '../component';
import type { GuestRegistry, RunningGuest } from '../kubevirt/controller';
import { providedOpenStack } from '../openstack/component';
import { providedExports } from '../ova/component';
import { loadOrCreateStorageLogin, writeProvidersFile, type ProvidersFileInput } from '../providers-file';
import type { VSphereModel } from '../vsphere/model';
import type { LabEsxiEndpoint } from '../vsphere/esxi/endpoint';
import { type GuestCredentials, loadOrCreateGuestCredentials } from './credentials';
import { loadOrCreateHostKey, serveSsh } from './ssh-guest';

export const PLAIN_SUBPROTOCOL = 'plain.kubevirt.io';

const BASE = '/apis/subresources.kubevirt.io/v1/namespaces/:ns';
export const PORTFORWARD_PATTERNS = [
  `${BASE}/virtualmachines/:name/portforward/:port`,
  `${BASE}/virtualmachines/:name/portforward/:port/:protocol`,
  `${BASE}/virtualmachineinstances/:name/portforward/:port`,
  `${BASE}/virtualmachineinstances/:name/portforward/:port/:protocol`,
];

function refuseUpgrade(socket: Duplex, err: ApiError): void {
  const body = JSON.stringify(err.toStatus());
  const text = { 400: 'Bad Request', 404: 'Not Found', 409: 'Conflict' }[err.code] ?? 'Error';
  socket.end(
    `HTTP/1.1 ${err.code} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** What the port-forward handler works with, set up once by start(). */
interface PortForwardDeps {
  ctx: LabContext;
  registry: GuestRegistry;
  creds: GuestCredentials;
  hostKey: ReturnType<typeof loadOrCreateHostKey>;
  wss: WebSocketServer;
  /** "ns/vm" -> open tunnels */
  tunnels: Map<string, Set<WebSocket>>;
  vmRt: ResourceType;
  vmiRt: ResourceType;
}

/** The providers file needs the vCenter; without the vSphere simulator there is nothing to point at. */
function provideProvidersFile(ctx: LabContext, creds: GuestCredentials): void {
  if (ctx.cluster !== undefined) return; // the remote cluster's guests: the lab's guests component wrote it
  let model: VSphereModel | undefined;
  try {
    model = ctx.need<VSphereModel>('vsphere.model');
  } catch {
    return;
  }
  const file = writeProvidersFile(ctx.stateDir, {
    vsphereUrl: ctx.need<string>('vsphere.url'),
    vsphereCaCertFile: caCertFile(ctx.stateDir),
    credentials: ctx.need<{ username: string; password: string }>('vsphere.credentials'),
    guests: creds,
    inventory: model.snapshot(),
    storage: loadOrCreateStorageLogin(ctx.stateDir),
    ovirt: ovirtEndpoint(ctx),
    openstack: providedOpenStack(ctx),
    esxi: ctx.need<LabEsxiEndpoint>('vsphere.esxi'),
    ovaShare: providedExports(ctx)[0]?.url,
  });
  ctx.provide('providers.file', file);
}

function invalidTarget(params: Record<string, string>): ApiError | undefined {
  const port = Number(params.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return new ApiError(400, 'BadRequest', `invalid port "${params.port ?? ''}"`);
  if (params.protocol !== undefined && params.protocol !== 'tcp' && params.protocol !== 'udp')
    return new ApiError(400, 'BadRequest', `invalid protocol "${params.protocol}"`);
  return undefined;
}

/** Why virt-api would refuse this port-forward (as the Status it answers), or the running guest to connect to. */
function checkPortForward(deps: PortForwardDeps, params: Record<string, string>, isVmi: boolean): ApiError | RunningGuest {
  const ns = params.ns ?? '';
  const name = params.name ?? '';
  const invalid = invalidTarget(params);
  if (invalid) return invalid;
  const kindPlural = isVmi ? 'virtualmachineinstances' : 'virtualmachines';
  if (!deps.ctx.store.get(isVmi ? deps.vmiRt : deps.vmRt, ns, name)) {
    return new ApiError(404, 'NotFound', `${kindPlural}.kubevirt.io "${name}" not found`, { name, group: 'kubevirt.io', kind: kindPlural });
  }
  const running = deps.registry.running(ns, name);
  if (running) return running;
  const what = isVmi ? 'virtualmachineinstance' : 'virtualmachine';
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${what}.kubevirt.io "${name}": ${isVmi ? 'VMI' : 'VM'} is not running`,
    { name, group: 'kubevirt.io', kind: what },
  );
}

/** An accepted tunnel: port 22 reaches the guest's sshd; anything else (or the fault ssh-down) is refused inside, as virt-handler's dial fails. */
function connectTunnel(deps: PortForwardDeps, ws: WebSocket, params: Record<string, string>, running: RunningGuest): void {
  const { ctx, registry, creds } = deps;
  const ns = params.ns ?? '';
  const name = params.name ?? '';
  const key = `${ns}/${name}`;
  const port = Number(params.port);
  const set = deps.tunnels.get(key) ?? new Set<WebSocket>();
  deps.tunnels.set(key, set);
  set.add(ws);
  ws.on('close', () => set.delete(ws));
  const nothingListens = port !== 22 || params.protocol === 'udp';
  if (nothingListens || ctx.faults.isOn('ssh-down')) {
    ctx.log('guests', `port-forward to ${key}:${port} refused (${nothingListens ? 'nothing listens there' : 'fault ssh-down'})`);
    ws.close(1011, `dial tcp 127.0.0.1:${port}: connect: connection refused`);
    return;
  }
  const stream = createWebSocketStream(ws);
  stream.on('error', (error) => {
    ctx.log('guests', `port-forward tunnel to ${key}:22 failed: ${error.message}`);
    stream.destroy();
  });
  const vmiUid = running.vmiUid;
  serveSsh(stream, {
    guest: () => {
      const now = registry.running(ns, name);
      return now && now.vmiUid === vmiUid ? now.model : undefined;
    },
    logins: [
      running.model.os === 'windows' ? creds.windows : creds.linux,
      ...(running.model.cloudInitLogin ? [running.model.cloudInitLogin] : []),
    ],
    hostKey: deps.hostKey,
    onError: (error) => ctx.log('guests', `sshd of ${key}: ${error.message}`),
  });
}

function portForwardHandler(deps: PortForwardDeps): UpgradeHandler {
  return (req, socket, head, params) => {
    const checked = checkPortForward(deps, params, (req.url ?? '').includes('/virtualmachineinstances/'));
    if (checked instanceof ApiError) {
      deps.ctx.log('guests', `port-forward ${req.url ?? ''} refused: ${checked.code} ${checked.message}`);
      refuseUpgrade(socket, checked);
      return;
    }
    deps.wss.handleUpgrade(req, socket, head, (ws) => connectTunnel(deps, ws, params, checked));
  };
}

/** A stopped or deleted VMI takes its open connections down with it. */
function closeTunnelsOfStoppedVmis(store: LabContext['store'], tunnels: Map<string, Set<WebSocket>>): () => void {
  return store.subscribe((e) => {
    if (e.resource.group !== 'kubevirt.io' || e.resource.plural !== 'virtualmachineinstances') return;
    const key = `${e.object.metadata.namespace ?? ''}/${e.object.metadata.name ?? ''}`;
    const set = tunnels.get(key);
    if (!set?.size) return;
    const phase = (e.object.status as { phase?: string } | undefined)?.phase;
    if (e.type === 'DELETED' || e.object.metadata.deletionTimestamp || (phase !== undefined && phase !== 'Running')) {
      for (const ws of set) ws.terminate();
      set.clear();
    }
  });
}

export const guestsComponent: LabComponent = {
  name: 'guests',
  async start(ctx: LabContext): Promise<RunningComponent> {
    const { store } = ctx;
    const registry = ctx.need<GuestRegistry>('kubevirt.guests');
    const creds: GuestCredentials = loadOrCreateGuestCredentials(ctx.stateDir);
    const hostKey = loadOrCreateHostKey(ctx.stateDir);
    const vmRt = requireType(store, 'kubevirt.io', 'virtualmachines');
    const vmiRt = requireType(store, 'kubevirt.io', 'virtualmachineinstances');
    provideProvidersFile(ctx, creds);
    const wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (protocols) => (protocols.has(PLAIN_SUBPROTOCOL) ? PLAIN_SUBPROTOCOL : false),
    });
    const tunnels = new Map<string, Set<WebSocket>>();
    const deps: PortForwardDeps = { ctx, registry, creds, hostKey, wss, tunnels, vmRt, vmiRt };
    for (const p of PORTFORWARD_PATTERNS) ctx.registerUpgrade(p, portForwardHandler(deps));
    const unsubscribe = closeTunnelsOfStoppedVmis(store, tunnels);

    return {
      async stop() {
        unsubscribe();
        for (const set of tunnels.values()) for (const ws of set) ws.terminate();
        tunnels.clear();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      },
    };
  },
};

/** The lab oVirt engine for the providers file, when that component runs. */
function ovirtEndpoint(ctx: LabContext): ProvidersFileInput['ovirt'] {
  try {
    return ctx.need<ProvidersFileInput['ovirt']>('ovirt.endpoint');
  } catch {
    return undefined;
  }
}
