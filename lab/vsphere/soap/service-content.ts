/**
 * ServiceInstance.content as vCenter answers RetrieveServiceContent: the root folder, the about
 * info, and the MoRef of every manager a vCenter has (with vCenter's own MoRef values, which
 * govmomi's simulator also uses). The lab implements the property collector, views, sessions and
 * the search index; the other managers exist so that clients that read ServiceContent (pyVmomi's
 * SmartConnect among them) see a complete vCenter, and calls to them answer MethodNotFound.
 */
import type { VSphereModelSnapshot } from '../model';
import { rootFolder } from './navigation';
import { data, mo, type DataV } from './values';

/** ServiceContent fields in WSDL order: [field, managed object type, MoRef value]. */
const MANAGERS: Array<[string, string, string]> = [
  ['setting', 'OptionManager', 'VpxSettings'],
  ['userDirectory', 'UserDirectory', 'UserDirectory'],
  ['sessionManager', 'SessionManager', 'SessionManager'],
  ['authorizationManager', 'AuthorizationManager', 'AuthorizationManager'],
  ['serviceManager', 'ServiceManager', 'ServiceMgr'],
  ['perfManager', 'PerformanceManager', 'PerfMgr'],
  ['scheduledTaskManager', 'ScheduledTaskManager', 'ScheduledTaskManager'],
  ['alarmManager', 'AlarmManager', 'AlarmManager'],
  ['eventManager', 'EventManager', 'EventManager'],
  ['taskManager', 'TaskManager', 'TaskManager'],
  ['extensionManager', 'ExtensionManager', 'ExtensionManager'],
  ['customizationSpecManager', 'CustomizationSpecManager', 'CustomizationSpecManager'],
  ['customFieldsManager', 'CustomFieldsManager', 'CustomFieldsManager'],
  ['diagnosticManager', 'DiagnosticManager', 'DiagMgr'],
  ['licenseManager', 'LicenseManager', 'LicenseManager'],
  ['searchIndex', 'SearchIndex', 'SearchIndex'],
  ['fileManager', 'FileManager', 'FileManager'],
  ['datastoreNamespaceManager', 'DatastoreNamespaceManager', 'DatastoreNamespaceManager'],
  ['virtualDiskManager', 'VirtualDiskManager', 'virtualDiskManager'],
  ['snmpSystem', 'HostSnmpSystem', 'SnmpSystem'],
  ['vmProvisioningChecker', 'VirtualMachineProvisioningChecker', 'ProvChecker'],
  ['vmCompatibilityChecker', 'VirtualMachineCompatibilityChecker', 'CompatChecker'],
  ['ovfManager', 'OvfManager', 'OvfManager'],
  ['ipPoolManager', 'IpPoolManager', 'IpPoolManager'],
  ['dvSwitchManager', 'DistributedVirtualSwitchManager', 'DVSManager'],
  ['hostProfileManager', 'HostProfileManager', 'HostProfileManager'],
  ['clusterProfileManager', 'ClusterProfileManager', 'ClusterProfileManager'],
  ['complianceManager', 'ProfileComplianceManager', 'MoComplianceManager'],
  ['localizationManager', 'LocalizationManager', 'LocalizationManager'],
  ['storageResourceManager', 'StorageResourceManager', 'StorageResourceManager'],
  ['guestOperationsManager', 'GuestOperationsManager', 'guestOperationsManager'],
  ['overheadMemoryManager', 'OverheadMemoryManager', 'OverheadMemoryManager'],
  ['certificateManager', 'CertificateManager', 'certificateManager'],
  ['ioFilterManager', 'IoFilterManager', 'IoFilterManager'],
  ['vStorageObjectManager', 'VcenterVStorageObjectManager', 'VStorageObjectManager'],
  ['hostSpecManager', 'HostSpecificationManager', 'HostSpecificationManager'],
  ['cryptoManager', 'CryptoManagerKmip', 'CryptoManager'],
  ['healthUpdateManager', 'HealthUpdateManager', 'HealthUpdateManager'],
  ['failoverClusterConfigurator', 'FailoverClusterConfigurator', 'FailoverClusterConfigurator'],
  ['failoverClusterManager', 'FailoverClusterManager', 'FailoverClusterManager'],
];

export function serviceContent(snap: VSphereModelSnapshot): DataV {
  const about = snap.about;
  return data('ServiceContent', {
    rootFolder: rootFolder(snap),
    propertyCollector: mo('PropertyCollector', 'propertyCollector'),
    viewManager: mo('ViewManager', 'ViewManager'),
    about: data('AboutInfo', {
      name: 'VMware vCenter Server',
      fullName: about.fullName,
      vendor: 'VMware, Inc.',
      version: about.version,
      build: about.fullName.replace(/^.*build-/, ''),
      localeVersion: 'INTL',
      localeBuild: '000',
      osType: 'linux-x64',
      productLineId: 'vpx',
      apiType: 'VirtualCenter',
      apiVersion: about.apiVersion,
      instanceUuid: about.instanceUuid,
      licenseProductName: 'VMware VirtualCenter Server',
      licenseProductVersion: about.version.split('.')[0] ?? '',
    }),
    ...Object.fromEntries(MANAGERS.map(([field, type, value]) => [field, mo(type, value)])),
  });
}
