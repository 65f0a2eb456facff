/** Get-NetAdapter | ConvertTo-Json parsing: the Windows source guest NIC names, matched by MAC. */
import { withNicNames } from '../../../utilities/guest-parsers/ip-link';
import { netAdapterNamesByMac } from '../../../utilities/guest-parsers/net-adapter';

const nic = (label: string, mac: string) => ({ label, mac, network: { name: 'VM Network' }, ips: [] });

describe('Get-NetAdapter JSON', () => {
  it('maps MACs (Windows dashes, any case) to adapter names; skips adapters without a MAC', () => {
    const out = JSON.stringify([
      { Name: 'Ethernet0', MacAddress: '00-50-56-AB-CD-01' },
      { Name: 'Ethernet1', MacAddress: '00-50-56-ab-cd-02' },
      { Name: 'Loopback', MacAddress: '' },
    ]);
    expect([...netAdapterNamesByMac(out)]).toEqual([
      ['00:50:56:ab:cd:01', 'Ethernet0'],
      ['00:50:56:ab:cd:02', 'Ethernet1'],
    ]);
  });

  it('reads the single object ConvertTo-Json prints for one adapter', () => {
    expect([...netAdapterNamesByMac('{"Name":"Ethernet0","MacAddress":"00-50-56-AB-CD-01"}\r\n')]).toEqual([
      ['00:50:56:ab:cd:01', 'Ethernet0'],
    ]);
  });

  it('names the tool when the output is not JSON', () => {
    expect(() => netAdapterNamesByMac("Get-NetAdapter : The term 'Get-NetAdapter' is not recognized")).toThrow(/Get-NetAdapter.*not JSON/);
  });

  it('gives each source NIC the name of the adapter with its MAC, none when the guest does not show it', () => {
    const names = netAdapterNamesByMac('[{"Name":"Ethernet0","MacAddress":"00-50-56-AB-CD-01"}]');
    expect(withNicNames([nic('Network adapter 1', '00:50:56:ab:cd:01'), nic('Network adapter 2', '00:50:56:ab:cd:09')], names)).toEqual([
      { ...nic('Network adapter 1', '00:50:56:ab:cd:01'), guestNicName: 'Ethernet0' },
      nic('Network adapter 2', '00:50:56:ab:cd:09'),
    ]);
  });
});
