/**
 * Layered run configuration: defaults < config file (--config, JSON or YAML) < environment
 * (MTV_TESTS_<KEY>, plus the Python suite's CLUSTER_HOST / CLUSTER_USERNAME / CLUSTER_PASSWORD)
 * < --tc key:value. Values are validated and coerced with one schema (numbers from strings,
 * "true"/"false" for booleans). Each key remembers where its value came from, so errors and the
 * banner can say "from --tc" or "from env MTV_TESTS_PLAN_WAIT_TIMEOUT".
 */
import fs from 'node:fs';
import type { ErrorObject } from 'ajv';
import type * as Yaml from 'yaml';
import { bundledPackage } from '../runtime/package-bundle';
import { ConfigFileError, ConfigValueError, UnknownConfigKeyError } from '../../exceptions/config';
import { CliUsageError } from '../../exceptions/cli';
import { registerSecret } from '../log/redact';
import { compileCached } from '../schema/compile-cached';
import {
  BOOLEAN_KEYS,
  CONFIG_KEYS,
  DEFAULTS,
  isConfigKey,
  RUN_CONFIG_SCHEMA,
  SECRET_CONFIG_KEYS,
  type ConfigKey,
  type RunConfig,
} from './keys';

const yaml = bundledPackage<typeof Yaml>('yaml');

export interface ConfigInputs {
  configFile?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Raw `--tc` values, each "key:value". */
  tc?: readonly string[];
}

export interface LoadedConfig {
  config: RunConfig;
  /** Where each set key's value came from: "default", "lab", "file <path>", "env <VAR>", "--tc". */
  sources: Partial<Record<ConfigKey, string>>;
}

export const ENV_PREFIX = 'MTV_TESTS_';
/** MTV_TESTS_* variables that are not config keys. */
export const RESERVED_ENV = ['MTV_TESTS_LOG_LEVEL', 'MTV_TESTS_RUN_FILE'] as const;
/** The Python suite's variable names, honoured for compatibility (MTV_TESTS_* wins). */
const LEGACY_ENV: Partial<Record<ConfigKey, string>> = {
  cluster_host: 'CLUSTER_HOST',
  cluster_username: 'CLUSTER_USERNAME',
  cluster_password: 'CLUSTER_PASSWORD',
};

const validate = compileCached({ coerceTypes: true, allErrors: false }, RUN_CONFIG_SCHEMA);

type Layer = { source: string; values: Record<string, unknown> };

function fileLayer(file: string): Layer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigFileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); check the --config path`);
  }
  let parsed: unknown;
  try {
    parsed = /\.json$/i.test(file) ? JSON.parse(text) : yaml().parse(text);
  } catch (error) {
    throw new ConfigFileError(file, `is not valid ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} (${(error as Error).message.split('\n')[0]})`);
  }
  if (parsed === null || parsed === undefined) return { source: `file ${file}`, values: {} };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigFileError(file, 'must hold a mapping of config keys to values');
  for (const key of Object.keys(parsed)) if (!isConfigKey(key)) throw new UnknownConfigKeyError(key, `file ${file}`, CONFIG_KEYS);
  return { source: `file ${file}`, values: parsed as Record<string, unknown> };
}

function envLayers(env: NodeJS.ProcessEnv): Layer[] {
  const layers: Layer[] = [];
  for (const [key, variable] of Object.entries(LEGACY_ENV)) {
    const value = env[variable];
    if (value !== undefined && value !== '') layers.push({ source: `env ${variable}`, values: { [key]: value } });
  }
  for (const [variable, value] of Object.entries(env)) {
    if (!variable.startsWith(ENV_PREFIX) || (RESERVED_ENV as readonly string[]).includes(variable) || value === undefined) continue;
    const key = variable.slice(ENV_PREFIX.length).toLowerCase();
    if (!isConfigKey(key)) throw new UnknownConfigKeyError(key, `env ${variable}`, CONFIG_KEYS);
    layers.push({ source: `env ${variable}`, values: { [key]: value } });
  }
  return layers;
}

/** Parses one --tc argument ("key:value"; the value may itself contain ':'). */
export function parseTc(arg: string): [ConfigKey, string] {
  const colon = arg.indexOf(':');
  if (colon <= 0) throw new CliUsageError(`--tc expects key:value, got "${arg}"; e.g. --tc storage_class:standard-csi`);
  const key = arg.slice(0, colon).trim();
  if (!isConfigKey(key)) throw new UnknownConfigKeyError(key, '--tc', CONFIG_KEYS);
  return [key, arg.slice(colon + 1)];
}

function expectedOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'type':
      return `a ${String(error.params.type)}${error.params.type === 'boolean' ? ' (true or false)' : ''}`;
    case 'pattern':
      return `a string matching ${String(error.params.pattern)}`;
    case 'exclusiveMinimum':
      return `a number greater than ${String(error.params.limit)}`;
    case 'minimum':
      return `a number >= ${String(error.params.limit)}`;
    case 'minLength':
      return 'a non-empty string';
    case 'maxLength':
      return `at most ${String(error.params.limit)} characters`;
    default:
      return error.message ?? 'valid';
  }
}

/** Merges the layers, validates and coerces, and registers secret values with the log redaction. */
export function loadConfig(inputs: ConfigInputs = {}): LoadedConfig {
  const layers: Layer[] = [{ source: 'default', values: { ...DEFAULTS } }];
  if (inputs.configFile) layers.push(fileLayer(inputs.configFile));
  layers.push(...envLayers(inputs.env ?? process.env));
  if (inputs.tc?.length) {
    const values: Record<string, unknown> = {};
    for (const arg of inputs.tc) {
      const [key, value] = parseTc(arg);
      values[key] = value;
    }
    layers.push({ source: '--tc', values });
  }
  return validateLayers(layers);
}

/** Adds values under the user's layers: only keys the user did not set take them. */
export function withFallbacks(loaded: LoadedConfig, values: Partial<RunConfig>, source: string): LoadedConfig {
  const merged: LoadedConfig = { config: { ...loaded.config }, sources: { ...loaded.sources } };
  for (const [key, value] of Object.entries(values) as [ConfigKey, unknown][]) {
    const current = loaded.sources[key];
    if (current === undefined || current === 'default') {
      (merged.config as unknown as Record<string, unknown>)[key] = value;
      merged.sources[key] = source;
    }
  }
  return merged;
}

function validateLayers(layers: Layer[]): LoadedConfig {
  const merged: Record<string, unknown> = {};
  const sources: Partial<Record<ConfigKey, string>> = {};
  for (const layer of layers) {
    for (const [key, raw] of Object.entries(layer.values)) {
      const isBoolean = BOOLEAN_KEYS.includes(key as ConfigKey);
      merged[key] = isBoolean && typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
      sources[key as ConfigKey] = layer.source;
    }
  }
  const original = { ...merged };
  if (!validate(merged)) {
    const error = validate.errors?.[0];
    const key = (error?.instancePath.replace(/^\//, '') || String(error?.params.missingProperty ?? '')) as ConfigKey;
    throw new ConfigValueError(key, sources[key] ?? 'default', error ? expectedOf(error) : 'valid', original[key]);
  }
  for (const key of SECRET_CONFIG_KEYS) registerSecret(merged[key]);
  return { config: merged as unknown as RunConfig, sources };
}
