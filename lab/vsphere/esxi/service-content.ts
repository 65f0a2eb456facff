/**
 * ServiceInstance.content as an ESXi host (hostd) answers RetrieveServiceContent: about.apiType
 * "HostAgent", productLineId "embeddedEsx", the `ha-*` manager MoRefs a host has, and none of the
 * vCenter-only managers (scheduled tasks, alarms, extensions, customization specs, IP pools, host
 * and cluster profiles, ...). MoRef values and the set of managers follow govmomi's
 * simulator/esx/service_content.go, which was recorded from a real ESXi host.
 */
import type { VSphereModelSnapshot } from '../model';
import { data, mo, type DataV } from '../soap/values';
import { ESXI_IDS } from './host-snapshot';

/** ServiceContent fields of a host, in WSDL order: [field, managed object type, MoRef value]. */
export const ESXI_MANAGERS: Array<[string, string, string]> = [
  ['setting', 'OptionManager', 'HostAgentSettings'],
  ['userDirectory', 'UserDirectory', 'ha-user-directory'],
  ['sessionManager', 'SessionManager', 'ha-sessionmgr'],
  ['authorizationManager', 'AuthorizationManager', 'ha-authmgr'],
  ['serviceManager', 'ServiceManager', 'ha-servicemanager'],
  ['perfManager', 'PerformanceManager', 'ha-perfmgr'],
  ['eventManager', 'EventManager', 'ha-eventmgr'],
  ['taskManager', 'TaskManager', 'ha-taskmgr'],
  ['accountManager', 'HostLocalAccountManager', 'ha-localacctmgr'],
  ['diagnosticManager', 'DiagnosticManager', 'ha-diagnosticmgr'],
  ['licenseManager', 'LicenseManager', 'ha-license-manager'],
  ['searchIndex', 'SearchIndex', 'ha-searchindex'],
  ['fileManager', 'FileManager', 'ha-nfc-file-manager'],
  ['datastoreNamespaceManager', 'DatastoreNamespaceManager', 'ha-datastore-namespace-manager'],
  ['virtualDiskManager', 'VirtualDiskManager', 'ha-vdiskmanager'],
  ['ovfManager', 'OvfManager', 'ha-ovf-manager'],
  ['dvSwitchManager', 'DistributedVirtualSwitchManager', 'ha-dvsmanager'],
  ['localizationManager', 'LocalizationManager', 'ha-l10n-manager'],
  ['storageResourceManager', 'StorageResourceManager', 'ha-storage-resource-manager'],
  ['guestOperationsManager', 'GuestOperationsManager', 'ha-guest-operations-manager'],
  ['vStorageObjectManager', 'HostVStorageObjectManager', 'ha-vstorage-object-manager'],
  ['cryptoManager', 'CryptoManager', 'ha-crypto-manager'],
];

export const ESXI_PROPERTY_COLLECTOR = 'ha-property-collector';
export const ESXI_SESSION_MANAGER = 'ha-sessionmgr';

/** `snap` is the host's own view (./host-snapshot.ts): its about carries the host's version. */
export function esxiServiceContent(snap: VSphereModelSnapshot): DataV {
  const about = snap.about;
  return data('ServiceContent', {
    rootFolder: mo('Folder', ESXI_IDS.rootFolder),
    propertyCollector: mo('PropertyCollector', ESXI_PROPERTY_COLLECTOR),
    viewManager: mo('ViewManager', 'ViewManager'),
    about: data('AboutInfo', {
      name: 'VMware ESXi',
      fullName: about.fullName,
      vendor: 'VMware, Inc.',
      version: about.version,
      build: about.fullName.replace(/^.*build-/, ''),
      localeVersion: 'INTL',
      localeBuild: '000',
      osType: 'vmnix-x86',
      productLineId: 'embeddedEsx',
      apiType: 'HostAgent',
      apiVersion: about.apiVersion,
      licenseProductName: 'VMware ESX Server',
      licenseProductVersion: about.version.split('.')[0] ?? '',
    }),
    ...Object.fromEntries(ESXI_MANAGERS.map(([field, type, value]) => [field, mo(type, value)])),
  });
}
