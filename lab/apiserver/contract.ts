/**
 * The in-process contract between the lab's API server (lab/apiserver) and the lab's simulated
 * controllers (lab/controllers, lab/inventory, lab/guests). Controllers are lab internals and may
 * use the store directly; the suite never does — it only speaks HTTP to the API server.
 */

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** One row of the resource table: adding a kind to the lab is adding one of these. */
export interface ResourceType {
  group: string; // '' for core
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  subresources?: Array<'status' | 'portforward' | 'log' | 'exec' | 'token'>;
  /** The verbs discovery lists when not all eight (the access reviews are create-only). */
  verbs?: string[];
  categories?: string[];
  /** Field selector keys beyond metadata.name / metadata.namespace (e.g. pods: spec.nodeName). */
  selectableFields?: string[];
  /** Served from a CustomResourceDefinition on a real cluster: strategic merge patch is refused (415). */
  custom?: boolean;
  /** Columns of kubectl's table output after NAME (AGE is one of them where the kind shows it). */
  printerColumns?: PrinterColumn[];
}

/** One table column, as a CRD's additionalPrinterColumns: a simple JSONPath into the object. */
export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  jsonPath: string; // ".status.phase", ".status.conditions[?(@.type=='Ready')].status"
  priority?: number; // > 0: only with -o wide
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject; // a deep copy; mutating it changes nothing
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * Store semantics mirror kube-apiserver: create assigns uid, creationTimestamp, generation 1 and a
 * resourceVersion from one global counter; generateName gets a 5-char suffix; spec changes bump
 * generation, status writes do not; delete with finalizers only sets deletionTimestamp; removing
 * the last finalizer of a deleting object removes it; ownerReference garbage collection runs in
 * the background. Errors are thrown as ApiError (lab/apiserver/errors.ts) carrying the HTTP code
 * and Kubernetes reason.
 */
export interface Store {
  resourceType(groupOrEmpty: string, plural: string): ResourceType | undefined;
  resourceTypeByKind(apiVersion: string, kind: string): ResourceType | undefined;
  create(rt: ResourceType, obj: KubeObject): KubeObject;
  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined;
  list(rt: ResourceType, namespace?: string, opts?: ListOptions): KubeObject[];
  /** Full replace of spec+metadata (status ignored); 409 Conflict if metadata.resourceVersion is set and stale. */
  update(rt: ResourceType, obj: KubeObject): KubeObject;
  /** Replace status only (spec and metadata ignored); 409 on stale resourceVersion when given. */
  updateStatus(rt: ResourceType, obj: KubeObject): KubeObject;
  /** Read-modify-write helper for controllers: retries on conflict; returns undefined if the object is gone. */
  mutate(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    fn: (obj: KubeObject) => void,
    opts?: { status?: boolean },
  ): KubeObject | undefined;
  /**
   * Returns the object as it now is (with deletionTimestamp while finalizers hold it; the last state
   * once removed), or undefined if there was no such object. Foreground keeps the owner (with the
   * foregroundDeletion finalizer) until its dependents are gone.
   */
  delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    opts?: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' },
  ): KubeObject | undefined;
  subscribe(listener: (event: StoreEvent) => void): () => void;
  currentResourceVersion(): number;
  /** An admission webhook: runs on every create and spec update before validation; may mutate or throw an ApiError. Returns its removal. */
  addAdmission(admit: (rt: ResourceType, obj: KubeObject, old: KubeObject | undefined) => void): () => void;
}
