export type { GuestInterface, GuestIpv4 } from './types';
export { normalizeMac, toPrefixLength, isIpv4 } from './net-format';
export { parseNmcliDeviceShow } from './nmcli';
export { parseIpconfigAll } from './ipconfig';
export { parseIpJsonAddr } from './ip-addr';
export { parseLsblkJson, flattenLsblk, type LsblkDevice } from './lsblk';
export { parseXfsInfo, type XfsInfo } from './xfs-info';
