/**
 * NetworkMap and StorageMap reconciliation (pkg/controller/map): provider pair, source refs
 * resolved against the source inventory (by id or name; not found is only a Warn, ambiguous is
 * Critical), destination NADs (multus) and StorageClasses checked on the cluster, resolved refs in
 * status.references, Ready when there is no blocker.
 */
import type { KubeObject } from '../apiserver/contract';
import type { InventoryService, FindResult } from '../inventory/service';
import { ConditionStage, refItem, type Condition } from './conditions';
import type { Kinds } from './kinds';
import { validateProviderPair } from './provider-pair';
import { destinationStorageInvalidated } from './map-faults';
import type { LabFaults } from '../faults-catalog';

interface SourceRef {
  id?: string;
  name?: string;
  namespace?: string;
  type?: string;
}

interface MapEntry {
  source?: SourceRef;
  destination?: { type?: string; name?: string; namespace?: string; storageClass?: string };
}

interface MapSpec {
  provider?: { source?: { name?: string; namespace?: string }; destination?: { name?: string; namespace?: string } };
  map?: MapEntry[];
}

type MapKind = 'networkMap' | 'storageMap';

interface SourceCheck {
  references: SourceRef[];
  notSet: string[];
  notFound: string[];
  ambiguous: string[];
}

/** One resolved ref: an unchecked source type keeps the ref as given; a found one is listed once. */
function addResolved(out: SourceCheck, ref: SourceRef, r: FindResult<{ id: string; name: string }> | undefined): void {
  if (!r) out.references.push(ref);
  else if ('notFound' in r) out.notFound.push(refItem(ref));
  else if ('ambiguous' in r) out.ambiguous.push(refItem(ref));
  else if (!out.references.some((x) => x.id === r.found.id)) out.references.push({ id: r.found.id, name: r.found.name });
}

function setSourceConditions(stage: ConditionStage, word: 'network' | 'storage', c: SourceCheck): void {
  const type = `Source${word === 'network' ? 'Network' : 'Storage'}NotValid`;
  if (c.notSet.length)
    stage.set({
      type,
      category: 'Critical',
      reason: 'NotSet',
      message: `Source ${word}: either \`ID\` or \`Name\` required.`,
      items: c.notSet,
    });
  if (c.notFound.length) stage.set({ type, category: 'Warn', reason: 'NotFound', message: `Source ${word} not found.`, items: c.notFound });
  if (c.ambiguous.length)
    stage.set({ type, category: 'Critical', reason: 'Ambiguous', message: `Source ${word} has ambiguous ref.`, items: c.ambiguous });
}

export class MapController {
  constructor(
    private readonly kinds: Kinds,
    private readonly inventory: InventoryService,
    private readonly faults?: LabFaults,
  ) {}

  private resolve(kind: MapKind, source: KubeObject, ref: SourceRef): FindResult<{ id: string; name: string }> | undefined {
    const uid = source.metadata.uid ?? '';
    const type = (source.spec as { type?: string } | undefined)?.type;
    if (type === 'vsphere') return kind === 'networkMap' ? this.inventory.findNetwork(uid, ref) : this.inventory.findDatastore(uid, ref);
    if (type === 'ovirt') return this.inventory.findOvirt(uid, kind === 'networkMap' ? 'networks' : 'storagedomains', ref);
    if (type === 'openstack') {
      // Image-backed disks are mapped with the special storage source {name: "glance"}.
      if (kind === 'storageMap' && !ref.id && ref.name === 'glance') return { found: { id: 'glance', name: 'glance' } };
      return this.inventory.findOpenStack(uid, kind === 'networkMap' ? 'networks' : 'volumetypes', ref);
    }
    if (type === 'ova') return this.inventory.findOva(uid, kind === 'networkMap' ? 'networks' : 'storages', ref);
    return undefined; // other source types: the lab has no inventory to check against
  }

  reconcile(kind: MapKind, namespace: string, name: string): number | undefined {
    const mp = this.kinds.get(kind, namespace, name);
    if (!mp || mp.metadata.deletionTimestamp) return undefined;
    const spec = (mp.spec ?? {}) as MapSpec;
    const prev = (mp.status ?? {}) as { conditions?: Condition[] };
    const stage = new ConditionStage(prev.conditions ?? []);
    const pair = validateProviderPair(this.kinds, stage, spec.provider);
    const word = kind === 'networkMap' ? 'network' : 'storage';
    const sources = this.checkSources(kind, pair.source, spec.map ?? []);
    setSourceConditions(stage, word, sources);
    if (pair.destination) {
      if (kind === 'networkMap') this.validateNads(stage, spec.map ?? []);
      else this.validateStorageClasses(stage, spec.map ?? []);
    }
    if (!stage.hasBlocker()) stage.set({ type: 'Ready', category: 'Required', message: `The ${word} map is ready.` });
    const status = { conditions: stage.commit(), observedGeneration: mp.metadata.generation ?? 1, references: sources.references };
    this.kinds.writeStatus(kind, mp, status);
    return undefined;
  }

  /** Each entry's source ref against the source inventory, once it is loaded. */
  private checkSources(kind: MapKind, source: KubeObject | undefined, entries: MapEntry[]): SourceCheck {
    const out: SourceCheck = { references: [], notSet: [], notFound: [], ambiguous: [] };
    const sourceLoaded = source && this.inventory.collector(source.metadata.uid ?? '')?.loaded;
    for (const entry of entries) {
      const ref = entry.source ?? {};
      if (kind === 'networkMap' && ref.type === 'pod') continue;
      if (!ref.id && !ref.name) out.notSet.push(refItem(ref));
      else if (source && sourceLoaded) addResolved(out, ref, this.resolve(kind, source, ref));
    }
    return out;
  }

  private validateNads(stage: ConditionStage, entries: MapEntry[]): void {
    const notFound: string[] = [];
    const ambiguous: string[] = [];
    for (const e of entries) {
      const d = e.destination ?? {};
      if (d.type !== 'multus') continue;
      const id = [d.namespace, d.name].filter(Boolean).join('/');
      if (!d.namespace) ambiguous.push(id);
      else if (!d.name || !this.kinds.get('nad', d.namespace, d.name)) notFound.push(id);
    }
    if (notFound.length)
      stage.set({
        type: 'DestinationNetworkNotValid',
        category: 'Critical',
        reason: 'NotFound',
        message: 'Destination network (NAD) not found.',
        items: notFound,
      });
    if (ambiguous.length)
      stage.set({
        type: 'DestinationNetworkNotValid',
        category: 'Critical',
        reason: 'Ambiguous',
        message: 'Destination network (NAD) namespace required.',
        items: ambiguous,
      });
  }

  private validateStorageClasses(stage: ConditionStage, entries: MapEntry[]): void {
    const notFound: string[] = [];
    for (const e of entries) {
      const sc = e.destination?.storageClass ?? '';
      if (!sc || !this.kinds.get('storageClass', undefined, sc) || destinationStorageInvalidated(this.faults)) notFound.push(sc);
    }
    if (notFound.length)
      stage.set({
        type: 'DestinationStorageNotValid',
        category: 'Critical',
        reason: 'NotFound',
        message: 'Destination storage not valid.',
        items: notFound,
      });
  }
}
