/**
 * VirtualMachine.guest as VMware Tools reports it: tools state, and only while tools run, the guest
 * OS identity, NICs with their IPs (origin manual/dhcp), routes with the default gateway, and DNS.
 */
import type { SimGuestIp, SimGuestNic, SimVm } from '../model';
import { arr, data, enumV, type Val } from './values';

function nicInfo(g: SimGuestNic): Val {
  return data('GuestNicInfo', {
    network: g.network,
    ipAddress: arr(
      'xsd:string',
      g.ips.map((i) => i.ipAddress),
    ),
    macAddress: g.mac,
    connected: g.connected,
    deviceConfigId: g.deviceConfigId,
    ipConfig: data('NetIpConfigInfo', {
      ipAddress: arr(
        'NetIpConfigInfoIpAddress',
        g.ips.map((i) =>
          data('NetIpConfigInfoIpAddress', { ipAddress: i.ipAddress, prefixLength: i.prefixLength, origin: i.origin, state: 'preferred' }),
        ),
      ),
    }),
  });
}

/** The dotted network address of an IPv4 address under its prefix length. */
function networkOf(ip: SimGuestIp): string {
  const octets = ip.ipAddress.split('.').map(Number);
  const mask = ip.prefixLength === 0 ? 0 : (~0 << (32 - ip.prefixLength)) >>> 0;
  const netNum = ((((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) & mask) >>> 0;
  return [24, 16, 8, 0].map((s) => (netNum >>> s) & 255).join('.');
}

/** Default routes (one per NIC with a gateway) first, then each NIC's connected subnets. */
function routes(vm: SimVm): Val[] {
  const out: Val[] = [];
  vm.guestNics.forEach((g, i) => {
    if (g.gateway)
      out.push(
        data('NetIpRouteConfigInfoIpRoute', {
          network: '0.0.0.0',
          prefixLength: 0,
          gateway: data('NetIpRouteConfigInfoGateway', { ipAddress: g.gateway, device: String(i) }),
        }),
      );
  });
  vm.guestNics.forEach((g, i) => {
    for (const ip of g.ips) {
      out.push(
        data('NetIpRouteConfigInfoIpRoute', {
          network: networkOf(ip),
          prefixLength: ip.prefixLength,
          gateway: data('NetIpRouteConfigInfoGateway', { device: String(i) }),
        }),
      );
    }
  });
  return out;
}

function ipStack(vm: SimVm): Val {
  const dns = vm.guestNics.find((g) => g.dns && g.dns.length > 0)?.dns ?? [];
  return arr('GuestStackInfo', [
    data('GuestStackInfo', {
      dnsConfig: data('NetDnsConfigInfo', {
        dhcp: false,
        hostName: vm.hostName,
        domainName: 'mtv.lab',
        ipAddress: arr('xsd:string', dns),
        searchDomain: arr('xsd:string', ['mtv.lab']),
      }),
      ipRouteConfig: data('NetIpRouteConfigInfo', { ipRoute: arr('NetIpRouteConfigInfoIpRoute', routes(vm)) }),
    }),
  ]);
}

function toolsFields(vm: SimVm, running: boolean): Record<string, Val> {
  const installed = vm.toolsInstalled;
  const toolsStatus = !installed ? 'toolsNotInstalled' : running ? 'toolsOk' : 'toolsNotRunning';
  const versionStatus = installed ? 'guestToolsCurrent' : 'guestToolsNotInstalled';
  return {
    toolsStatus: enumV('VirtualMachineToolsStatus', toolsStatus),
    toolsVersionStatus: versionStatus,
    toolsVersionStatus2: versionStatus,
    toolsRunningStatus: running ? 'guestToolsRunning' : 'guestToolsNotRunning',
    toolsVersion: installed ? '12352' : '0',
    toolsInstallType: installed ? (vm.guestFamily === 'windowsGuest' ? 'guestToolsTypeMSI' : 'guestToolsTypeOpenVMTools') : undefined,
  };
}

/** The guest OS identity, known only while tools run (the keys stay, unset, otherwise). */
function osFields(vm: SimVm, running: boolean): Record<string, Val> {
  if (!running) return { guestId: undefined, guestFamily: undefined, guestFullName: undefined, hostName: undefined, ipAddress: undefined };
  return {
    guestId: vm.guestId,
    guestFamily: vm.guestFamily,
    guestFullName: vm.guestFullName,
    hostName: vm.hostName,
    ipAddress: vm.guestNics[0]?.ips[0]?.ipAddress,
  };
}

export function guest(vm: SimVm): Val {
  const running = vm.toolsRunning === true;
  return data('GuestInfo', {
    ...toolsFields(vm, running),
    ...osFields(vm, running),
    net: arr('GuestNicInfo', running ? vm.guestNics.map(nicInfo) : []),
    ipStack: running ? ipStack(vm) : undefined,
    guestState: running ? 'running' : 'notRunning',
    appHeartbeatStatus: 'appStatusGray',
    guestOperationsReady: running,
    interactiveGuestOperationsReady: false,
    guestStateChangeSupported: running,
  });
}
