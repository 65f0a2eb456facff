/**
 * VirtualMachine.guest as VMware Tools reports it: tools state, and only while tools run, the guest
 * OS identity, NICs with their IPs (origin manual/dhcp), routes with the default gateway, and DNS.
 */
import type { SimVm } from '../model';
import { arr, data, enumV, type Val } from './values';

export function guest(vm: SimVm): Val {
  const running = vm.toolsRunning === true;
  const toolsStatus = !vm.toolsInstalled ? 'toolsNotInstalled' : running ? 'toolsOk' : 'toolsNotRunning';
  const net = running
    ? vm.guestNics.map((g) =>
        data('GuestNicInfo', {
          network: g.network,
          ipAddress: arr('xsd:string', g.ips.map((i) => i.ipAddress)),
          macAddress: g.mac,
          connected: g.connected,
          deviceConfigId: g.deviceConfigId,
          ipConfig: data('NetIpConfigInfo', {
            ipAddress: arr('NetIpConfigInfoIpAddress', g.ips.map((i) => data('NetIpConfigInfoIpAddress', { ipAddress: i.ipAddress, prefixLength: i.prefixLength, origin: i.origin, state: 'preferred' }))),
          }),
        }),
      )
    : [];
  const routes: Val[] = [];
  if (running) {
    vm.guestNics.forEach((g, i) => {
      if (g.gateway) routes.push(data('NetIpRouteConfigInfoIpRoute', { network: '0.0.0.0', prefixLength: 0, gateway: data('NetIpRouteConfigInfoGateway', { ipAddress: g.gateway, device: String(i) }) }));
    });
    vm.guestNics.forEach((g, i) => {
      for (const ip of g.ips) {
        const octets = ip.ipAddress.split('.').map(Number);
        const mask = ip.prefixLength === 0 ? 0 : (~0 << (32 - ip.prefixLength)) >>> 0;
        const netNum = ((((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) & mask) >>> 0;
        const network = [24, 16, 8, 0].map((s) => (netNum >>> s) & 255).join('.');
        routes.push(data('NetIpRouteConfigInfoIpRoute', { network, prefixLength: ip.prefixLength, gateway: data('NetIpRouteConfigInfoGateway', { device: String(i) }) }));
      }
    });
  }
  const dns = vm.guestNics.find((g) => g.dns && g.dns.length > 0)?.dns ?? [];
  return data('GuestInfo', {
    toolsStatus: enumV('VirtualMachineToolsStatus', toolsStatus),
    toolsVersionStatus: vm.toolsInstalled ? 'guestToolsCurrent' : 'guestToolsNotInstalled',
    toolsVersionStatus2: vm.toolsInstalled ? 'guestToolsCurrent' : 'guestToolsNotInstalled',
    toolsRunningStatus: running ? 'guestToolsRunning' : 'guestToolsNotRunning',
    toolsVersion: vm.toolsInstalled ? '12352' : '0',
    toolsInstallType: vm.toolsInstalled ? (vm.guestFamily === 'windowsGuest' ? 'guestToolsTypeMSI' : 'guestToolsTypeOpenVMTools') : undefined,
    guestId: running ? vm.guestId : undefined,
    guestFamily: running ? vm.guestFamily : undefined,
    guestFullName: running ? vm.guestFullName : undefined,
    hostName: running ? vm.hostName : undefined,
    ipAddress: running ? vm.guestNics[0]?.ips[0]?.ipAddress : undefined,
    net: arr('GuestNicInfo', net),
    ipStack: running
      ? arr('GuestStackInfo', [
          data('GuestStackInfo', {
            dnsConfig: data('NetDnsConfigInfo', { dhcp: false, hostName: vm.hostName, domainName: 'mtv.lab', ipAddress: arr('xsd:string', dns), searchDomain: arr('xsd:string', ['mtv.lab']) }),
            ipRouteConfig: data('NetIpRouteConfigInfo', { ipRoute: arr('NetIpRouteConfigInfoIpRoute', routes) }),
          }),
        ])
      : undefined,
    guestState: running ? 'running' : 'notRunning',
    appHeartbeatStatus: 'appStatusGray',
    guestOperationsReady: running,
    interactiveGuestOperationsReady: false,
    guestStateChangeSupported: running,
  });
}

