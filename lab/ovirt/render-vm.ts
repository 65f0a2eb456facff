/** VMs, templates and what hangs off them (disk attachments, disks, NICs, snapshots) in the API v4 shapes. */
import type { Disk, DiskAttachment, Nic, Snapshot, Template, Vm } from './model-types';
import { API_PREFIX, leaf, link, list, node, ref, type XNode } from './xml';

const VM_ACTIONS = [
  'cancelmigration',
  'clone',
  'commitsnapshot',
  'detach',
  'export',
  'migrate',
  'previewsnapshot',
  'reboot',
  'shutdown',
  'start',
  'stop',
  'suspend',
  'thawfilesystems',
  'undosnapshot',
];
const VM_LINKS = [
  'affinitylabels',
  'applications',
  'cdroms',
  'diskattachments',
  'graphicsconsoles',
  'hostdevices',
  'katelloerrata',
  'mediateddevices',
  'nics',
  'numanodes',
  'permissions',
  'reporteddevices',
  'sessions',
  'snapshots',
  'statistics',
  'tags',
  'watchdogs',
];
const TEMPLATE_LINKS = ['cdroms', 'diskattachments', 'graphicsconsoles', 'nics', 'permissions', 'tags', 'watchdogs'];

const actions = (base: string, names: string[]): XNode =>
  list(
    'actions',
    names.map((a) => link(a, `${base}/${a}`)),
  );
const links = (base: string, rels: string[]): XNode[] => rels.map((r) => link(r, `${base}/${r}`));
const entity = (tag: string, href: string, id: string): Record<string, string> => ({ href, id });

/** The parts a VM and a template share: CPU, memory, OS, BIOS, display, cluster. */
function guestFacts(g: Vm | Template): XNode[] {
  return [
    node('bios', [node('boot_menu', leaf('enabled', false)), ...leaf('type', g.bios)]),
    node('cpu', [
      ...leaf('architecture', 'x86_64'),
      node('topology', [
        ...leaf('cores', g.topology.cores),
        ...leaf('sockets', g.topology.sockets),
        ...leaf('threads', g.topology.threads),
      ]),
    ]),
    ...leaf('creation_time', g.creationTime),
    node('display', [
      ...leaf('allow_override', false),
      ...leaf('copy_paste_enabled', true),
      ...leaf('disconnect_action', 'LOCK_SCREEN'),
      ...leaf('file_transfer_enabled', true),
      ...leaf('monitors', 1),
      ...leaf('single_qxl_pci', false),
      ...leaf('smartcard_enabled', false),
      ...leaf('type', 'vnc'),
    ]),
    node('high_availability', [...leaf('enabled', false), ...leaf('priority', 0)]),
    ...leaf('memory', g.memoryBytes),
    node('os', [node('boot', [list('devices', leaf('device', 'hd'))]), ...leaf('type', g.osType)]),
    ...leaf('stateless', false),
    ...leaf('type', 'server'),
    ...ref('cluster', 'clusters', g.clusterId),
  ];
}

export function vmNode(vm: Vm): XNode {
  const base = `${API_PREFIX}/vms/${vm.id}`;
  return node(
    'vm',
    [
      actions(base, VM_ACTIONS),
      ...leaf('name', vm.name),
      ...leaf('description', vm.description),
      ...links(base, VM_LINKS),
      ...guestFacts(vm),
      node('memory_policy', [...leaf('guaranteed', vm.guaranteedMemoryBytes), ...leaf('max', vm.memoryBytes * 4)]),
      ...leaf('origin', 'ovirt'),
      ...leaf('start_time', vm.startTime),
      ...leaf('status', vm.status),
      ...leaf('stop_time', vm.stopTime),
      ...ref('host', 'hosts', vm.hostId),
      ...ref('original_template', 'templates', vm.originalTemplateId),
      ...ref('template', 'templates', vm.templateId),
    ],
    entity('vm', base, vm.id),
  );
}

