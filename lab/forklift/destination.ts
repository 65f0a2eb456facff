/**
 * The destination cluster of a plan (Forklift's destination Provider): the lab's own cluster for
 * an OpenShift provider without a url (the host cluster), else the cluster at the provider's url,
 * acted on with the token of the provider's Secret. On a remote cluster every read and write goes
 * through that cluster's RBAC for the token's owner (as Forklift's client does over HTTPS), and
 * the guest conversion pod must be admitted by an SCC (forklift-controller-scc) the token's owner
 * or the pod's ServiceAccount (default in the target namespace) may use.
 */
import type { Identity } from '../apiserver/auth';
import type { RbacAuthorizer } from '../apiserver/authz/authorizer';
import { forbidden } from '../apiserver/authz/attributes';
import { mayUseScc, SCC_GROUP } from '../apiserver/authz/scc';
import { serviceAccountIdentity } from '../apiserver/authz/service-account-tokens';
import type { KubeObject, ListOptions, ResourceType, Store, StoreEvent } from '../apiserver/contract';
import type { LabFaults } from '../faults-catalog';
import type { RemoteCluster } from '../remote/cluster';
import { Kinds, secretData } from './kinds';

/** The SCC the guest conversion pod needs (Forklift's operator installs it). */
export const CONVERSION_POD_SCC = 'forklift-controller-scc';

export interface Destination {
  kinds: Kinds;
  /** The remote cluster's URL, or undefined for the host cluster. */
  remoteUrl?: string;
  /** Why a pod of the migration in `namespace` would not be admitted (SCC), or undefined. */
  podAdmissionError(namespace: string, pod: string): string | undefined;
}

/** Store access as one identity: every call is authorized by the remote cluster's RBAC first. */
class AuthorizedStore implements Store {
  constructor(
    private readonly inner: Store,
    private readonly who: Identity,
    private readonly authorizer: RbacAuthorizer,
  ) {}

  private check(verb: string, rt: ResourceType, namespace: string | undefined, name?: string): void {
    const req = {
      kind: 'resource' as const,
      verb,
      group: rt.group,
      resource: rt.plural,
      ...(namespace ? { namespace } : {}),
      ...(name ? { name } : {}),
    };
    if (!this.authorizer.authorize(this.who, req).allowed) throw forbidden(this.who.name, req);
  }

  resourceType(group: string, plural: string): ResourceType | undefined {
    return this.inner.resourceType(group, plural);
  }
  resourceTypeByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.inner.resourceTypeByKind(apiVersion, kind);
  }
  create(rt: ResourceType, obj: KubeObject): KubeObject {
    this.check('create', rt, obj.metadata.namespace);
    return this.inner.create(rt, obj);
  }
  get(rt: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    this.check('get', rt, namespace, name);
    return this.inner.get(rt, namespace, name);
  }
  list(rt: ResourceType, namespace?: string, opts?: ListOptions): KubeObject[] {
    this.check('list', rt, namespace);
    return this.inner.list(rt, namespace, opts);
  }
  update(rt: ResourceType, obj: KubeObject): KubeObject {
    this.check('update', rt, obj.metadata.namespace, obj.metadata.name);
    return this.inner.update(rt, obj);
  }
  updateStatus(rt: ResourceType, obj: KubeObject): KubeObject {
    this.check('update', rt, obj.metadata.namespace, obj.metadata.name);
    return this.inner.updateStatus(rt, obj);
  }
  mutate(rt: ResourceType, namespace: string | undefined, name: string, fn: (obj: KubeObject) => void, opts?: { status?: boolean }) {
    this.check('patch', rt, namespace, name);
    return this.inner.mutate(rt, namespace, name, fn, opts);
  }
  delete(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    opts?: { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' },
  ) {
    this.check('delete', rt, namespace, name);
    return this.inner.delete(rt, namespace, name, opts);
  }
  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.inner.subscribe(listener); // a watch: the reads above already needed list
  }
  currentResourceVersion(): number {
    return this.inner.currentResourceVersion();
  }
  addAdmission(): () => void {
    throw new Error('forklift-controller: admission webhooks are not registered through a destination client');
  }
}

/** The destination of a plan whose destination provider is `provider` (undefined: not found). */
export function destinationFor(
  local: Kinds,
  provider: KubeObject | undefined,
  remotes: readonly RemoteCluster[],
  faults: LabFaults,
): Destination | string {
  const url = ((provider?.spec ?? {}) as { url?: string }).url ?? '';
  const host: Destination = { kinds: local, podAdmissionError: () => undefined };
  // remote-destination-ignored: the lab migrates into its own cluster whatever the provider says.
  if (!url || faults.isOn('remote-destination-ignored')) return host;
  const remote = remotes.find((r) => r.url.replace(/\/+$/, '') === url.replace(/\/+$/, ''));
  if (!remote) return `the destination provider's cluster ${url} is not reachable from the lab (the lab knows its remote cluster only)`;
  const ref = (provider?.spec as { secret?: { name?: string; namespace?: string } } | undefined)?.secret;
  const token = secretData(local.get('secret', ref?.namespace, ref?.name ?? '')).token ?? '';
  const who = remote.identify(token);
  if (!who) return `the destination provider's token is not valid on ${url} (401 Unauthorized)`;
  // remote-rbac-ignored: the lab acts on the remote cluster as its admin, whatever the token may do.
  const enforce = !faults.isOn('remote-rbac-ignored');
  const store = enforce ? new AuthorizedStore(remote.store, who, remote.authorizer) : remote.store;
  return {
    kinds: new Kinds(store),
    remoteUrl: url,
    podAdmissionError: (namespace, pod) => (enforce ? sccError(remote, who, namespace, pod) : undefined),
  };
}

/** OpenShift's SCC admission for the conversion pod: the requester or the pod's ServiceAccount must be allowed to use the SCC. */
function sccError(remote: RemoteCluster, who: Identity, namespace: string, pod: string): string | undefined {
  const rt = remote.store.resourceType(SCC_GROUP, 'securitycontextconstraints');
  const scc = rt ? remote.store.get(rt, undefined, CONVERSION_POD_SCC) : undefined;
  const podSa = serviceAccountIdentity(namespace, 'default');
  if (scc && (mayUseScc(remote.authorizer, who, namespace, scc) || mayUseScc(remote.authorizer, podSa, namespace, scc))) return undefined;
  return `pods "${pod}" is forbidden: unable to validate against any security context constraint: provider "${CONVERSION_POD_SCC}": Forbidden: not usable by user or serviceaccount`;
}
