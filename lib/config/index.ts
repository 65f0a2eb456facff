export { CONFIG_KEYS, DEFAULTS, isConfigKey, SECRET_CONFIG_KEYS, type ConfigKey, type RunConfig } from './keys';
export { effectiveTimeout, labDefaults, labTimeProfile } from './lab';
export { ENV_PREFIX, loadConfig, parseTc, withFallbacks, type ConfigInputs, type LoadedConfig } from './load';
export {
  loadProvidersFile,
  PROVIDER_TYPES,
  resolveProvidersPath,
  selectSourceProvider,
  STORAGE_VENDORS,
  type CopyOffloadConfig,
  type LoadedProviders,
  type ProviderEntry,
  type ProvidersFile,
  type ProviderType,
} from './providers-file';
export {
  describeTarget,
  normalizeServer,
  resolveTarget,
  type ClusterAuth,
  type Target,
  type TargetInputs,
  type TargetKind,
} from './target';
export { resolveRunSettings, type RunSettings, type RunSettingsInputs } from './run-settings';
