/**
 * Real connection tests, as Forklift's collectors run them (container/*: Test()):
 *  - vSphere: vim25 SOAP RetrieveServiceContent + Login over HTTPS with the secret's user and
 *    password, the certificate verified against the secret's ca.crt unless insecureSkipVerify.
 *    An "incorrect user name or password" fault is reported as HTTP 401, like Forklift; the
 *    controller reports it for vSphere as ConnectionTestFailed (issue #3), other failures too.
 *  - OpenShift (remote): lists of the resource types the provider needs, with the secret's token;
 *    401/400 are auth failures.
 * The result carries the server certificate's SHA-1 fingerprint (Provider status.fingerprint).
 */
import crypto from 'node:crypto';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { XMLParser } from 'fast-xml-parser';

export interface ConnectionResult {
  ok: boolean;
  /** vSphere: about.apiType ("VirtualCenter" or "HostAgent"). */
  apiType?: string;
  status: number; // 200 ok, 401 auth failure, 0 other failure
  error?: string;
  fingerprint?: string;
}

export interface TlsOptions {
  caPem?: string;
  insecure: boolean;
}

const TIMEOUT_MS = 10_000;

interface RawResponse {
  status: number;
  body: string;
  fingerprint?: string;
  cookies: string[];
}

function fingerprintOf(sock: TLSSocket): string | undefined {
  const raw = sock.getPeerCertificate()?.raw;
  if (!raw) return undefined;
  return crypto.createHash('sha1').update(raw).digest('hex').toUpperCase().match(/.{2}/g)?.join(':');
}

function request(url: string, method: string, tls: TlsOptions, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, headers, timeout: TIMEOUT_MS, rejectUnauthorized: !tls.insecure, ...(tls.caPem && !tls.insecure ? { ca: tls.caPem } : {}) },
      (res) => {
        const fp = fingerprintOf(res.socket as TLSSocket);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? ''),
            ...(fp ? { fingerprint: fp } : {}),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`dial ${new URL(url).host}: i/o timeout`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function envelope(inner: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`
  );
}

const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false });

/** Body element of a SOAP response, or the fault string. */
function soapBody(xml: string): { body?: Record<string, unknown>; fault?: string } {
  const doc = parser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } };
  const body = doc.Envelope?.Body;
  if (!body) return { fault: 'invalid SOAP response' };
  const fault = body.Fault as { faultstring?: unknown } | undefined;
  if (fault) return { fault: String(fault.faultstring ?? 'SOAP fault') };
  return { body };
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Record<string, unknown>)['#text']);
  return '';
}

const SOAP_HEADERS = { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: 'urn:vim25/8.0.2.0' };

interface ServiceContent {
  sessionManager: string;
  apiType: string;
  fingerprint?: string;
}

/** RetrieveServiceContent: the session manager's MoRef and about.apiType, or the fault. */
async function retrieveServiceContent(url: string, tls: TlsOptions): Promise<ServiceContent | { fault: string }> {
  const sc = await request(
    url,
    'POST',
    tls,
    SOAP_HEADERS,
    envelope('<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>'),
  );
  const scBody = soapBody(sc.body);
  if (scBody.fault) return { fault: scBody.fault };
  const content = (scBody.body?.RetrieveServiceContentResponse as { returnval?: Record<string, unknown> } | undefined)?.returnval;
  return {
    sessionManager: text(content?.sessionManager) || 'SessionManager',
    apiType: text((content?.about as Record<string, unknown> | undefined)?.apiType),
    ...(sc.fingerprint ? { fingerprint: sc.fingerprint } : {}),
  };
}

/** Login then Logout (best effort, so the simulator does not accumulate sessions); the Login fault if any. */
async function loginAndLogout(
  url: string,
  user: string,
  password: string,
  tls: TlsOptions,
  sessionManager: string,
): Promise<string | undefined> {
  const manager = `<_this type="SessionManager">${xmlEscape(sessionManager)}</_this>`;
  const login = await request(
    url,
    'POST',
    tls,
    SOAP_HEADERS,
    envelope(
      `<Login xmlns="urn:vim25">${manager}<userName>${xmlEscape(user)}</userName><password>${xmlEscape(password)}</password></Login>`,
    ),
  );
  const lb = soapBody(login.body);
  if (lb.fault) return lb.fault;
  if (login.cookies.length > 0) {
    await request(
      url,
      'POST',
      tls,
      { ...SOAP_HEADERS, Cookie: login.cookies.join('; ') },
      envelope(`<Logout xmlns="urn:vim25">${manager}</Logout>`),
    ).catch(() => undefined);
  }
  return undefined;
}

export async function testVSphere(url: string, user: string, password: string, tls: TlsOptions): Promise<ConnectionResult> {
  try {
    const content = await retrieveServiceContent(url, tls);
    if ('fault' in content) return { ok: false, status: 0, error: `ServerFaultCode: ${content.fault}` };
    const fault = await loginAndLogout(url, user, password, tls, content.sessionManager);
    if (fault) {
      const auth = fault.includes('incorrect') && fault.includes('password');
      return { ok: false, status: auth ? 401 : 0, error: `ServerFaultCode: ${fault}` };
    }
    const { apiType, fingerprint } = content;
    return { ok: true, status: 200, ...(apiType ? { apiType } : {}), ...(fingerprint ? { fingerprint } : {}) };
  } catch (e) {
    return { ok: false, status: 0, error: `Post "${url}": ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * The OCP collector's Test(): list (limit 1) each resource type the provider needs with the
 * secret's token; the first failure's HTTP status decides (401/400: auth failure). The lab's API
 * has no instancetype resources, so those two lists of Forklift's set are not made.
 */
const OCP_TEST_LISTS: Array<[string, string]> = [
  ['namespaces', '/api/v1/namespaces'],
  ['storageclasses', '/apis/storage.k8s.io/v1/storageclasses'],
  ['network-attachment-definitions', '/apis/k8s.cni.cncf.io/v1/network-attachment-definitions'],
  ['virtualmachines', '/apis/kubevirt.io/v1/virtualmachines'],
];

export async function testOpenShift(url: string, token: string, tls: TlsOptions): Promise<ConnectionResult> {
  const base = url.replace(/\/+$/, '');
  let fingerprint: string | undefined;
  for (const [resource, path] of OCP_TEST_LISTS) {
    const target = `${base}${path}?limit=1`;
    try {
      const res = await request(target, 'GET', tls, { Authorization: `Bearer ${token}`, Accept: 'application/json' });
      fingerprint ??= res.fingerprint;
      if (res.status >= 200 && res.status < 300) continue;
      let reason = `HTTP ${res.status}`;
      try {
        reason = String((JSON.parse(res.body) as { message?: string }).message ?? reason);
      } catch {
        // not a Status body
      }
      return { ok: false, status: res.status, error: `Failed to get resource ${resource}: ${reason}` };
    } catch (e) {
      return {
        ok: false,
        status: 500,
        error: `Failed to get resource ${resource}: Get "${target}": ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  return { ok: true, status: 200, ...(fingerprint ? { fingerprint } : {}) };
}
