/**
 * One vim25 SOAP call over HTTP(S): envelope, SOAPAction, the vmware_soap_session cookie, TLS
 * verification (on unless `insecure`; extra CA PEM accepted), and SOAP faults turned into typed
 * errors. Request bodies, passwords and the session cookie never reach logs or errors.
 */
import http from 'node:http';
import https from 'node:https';
import { requestText, type TextResponse } from '../http-text';
import { VSphereAuthError, VSphereConnectionError, VSphereFaultError, type ObjectRef } from './errors';
import { child, el, moRefEl, parseXml, soapEnvelope, type XmlNode } from './xml';

export interface TransportOptions {
  url: string; // https://vcenter.example.com/sdk
  insecure?: boolean; // skip TLS verification (like the suite's insecureSkipVerify)
  caPem?: string; // extra trusted CA(s), PEM
  timeoutMs?: number; // per request; long polls add their own wait
  log?: (message: string) => void;
}

const SESSION_COOKIE = 'vmware_soap_session';

/** Fault detail fields as strings (MoRefs as Type:value), for error messages. */
function faultDetails(fault: XmlNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of fault?.children ?? []) {
    if (c.children.length === 0 && c.text.trim() !== '') out[c.name] = c.moType ? `${c.moType}:${c.text.trim()}` : c.text.trim();
  }
  return out;
}

export function faultTypeOf(fault: XmlNode | undefined): string {
  const t = fault?.xsiType ?? fault?.name.replace(/Fault$/, '') ?? 'UnknownFault';
  return t.replace(/^.*:/, '');
}

export function faultFields(fault: XmlNode | undefined): Record<string, string> {
  return faultDetails(fault);
}

export class SoapTransport {
  private readonly agent: http.Agent;
  private cookie: string | undefined;
  private soapAction = 'urn:vim25/6.5';

  constructor(private readonly opts: TransportOptions) {
    this.agent = opts.url.startsWith('https:')
      ? new https.Agent({ keepAlive: true, rejectUnauthorized: !opts.insecure, ...(opts.caPem ? { ca: opts.caPem } : {}) })
      : new http.Agent({ keepAlive: true });
  }

  get url(): string {
    return this.opts.url;
  }

  get hasSession(): boolean {
    return this.cookie !== undefined;
  }

  /** Use the server's API version in SOAPAction, as vSphere clients do after RetrieveServiceContent. */
  setApiVersion(apiVersion: string): void {
    this.soapAction = `urn:vim25/${apiVersion}`;
  }

  forgetSession(): void {
    this.cookie = undefined;
  }

  /**
   * Calls `method` on `self` with already-serialized arguments (in WSDL order) and returns the
   * response element. `object` names what the call is about, for errors (defaults to `self`).
   */
  async call(
    method: string,
    self: ObjectRef,
    argsXml: string[],
    opts: { object?: ObjectRef | string; extraTimeoutMs?: number } = {},
  ): Promise<XmlNode> {
    const body = soapEnvelope(el(method, [moRefEl('_this', self), ...argsXml], { xmlns: 'urn:vim25' }));
    const object = opts.object ?? self;
    this.opts.log?.(`vim25 ${method} ${typeof object === 'string' ? object : `${object.type}:${object.value}`}`);
    const res = await this.post(method, body, opts.extraTimeoutMs ?? 0);
    this.keepSessionCookie(res.headers['set-cookie']);
    const bodyNode = this.soapBodyOf(method, res);
    const fault = child(bodyNode, 'Fault');
    if (fault) throw faultError(method, object, fault);
    if (res.status !== 200) throw new VSphereConnectionError(method, this.opts.url, `HTTP ${res.status} without a SOAP fault`);
    const response = bodyNode.children[0];
    if (!response || response.name !== `${method}Response`) {
      throw new VSphereConnectionError(method, this.opts.url, `expected ${method}Response, got ${response?.name ?? 'an empty body'}`);
    }
    return response;
  }

  private async post(method: string, body: string, extraTimeoutMs: number): Promise<TextResponse> {
    try {
      return await requestText({
        method: 'POST',
        url: this.opts.url,
        agent: this.agent,
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          SOAPAction: this.soapAction,
          ...(this.cookie ? { Cookie: `${SESSION_COOKIE}=${this.cookie}` } : {}),
        },
        body,
        timeoutMs: (this.opts.timeoutMs ?? 60_000) + extraTimeoutMs,
      });
    } catch (e) {
      const code = (e as { code?: string }).code;
      throw new VSphereConnectionError(method, this.opts.url, `${code ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private keepSessionCookie(setCookie: string | string[] | undefined): void {
    for (const c of ([] as string[]).concat(setCookie ?? [])) {
      const m = new RegExp(`^${SESSION_COOKIE}=("?)([^";]*)\\1`).exec(c);
      if (m?.[2]) this.cookie = `"${m[2]}"`;
    }
  }

  private soapBodyOf(method: string, res: TextResponse): XmlNode {
    let doc: XmlNode;
    try {
      doc = parseXml(res.data);
    } catch {
      throw new VSphereConnectionError(method, this.opts.url, `HTTP ${res.status}: the response is not XML`);
    }
    const bodyNode = child(doc, 'Body');
    if (!bodyNode) throw new VSphereConnectionError(method, this.opts.url, `HTTP ${res.status}: the response is not a SOAP envelope`);
    return bodyNode;
  }

  /** GET of a URL the server handed out (a guest file transfer), over this connection's TLS settings. */
  async download(url: string, what: string): Promise<string> {
    let res: TextResponse;
    try {
      res = await requestText({ method: 'GET', url, agent: this.agent, timeoutMs: this.opts.timeoutMs ?? 60_000 });
    } catch (e) {
      throw new VSphereConnectionError(what, new URL(url).origin, e instanceof Error ? e.message : String(e));
    }
    if (res.status !== 200) throw new VSphereConnectionError(what, new URL(url).origin, `HTTP ${res.status}`);
    return res.data;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The typed error for a SOAP fault: InvalidLogin is an authentication error, the rest carry their fault details. */
function faultError(method: string, object: ObjectRef | string, fault: XmlNode): Error {
  const detail = child(fault, 'detail')?.children[0];
  const type = detail ? faultTypeOf(detail) : 'SOAPFault';
  const message = child(fault, 'faultstring')?.text.trim() ?? 'no message';
  if (type === 'InvalidLogin') return new VSphereAuthError(method, object, type, message);
  return new VSphereFaultError(method, object, type, message, faultDetails(detail));
}
