/**
 * The lab vCenter's HTTP(S) front: vim25 SOAP at /sdk (and /sdk/vimService), the version discovery
 * documents /sdk/vimServiceVersions.xml and /sdk/vimService.wsdl, session cookie vmware_soap_session,
 * faults as HTTP 500 with a SOAP Fault, as vCenter answers. Binds 127.0.0.1.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { requestedVersion, vimServiceVersionsXml, vimServiceWsdl } from './soap/api-version';
import { parseXml, soapBody, soapEnvelope, type XmlNode } from './soap/xml';
import { LabVSphereModel } from './lab-model';
import { seedInventory } from './seed';
import type { LabFaults } from '../faults-catalog';
import { asSoapFault, fault, soapFaultXml } from './soap/faults';
import { VimService, type Credentials } from './soap/vim-service';
import type { EndpointProfile } from './soap/endpoint-profile';
import { readTextBody } from '../http-body';
import { DiskDataStore } from '../disk-data';
import { GuestOperations, type GuestLogins } from './soap/guest-operations';

export interface VSphereSimulatorOptions {
  credentials: Credentials;
  /** Serving certificate (PEM); without it the simulator speaks plain HTTP (tests only). */
  tls?: { certPem: string; keyPem: string };
  model?: LabVSphereModel;
  port?: number;
  /** How long a task runs (clone takes 3x). Default 20 ms. */
  taskMs?: number;
  /** What the endpoint answers as: vCenter (default) or one ESXi host (lab/vsphere/esxi/profile.ts). */
  profile?: EndpointProfile;
  /** The guests' logins for guest operations (without them every guest login is refused). */
  guestLogins?: GuestLogins;
  /** What the VMs' disks hold (source guests write it through guest operations). */
  disks?: DiskDataStore;
  /** The lab's fault switches (cloud-init-never-finishes, clone-ignores-host). */
  faults?: LabFaults;
}

export interface RunningVSphereSimulator {
  url: string; // http(s)://127.0.0.1:<port>/sdk
  model: LabVSphereModel;
  stop(): Promise<void>;
}

const SESSION_COOKIE = 'vmware_soap_session';
const MAX_BODY_BYTES = 8 * 1024 * 1024;

function sessionFromCookie(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return v.join('=').replace(/^"|"$/g, '');
  }
  return undefined;
}

/** One SOAP request: negotiate the API version from SOAPAction, run the method, answer in that version. */
async function answerSoap(service: VimService, req: http.IncomingMessage, res: http.ServerResponse, secure: boolean): Promise<void> {
  const aborted = new Promise<void>((resolve) => res.on('close', () => resolve()));
  const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8' };
  let status = 200;
  let body: string;
  try {
    const xml = await readTextBody(req, MAX_BODY_BYTES);
    const apiVersion = requestedVersion(header(req, 'soapaction'), service.model.snapshot().about.apiVersion);
    let method: XmlNode;
    try {
      method = soapBody(parseXml(xml));
    } catch (e) {
      throw fault('InvalidRequest', `malformed SOAP request: ${e instanceof Error ? e.message : String(e)}`);
    }
    const result = await service.call(method, {
      sessionToken: sessionFromCookie(req.headers.cookie),
      ipAddress: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: header(req, 'user-agent') ?? '',
      apiVersion,
      aborted,
    });
    body = result.body;
    if (result.isFault) status = 500;
    if (result.newSessionToken)
      headers['set-cookie'] = `${SESSION_COOKIE}="${result.newSessionToken}"; Path=/; HttpOnly${secure ? '; Secure' : ''}`;
  } catch (e) {
    status = 500;
    body = soapFaultXml(asSoapFault(e));
  }
  if (!res.destroyed) res.writeHead(status, headers).end(soapEnvelope(body));
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The documents vCenter serves next to /sdk for version discovery (pyVmomi's SmartConnect reads them). */
function discoveryDocument(path: string, service: VimService, url: () => string): string | undefined {
  if (path === '/sdk/vimServiceVersions.xml') return vimServiceVersionsXml(service.model.snapshot().about.apiVersion);
  if (path === '/sdk/vimService.wsdl') return vimServiceWsdl(`${url()}/vimService`);
  return undefined;
}

export async function startVSphereSimulator(options: VSphereSimulatorOptions): Promise<RunningVSphereSimulator> {
  const model = options.model ?? new LabVSphereModel(seedInventory());
  const secure = options.tls !== undefined;
  const guestOps = options.profile
    ? undefined
    : new GuestOperations(model, options.disks ?? new DiskDataStore(), options.guestLogins, options.faults);
  const service = new VimService(model, options.credentials, options.taskMs ?? 20, options.profile, guestOps);
  let url = '';

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const document = req.method === 'GET' ? discoveryDocument(path, service, () => url) : undefined;
    if (document !== undefined) {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(document);
    } else if (path === '/guestFile' && req.method === 'GET' && guestOps) {
      const content = guestOps.download(new URL(req.url ?? '', 'http://x').searchParams);
      if (content === undefined) res.writeHead(404, { 'content-type': 'text/plain' }).end('no such file transfer\n');
      else res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(content);
    } else if (path !== '/sdk' && path !== '/sdk/vimService') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    } else if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('vim25 SOAP endpoint: POST only\n');
    } else {
      void answerSoap(service, req, res, secure);
    }
  };

  const server = secure
    ? https.createServer({ cert: options.tls!.certPem, key: options.tls!.keyPem }, handler)
    : http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  guestOps?.setEndpoint(secure ? 'https' : 'http', port);
  url = `${secure ? 'https' : 'http'}://127.0.0.1:${port}/sdk`;
  return {
    url,
    model,
    stop: async () => {
      service.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
