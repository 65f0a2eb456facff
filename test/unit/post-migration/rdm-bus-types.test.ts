/**
 * rdm-disk-bus-types (verify_rdm_disk_bus_types): with rdmAsLun every source RDM disk is a SCSI LUN
 * device on the target VM and every other disk a virtio disk; the destination facts carry each
 * volume's device type and bus.
 */
import { checkRdmDiskBusTypes } from '../../../utilities/post-migration/checks/storage';
import { buildDestinationVmFacts } from '../../../utilities/post-migration/destination-facts';
import type { SourceVmFacts } from '../../../utilities/post-migration/facts';
import { destinationPvcs, destinationVm, destinationVmi, sourceVm } from './samples';

type Devices = Array<{ name: string; disk?: { bus: string }; lun?: { bus: string } }>;

const destination = (devices: Devices) =>
  buildDestinationVmFacts(
    destinationVm((vm) => {
      vm.spec.template.spec!.domain.devices.disks = devices as never;
    }),
    destinationVmi(),
    destinationPvcs(),
  );

/** The sample source with its second disk an RDM. */
const withRdm = (): SourceVmFacts => {
  const base = sourceVm();
  return { ...base, disks: base.disks.map((d, i) => (i === 1 ? { ...d, rdm: 'virtual' as const } : d)) };
};

describe('rdm-disk-bus-types', () => {
  it('reads each volume device and bus into the destination facts', () => {
    const facts = destination([
      { name: 'vol-0', disk: { bus: 'virtio' } },
      { name: 'vol-1', lun: { bus: 'scsi' } },
    ]);
    expect(facts.disks.map((d) => d.device)).toEqual([
      { type: 'disk', bus: 'virtio' },
      { type: 'lun', bus: 'scsi' },
    ]);
  });

  it('passes with one SCSI LUN for the RDM and virtio for the VMDK', () => {
    const facts = destination([
      { name: 'vol-0', disk: { bus: 'virtio' } },
      { name: 'vol-1', lun: { bus: 'scsi' } },
    ]);
    expect(checkRdmDiskBusTypes(withRdm(), facts)).toEqual([]);
  });

  it('fails when the RDM came over as a plain disk (no LUN at all)', () => {
    const facts = destination([
      { name: 'vol-0', disk: { bus: 'virtio' } },
      { name: 'vol-1', disk: { bus: 'virtio' } },
    ]);
    expect(checkRdmDiskBusTypes(withRdm(), facts)).toEqual([
      { check: 'rdm-disk-bus-types', subject: 'LUN devices (one per source RDM disk, at least one)', expected: '1', actual: '0' },
    ]);
  });

  it('fails a LUN on another bus and a disk that is not virtio', () => {
    const facts = destination([
      { name: 'vol-0', disk: { bus: 'sata' } },
      { name: 'vol-1', lun: { bus: 'sata' } },
    ]);
    expect(checkRdmDiskBusTypes(withRdm(), facts).map((f) => [f.subject, f.expected, f.actual])).toEqual([
      [expect.stringContaining('disk vol-0'), 'virtio', 'sata'],
      [expect.stringContaining('lun vol-1'), 'scsi', 'sata'],
    ]);
  });

  it('requires at least one LUN even when the source facts show no RDM', () => {
    const facts = destination([
      { name: 'vol-0', disk: { bus: 'virtio' } },
      { name: 'vol-1', disk: { bus: 'virtio' } },
    ]);
    expect(checkRdmDiskBusTypes(sourceVm(), facts)).toHaveLength(1);
  });
});
