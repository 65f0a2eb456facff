/**
 * Address assignment for guests that get their address by DHCP: the pod network hands out
 * addresses from the node's /23 (OVN-Kubernetes host subnets 10.128.0.0/14), a multus network from
 * its own /24. A lease the VMI already reported is kept (lab restart).
 */
import type { DhcpLease, TemplateNic } from './guest-model';

export class DhcpPools {
  private readonly next = new Map<string, number>(); // subnet -> next host number

  lease(nic: TemplateNic, nodeIndex: number, previous: string | undefined): DhcpLease {
    let prefix: number;
    let net: [number, number, number];
    let dns: string[];
    if (nic.podNetwork) {
      net = [10, 128 + Math.floor((2 * nodeIndex) / 256), (2 * nodeIndex) % 256];
      prefix = 23;
      dns = ['172.30.0.10'];
    } else {
      let h = 0;
      for (const ch of nic.multusNetwork ?? nic.name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
      net = [192, 168, 100 + (h % 100)];
      prefix = 24;
      dns = [`${net.join('.')}.1`];
    }
    const key = net.join('.');
    const gateway = `${key}.1`;
    if (previous && previous.startsWith(key + '.')) return { ip: { address: previous, prefix }, gateway, dns };
    const host = this.next.get(key) ?? 10;
    this.next.set(key, host >= 250 ? 10 : host + 1);
    return { ip: { address: `${key}.${host}`, prefix }, gateway, dns };
  }
}