export function templateNode(t: Template): XNode {
  const base = `${API_PREFIX}/templates/${t.id}`;
  return node(
    'template',
    [
      actions(base, ['export']),
      ...leaf('name', t.name),
      ...leaf('description', t.description),
      ...links(base, TEMPLATE_LINKS),
      ...guestFacts(t),
      ...leaf('status', t.status),
      node('version', [
        ...ref('base_template', 'templates', t.id),
        ...leaf('version_name', 'base version'),
        ...leaf('version_number', t.versionNumber),
      ]),
    ],
    entity('template', base, t.id),
  );
}

/** `owner` is `vms/<id>` or `templates/<id>`: attachments live under their VM or template. */
export function diskAttachmentNode(owner: string, a: DiskAttachment): XNode {
  const [kind, ownerId] = owner.split('/') as [string, string];
  return node(
    'disk_attachment',
    [
      ...leaf('active', a.active),
      ...leaf('bootable', a.bootable),
      ...leaf('interface', a.iface),
      ...leaf('pass_discard', false),
      ...leaf('read_only', false),
      ...leaf('uses_scsi_reservation', false),
      ...ref('disk', 'disks', a.diskId),
      ...ref(kind === 'vms' ? 'vm' : 'template', kind, ownerId),
    ],
    entity('disk_attachment', `${API_PREFIX}/${owner}/diskattachments/${a.diskId}`, a.diskId),
  );
}

export function diskNode(d: Disk): XNode {
  const base = `${API_PREFIX}/disks/${d.id}`;
  return node(
    'disk',
    [
      actions(base, ['copy', 'export', 'move', 'reduce', 'refreshlun', 'sparsify']),
      ...leaf('name', d.alias),
      ...leaf('description', ''),
      ...links(base, ['disksnapshots', 'permissions', 'statistics']),
      ...leaf('actual_size', d.actualBytes),
      ...leaf('alias', d.alias),
      ...leaf('backup', 'none'),
      ...leaf('content_type', 'data'),
      ...leaf('format', d.format),
      ...leaf('image_id', d.imageId),
      ...leaf('propagate_errors', false),
      ...leaf('provisioned_size', d.provisionedBytes),
      ...(d.format === 'cow' ? leaf('qcow_version', 'qcow2_v3') : []),
      ...leaf('shareable', d.shareable),
      ...leaf('sparse', d.sparse),
      ...leaf('status', d.status),
      ...leaf('storage_type', 'image'),
      ...leaf('total_size', d.actualBytes),
      ...leaf('wipe_after_delete', false),
      list('storage_domains', ref('storage_domain', 'storagedomains', d.storageDomainId)),
    ],
    entity('disk', base, d.id),
  );
}

export function nicNode(owner: string, n: Nic): XNode {
  const base = `${API_PREFIX}/${owner}/nics/${n.id}`;
  const [kind, ownerId] = owner.split('/') as [string, string];
  return node(
    'nic',
    [
      ...leaf('name', n.name),
      ...links(base, ['networkfilterparameters', 'reporteddevices', 'statistics']),
      ...leaf('interface', n.iface),
      ...leaf('linked', true),
      node('mac', leaf('address', n.mac)),
      ...leaf('plugged', n.plugged),
      ...leaf('synced', true),
      ...ref('vnic_profile', 'vnicprofiles', n.vnicProfileId),
      ...ref(kind === 'vms' ? 'vm' : 'template', kind, ownerId),
    ],
    entity('nic', base, n.id),
  );
}

export function snapshotNode(vmId: string, s: Snapshot): XNode {
  const base = `${API_PREFIX}/vms/${vmId}/snapshots/${s.id}`;
  return node(
    'snapshot',
    [
      actions(base, ['restore']),
      ...leaf('description', s.description),
      ...links(base, ['disks', 'nics']),
      ...leaf('date', s.date),
      ...leaf('persist_memorystate', false),
      ...leaf('snapshot_status', s.status),
      ...leaf('snapshot_type', s.type),
      ...ref('vm', 'vms', vmId),
    ],
    entity('snapshot', base, s.id),
  );
}
