import type { KubeObject } from '../../../lab/apiserver/contract';
import { LAB_NODES, nodeObject } from '../../../lab/bootstrap/node-objects';
import { cloudInitLogin, guestNics, osInfoFor, prefixToNetmask, templateNics, type DhcpLease } from '../../../lab/kubevirt/guest-model';
import { matchesRequiredAffinity, nodeRejection, scheduleVmi } from '../../../lab/kubevirt/scheduling';
import type { SimGuestNic } from '../../../lab/vsphere/model';

const nodes: KubeObject[] = LAB_NODES.map((n) => nodeObject(n, '2026-01-01T00:00:00Z'));
const [n0, n1, n2] = nodes as [KubeObject, KubeObject, KubeObject];
n1.metadata.labels = { ...n1.metadata.labels, 'mtv-test-node': 'auto-ab12' };
const noLoad = new Map<string, number>();

describe('VMI scheduling', () => {
  it('honours nodeSelector', () => {
    expect(scheduleVmi(nodes, { nodeSelector: { 'mtv-test-node': 'auto-ab12' } }, noLoad)).toEqual({ node: n1.metadata.name });
  });

  it('honours required node affinity (In / NotIn / Exists / matchFields)', () => {
    const affinity = (expr: object) => ({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [expr] } },
    });
    expect(
      scheduleVmi(
        nodes,
        { affinity: affinity({ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-c'] }] }) },
        noLoad,
      ),
    ).toEqual({ node: n2.metadata.name });
    expect(
      scheduleVmi(
        nodes,
        { affinity: affinity({ matchFields: [{ key: 'metadata.name', operator: 'In', values: [n0.metadata.name] }] }) },
        noLoad,
      ),
    ).toEqual({ node: n0.metadata.name });
    expect(matchesRequiredAffinity(n0, affinity({ matchExpressions: [{ key: 'mtv-test-node', operator: 'Exists' }] }).nodeAffinity)).toBe(
      false,
    );
    expect(matchesRequiredAffinity(n1, affinity({ matchExpressions: [{ key: 'mtv-test-node', operator: 'Exists' }] }).nodeAffinity)).toBe(
      true,
    );
    expect(matchesRequiredAffinity(n1, affinity({}).nodeAffinity)).toBe(false); // an empty term matches nothing
  });

  it('ranks by preferred affinity, then by load', () => {
    const load = new Map([[n0.metadata.name ?? '', 3]]);
    expect(scheduleVmi(nodes, {}, load)).toEqual({ node: n1.metadata.name });
    const pref = {
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 50,
            preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['zone-a'] }] },
          },
        ],
      },
    };
    expect(scheduleVmi(nodes, { affinity: pref }, load)).toEqual({ node: n0.metadata.name });
  });

  it('reports why nothing fits', () => {
    const r = scheduleVmi(nodes, { nodeSelector: { missing: 'x' } }, noLoad);
    expect(r).toEqual({
      unschedulable: expect.stringContaining("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector"),
    });
  });

  it('skips tainted nodes unless tolerated', () => {
    const tainted = { ...n0, spec: { taints: [{ key: 'maint', value: 'yes', effect: 'NoSchedule' }] } };
    expect(nodeRejection(tainted, {})).toContain('untolerated taint');
    expect(nodeRejection(tainted, { tolerations: [{ key: 'maint', operator: 'Exists' }] })).toBeUndefined();
  });

  it('fault drop-node-selector lands the VMI on a node that does not match the selector', () => {
    const r = scheduleVmi(nodes, { nodeSelector: { 'mtv-test-node': 'auto-ab12' } }, noLoad, { dropNodeSelector: true });
    expect('node' in r && r.node).not.toBe(n1.metadata.name);
  });
});

describe('guest network', () => {
  const srcNics: SimGuestNic[] = [
    {
      mac: '00:50:56:aa:00:01',
      deviceConfigId: 4000,
      network: 'VM Network',
      connected: true,
      ips: [{ ipAddress: '10.10.0.51', prefixLength: 24, origin: 'manual' }],
      gateway: '10.10.0.1',
      dns: ['10.10.0.2'],
      guestDeviceName: 'Ethernet0',
    },
    {
      mac: '00:50:56:aa:00:02',
      deviceConfigId: 4001,
      network: 'Mgmt',
      connected: true,
      ips: [{ ipAddress: '172.16.5.23', prefixLength: 24, origin: 'dhcp' }],
      guestDeviceName: 'Ethernet1',
    },
  ];
  const spec = {
    domain: {
      devices: {
        interfaces: [
          { name: 'net-0', macAddress: '00:50:56:AA:00:01' },
          { name: 'net-1', macAddress: '00:50:56:aa:00:02' },
        ],
      },
    },
    networks: [
      { name: 'net-0', multus: { networkName: 'ns/br1' } },
      { name: 'net-1', pod: {} },
    ],
  };
  const lease = (_n: unknown, i: number): DhcpLease => ({
    ip: { address: `10.128.0.${10 + i}`, prefix: 23 },
    gateway: '10.128.0.1',
    dns: ['172.30.0.10'],
  });

  it('keeps static IPs, gateway and device names with preserveStaticIPs', () => {
    const nics = guestNics({
      os: 'windows',
      nics: templateNics(spec),
      sourceGuestNics: srcNics,
      preserveStaticIPs: true,
      staticIpLost: false,
      lease,
    });
    expect(nics[0]).toMatchObject({
      network: 'net-0',
      mac: '00:50:56:aa:00:01',
      device: 'Ethernet0',
      ips: [{ address: '10.10.0.51', prefix: 24 }],
      gateway: '10.10.0.1',
      dhcp: false,
      podNetwork: false,
    });
    // a DHCP source NIC gets a new lease either way
    expect(nics[1]).toMatchObject({ device: 'Ethernet1', ips: [{ address: '10.128.0.11', prefix: 23 }], dhcp: true, podNetwork: true });
  });

  it('falls back to DHCP without preserveStaticIPs and under fault static-ip-lost', () => {
    for (const [preserve, lost] of [
      [false, false],
      [true, true],
    ] as const) {
      const nics = guestNics({
        os: 'windows',
        nics: templateNics(spec),
        sourceGuestNics: srcNics,
        preserveStaticIPs: preserve,
        staticIpLost: lost,
        lease,
      });
      expect(nics[0]).toMatchObject({ ips: [{ address: '10.128.0.10', prefix: 23 }], dhcp: true });
    }
  });

  it('derives OS facts and netmasks', () => {
    expect(osInfoFor(undefined).os).toBe('linux');
    expect(prefixToNetmask(23)).toBe('255.255.254.0');
    expect(prefixToNetmask(32)).toBe('255.255.255.255');
    expect(prefixToNetmask(0)).toBe('0.0.0.0');
  });
});

describe('cloud-init login', () => {
  it('reads user and password from a cloud-config (plain or base64), defaulting the RHEL user', () => {
    expect(
      cloudInitLogin([{ cloudInitNoCloud: { userData: '#cloud-config\nuser: rhel\npassword: "123456"\nchpasswd: { expire: False }\n' } }]),
    ).toEqual({ user: 'rhel', password: '123456' });
    expect(
      cloudInitLogin([{ cloudInitConfigDrive: { userDataBase64: Buffer.from('#cloud-config\npassword: s3cret\n').toString('base64') } }]),
    ).toEqual({ user: 'cloud-user', password: 's3cret' });
    expect(cloudInitLogin([{ cloudInitNoCloud: { userData: '#cloud-config\nssh_authorized_keys: []\n' } }])).toBeUndefined();
    expect(cloudInitLogin(undefined)).toBeUndefined();
  });
});
