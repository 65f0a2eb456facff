/** `ip -j link show` parsing: the source guest NIC names detect_guest_nic_names records, matched by MAC. */
import { linkNamesByMac, withGuestNicNames } from '../../../utilities/guest-parsers/ip-link';

const OUTPUT = JSON.stringify([
  { ifindex: 1, ifname: 'lo', link_type: 'loopback', address: '00:00:00:00:00:00' },
  { ifindex: 2, ifname: 'ens192', link_type: 'ether', address: '00:50:56:ab:cd:01' },
  { ifindex: 3, ifname: 'ens224', link_type: 'ether', address: '00:50:56:AB:CD:02' },
  { ifindex: 4, ifname: 'tun0', link_type: 'none' },
]);

const nic = (label: string, mac: string) => ({ label, mac, network: { name: 'VM Network' }, ips: [] });

describe('ip -j link show', () => {
  it('maps MACs (normalized) to interface names, skipping loopback and links without a MAC', () => {
    expect([...linkNamesByMac(OUTPUT)]).toEqual([
      ['00:50:56:ab:cd:01', 'ens192'],
      ['00:50:56:ab:cd:02', 'ens224'],
    ]);
  });

  it('sets guestNicName on the NICs the guest shows and leaves the others without one', () => {
    const out = withGuestNicNames([nic('Network adapter 1', '00-50-56-AB-CD-02'), nic('Network adapter 2', '00:50:56:ab:cd:99')], OUTPUT);
    expect(out[0]?.guestNicName).toBe('ens224');
    expect(out[1]).not.toHaveProperty('guestNicName');
  });

  it('rejects output that is not a JSON array of links, naming the tool', () => {
    expect(() => linkNamesByMac('Device "x" does not exist.')).toThrow(/ip -j link show.*not JSON/);
    expect(() => linkNamesByMac('{}')).toThrow(/expected a JSON array/);
  });
});
