/**
 * How parts of the lab plug into the lab process. lab/lab.ts (startLab) creates the state
 * directory, the TLS material, the store and the API server, then starts every entry of
 * LAB_COMPONENTS (lab/components.ts) in order with a LabContext, and stops them in reverse order.
 */
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Store } from './apiserver/contract';
import type { LabFaults } from './faults-catalog';

export interface LabTls {
  caCertPem: string; // the lab CA (also in the kubeconfig)
  certPem: string; // serving certificate for 127.0.0.1 / localhost, signed by the CA
  keyPem: string;
}

/** Handles an authenticated HTTP upgrade the API server routed here (e.g. KubeVirt port-forward). */
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer, params: Record<string, string>) => void;

export interface LabContext {
  store: Store;
  faults: LabFaults;
  stateDir: string; // absolute; components keep their files here
  tls: LabTls;
  apiServerUrl: string; // https://127.0.0.1:<port>
  /** Set when this context is another cluster's than the lab's own (lab/remote): its components leave lab-wide files alone. */
  cluster?: string;
  /**
   * Lab time: one "minute" of MTV time (precopy interval, cutover delay, guest agent wait...)
   * lasts this many real milliseconds in the lab.
   */
  msPerMinute: number;
  /**
   * Route upgrade requests whose path matches `pattern` (segments like `:ns` become params) to
   * `handler`, after the API server authenticated the bearer token.
   * e.g. '/apis/subresources.kubevirt.io/v1/namespaces/:ns/virtualmachines/:name/portforward/:port'
   */
  registerUpgrade(pattern: string, handler: UpgradeHandler): void;
  /** Publish a value for other components (e.g. 'vsphere.model', 'vsphere.url'). */
  provide<T>(key: string, value: T): void;
  /** Read a value an earlier component provided; throws naming the key if absent. */
  need<T>(key: string): T;
  log(component: string, message: string): void;
  /** Append a line to a pod container's log, served by the API server's pods/log subresource. */
  podLog(namespace: string, pod: string, container: string, line: string): void;
}

export interface RunningComponent {
  stop(): Promise<void>;
}

export interface LabComponent {
  name: string;
  start(ctx: LabContext): Promise<RunningComponent>;
}
