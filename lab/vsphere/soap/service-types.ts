/**
 * The shapes the vim25 service shares between its parts: the configured login, one request's
 * context (who calls, in which API version), the answer, and a logged-in session's state.
 */
import type { FilterSpec, ObjectContent, Reported } from './property-collector';
import type { MoRefV } from './values';

export interface Credentials {
  username: string;
  password: string;
}

export interface CallContext {
  sessionToken?: string; // from the vmware_soap_session cookie
  ipAddress: string;
  userAgent: string;
  /** The API version the client negotiated (SOAPAction); the answer leaves out anything newer. */
  apiVersion?: string;
  /** Resolves when the HTTP client goes away (ends WaitForUpdatesEx early). */
  aborted: Promise<void>;
}

export interface CallResult {
  body: string; // the response element, or a soapenv:Fault
  isFault: boolean;
  newSessionToken?: string;
  endSession?: boolean;
}

export interface Collector {
  filters: Map<string, FilterSpec>;
  reported: Map<string, Reported>;
  version: number;
}

export interface ContainerViewState {
  container: MoRefV;
  types: string[];
  recursive: boolean;
}

export interface Session {
  key: string; // UserSession.key: public, shows up in session-scoped MoRefs as on vCenter
  token: string; // the vmware_soap_session cookie value: the secret that authenticates
  userName: string;
  loginTime: string;
  ipAddress: string;
  userAgent: string;
  views: Map<string, ContainerViewState>;
  collectors: Map<string, Collector>;
  pages: Map<string, ObjectContent[]>;
}

/** A method's response element: <MethodResponse xmlns="urn:vim25">returnval</MethodResponse>. */
export function response(method: string, returnval?: string): CallResult {
  return { body: `<${method}Response xmlns="urn:vim25">${returnval ?? ''}</${method}Response>`, isFault: false };
}
