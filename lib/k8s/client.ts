/**
 * Typed access to the resources in kinds.ts: get / list / create / merge-patch / delete, each a
 * single REST call through KubeRest (retries and request accounting live there). Waits are in
 * waits.ts and build on watch.ts.
 */
import { KubeApiError, isConflict, isNotFound } from '../../exceptions/k8s';
import { RequestCounter } from './accounting';
import { type ClientNode } from './client-node';
import { RESOURCES, apiVersionOf, collectionPath, objectPath, type Kind, type ObjectOf } from './kinds';
import { silentLog, type SuiteLog } from './log';
import { KubeRest, type RetryPolicy } from './rest';

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface ListResult<T> {
  items: T[];
  resourceVersion: string;
}

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export interface CreateResult<T> {
  object: T;
  /** false when the object already existed (409) and was reused. */
  created: boolean;
}

export class K8sClient {
  readonly rest: KubeRest;
  readonly counter: RequestCounter;

  constructor(
    readonly kubeConfig: ClientNode.KubeConfig,
    readonly log: SuiteLog = silentLog,
    retryPolicy?: RetryPolicy,
  ) {
    this.counter = new RequestCounter();
    this.rest = new KubeRest(kubeConfig, this.counter, log, retryPolicy);
  }

  /** API server URL, e.g. https://api.cluster.example:6443. */
  get server(): string {
    return this.rest.server;
  }

  /** The bearer token the client authenticates with, when it uses one (inventory, virtctl). */
  get token(): string | undefined {
    return this.kubeConfig.getCurrentUser()?.token || undefined;
  }

  get insecureSkipTlsVerify(): boolean {
    return this.kubeConfig.getCurrentCluster()?.skipTLSVerify === true;
  }

  async get<K extends Kind>(kind: K, name: string, namespace?: string): Promise<ObjectOf<K>> {
    return this.rest.request<ObjectOf<K>>({ verb: 'get', method: 'GET', path: objectPath(RESOURCES[kind], name, namespace) });
  }

  /** The object, or undefined when it does not exist (404). */
  async tryGet<K extends Kind>(kind: K, name: string, namespace?: string): Promise<ObjectOf<K> | undefined> {
    try {
      return await this.get(kind, name, namespace);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async list<K extends Kind>(kind: K, opts: ListOptions = {}): Promise<ListResult<ObjectOf<K>>> {
    const info = RESOURCES[kind];
    const rsp = await this.rest.request<{ items?: ObjectOf<K>[]; metadata?: { resourceVersion?: string } }>({
      verb: 'list',
      method: 'GET',
      path: collectionPath(info, opts.namespace),
      query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector },
    });
    // Lists omit apiVersion/kind on items; put them back so callers can hand items on.
    const items = (rsp.items ?? []).map((item) => ({ apiVersion: apiVersionOf(info), kind: info.kind, ...item }));
    return { items, resourceVersion: rsp.metadata?.resourceVersion ?? '' };
  }

  /**
   * Create an object. With `reuseOnConflict`, a 409 AlreadyExists returns the existing object
   * (the Python suite's create-or-reuse), and transient failures are retried since a repeated
   * create is then harmless.
   */
  async create<K extends Kind>(kind: K, body: ObjectOf<K>, opts: { reuseOnConflict?: boolean } = {}): Promise<CreateResult<ObjectOf<K>>> {
    const info = RESOURCES[kind];
    const namespace = body.metadata?.namespace;
    const full = { ...body, apiVersion: apiVersionOf(info), kind: info.kind } as ObjectOf<K>;
    try {
      const object = await this.rest.request<ObjectOf<K>>({
        verb: 'create',
        method: 'POST',
        path: collectionPath(info, namespace),
        body: full,
        retry: opts.reuseOnConflict ? 'create-409-ok' : 'never',
      });
      return { object, created: true };
    } catch (error) {
      const name = body.metadata?.name;
      if (opts.reuseOnConflict && isConflict(error) && name) {
        this.log.info(`${kind} ${namespace ? `${namespace}/` : ''}${name} already exists: reusing it`);
        return { object: await this.get(kind, name, namespace), created: false };
      }
      throw error;
    }
  }

  /** JSON merge patch (application/merge-patch+json): idempotent, so retried on transient errors. */
  async mergePatch<K extends Kind>(kind: K, name: string, namespace: string | undefined, patch: unknown): Promise<ObjectOf<K>> {
    return this.rest.request<ObjectOf<K>>({
      verb: 'patch',
      method: 'PATCH',
      path: objectPath(RESOURCES[kind], name, namespace),
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  }

  /** JSON merge patch of the status subresource (e.g. a user canceling a Conversion, as Forklift's CancelConversion does). */
  async mergePatchStatus<K extends Kind>(kind: K, name: string, namespace: string | undefined, patch: unknown): Promise<ObjectOf<K>> {
    return this.rest.request<ObjectOf<K>>({
      verb: 'patch',
      method: 'PATCH',
      path: `${objectPath(RESOURCES[kind], name, namespace)}/status`,
      body: patch,
      contentType: 'application/merge-patch+json',
    });
  }

  /** Delete; 'absent' when it was already gone. Deletion is asynchronous (finalizers): use waitDeleted. */
  async delete(kind: Kind, name: string, namespace?: string, propagationPolicy: Propagation = 'Background'): Promise<'deleted' | 'absent'> {
    try {
      await this.rest.request({
        verb: 'delete',
        method: 'DELETE',
        path: objectPath(RESOURCES[kind], name, namespace),
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
      });
      return 'deleted';
    } catch (error) {
      if (isNotFound(error)) return 'absent';
      throw error;
    }
  }

  close(): void {
    this.rest.close();
  }
}

export { KubeApiError };
