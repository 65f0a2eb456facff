export {
  ensureVirtctl,
  findVirtctlOnPath,
  cacheDirFor,
  DEFAULT_CACHE_ROOT,
  type EnsureVirtctlOptions,
  type VirtctlBinary,
  type VirtctlLog,
} from './ensure';
export { selectVirtctlLink, VIRTCTL_CLI_DOWNLOAD, type CliDownloadLink } from './links';
export { downloadFile, type DownloadTls } from './download';
export { extractVirtctl, archiveKindOf } from './archive';
export { fetchVirtctlLinks, downloadTlsFor } from './cluster';
export { ORIGIN_FILE, validatorOf, type Validator, type VirtctlOrigin } from './origin';
