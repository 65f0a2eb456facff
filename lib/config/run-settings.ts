/**
 * Everything a run needs to know before Jest starts, resolved and checked in the CLI process so
 * that bad input fails before anything is created: the layered config, the target, and (for a
 * real cluster) the selected source provider entry.
 */
import { MissingConfigError } from '../../exceptions/config';
import { labDefaults, labTimeProfile } from './lab';
import { LAB_PROVIDER_TYPES } from '../../lab/launch';
import { loadConfig, withFallbacks, type LoadedConfig } from './load';
import type { ConfigKey, RunConfig } from './keys';
import { loadProvidersFile, resolveProvidersPath, selectSourceProvider, type ProviderType } from './providers-file';
import { resolveTarget, type Target, type TargetKind } from './target';

export interface RunSettingsInputs {
  configFile?: string | undefined;
  tc?: readonly string[];
  env?: NodeJS.ProcessEnv;
  target?: TargetKind | undefined;
  kubeconfig?: string | undefined;
  providersJson?: string | undefined;
  /** --list / --plan: no cluster is touched, so the real-run requirements are not enforced. */
  dryRun: boolean;
  cwd?: string;
  /** Called once the target is known, before real-run requirements are checked (e.g. lab-only flags). */
  checkTarget?: (target: Target) => void;
}

export interface RunSettings {
  config: RunConfig;
  sources: Partial<Record<ConfigKey, string>>;
  target: Target;
  providersPath: string;
  /** The source provider's type (lab: vsphere); undefined in a dry run without a providers file. */
  sourceProviderType: ProviderType | undefined;
}

const REQUIRED_FOR_CLUSTER: readonly [ConfigKey, string][] = [
  ['source_provider', '<key in .providers.json>'],
  ['storage_class', '<storage class name>'],
];

export function resolveRunSettings(inputs: RunSettingsInputs): RunSettings {
  const env = inputs.env ?? process.env;
  let loaded: LoadedConfig = loadConfig({ configFile: inputs.configFile, env, tc: inputs.tc ?? [] });
  const target = resolveTarget({ config: loaded.config, target: inputs.target, kubeconfig: inputs.kubeconfig, env });
  const providersPath = resolveProvidersPath(inputs.providersJson, env, inputs.cwd);
  inputs.checkTarget?.(target);

  if (target.kind === 'lab') {
    loaded = withFallbacks(loaded, labDefaults, 'lab');
    loaded = withFallbacks(loaded, labTimeProfile, 'lab time profile');
    // The lab writes its providers file when it starts; the type of each of its keys is known now.
    const key = (loaded.config.source_provider ?? 'vsphere') as keyof typeof LAB_PROVIDER_TYPES;
    return { ...loaded, target, providersPath, sourceProviderType: LAB_PROVIDER_TYPES[key] ?? 'vsphere' };
  }

  if (inputs.dryRun) {
    let type: ProviderType | undefined;
    try {
      if (loaded.config.source_provider) type = selectSourceProvider(loadProvidersFile(providersPath), loaded.config.source_provider).type;
    } catch {
      type = undefined; // a dry run does not need the providers file
    }
    return { ...loaded, target, providersPath, sourceProviderType: type };
  }

  for (const [key, hint] of REQUIRED_FOR_CLUSTER) if (!loaded.config[key]) throw new MissingConfigError(key, hint);
  const entry = selectSourceProvider(loadProvidersFile(providersPath), loaded.config.source_provider as string);
  return { ...loaded, target, providersPath, sourceProviderType: entry.type };
}
