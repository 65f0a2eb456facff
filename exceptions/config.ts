import { InputError } from './base';

/** The providers file does not exist. */
export class MissingProvidersFileError extends InputError {
  constructor(readonly path: string) {
    super(
      `No provider configurations found in '${path}': create it from .providers.json.example, or point to it with --providers-json <file> or PROVIDERS_JSON_PATH`,
    );
  }
}

/** The providers file exists but holds nothing (empty file or `{}`). */
export class ProviderEmptyContentError extends InputError {
  constructor(readonly path: string) {
    super(`Providers JSON file is empty: '${path}': add at least one provider entry ("<name>": {"type": "vsphere", ...})`);
  }
}

/** The providers file is not strict JSON. */
export class ProvidersFileParseError extends InputError {
  constructor(
    readonly path: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly detail: string,
    readonly looksLikeComment: boolean,
  ) {
    const where = line === undefined ? '' : `:${line}:${column ?? 1}`;
    const hint = looksLikeComment
      ? 'that line is a comment (// or #) from .providers.json.example; strict JSON has no comments, delete it'
      : 'fix the JSON there (strict JSON: double quotes, no trailing commas, no comments)';
    super(`${path}${where}: invalid JSON (${detail}); ${hint}`);
  }
}

/** source_provider names an entry the providers file does not have. */
export class UnknownSourceProviderError extends InputError {
  constructor(
    readonly key: string,
    readonly path: string,
    readonly available: readonly string[],
  ) {
    super(`source_provider "${key}" is not in ${path}; available: ${available.join(', ')}; pass --tc source_provider:<one of them>`);
  }
}

/** A provider entry lacks a field the suite needs, or has the wrong type. */
export class ProviderEntryError extends InputError {
  constructor(
    readonly key: string,
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: provider "${key}" ${problem}`);
  }
}

/** A required run setting is missing for a real-cluster run. */
export class MissingConfigError extends InputError {
  constructor(
    readonly key: string,
    readonly hint: string,
  ) {
    super(`missing required config "${key}": pass --tc ${key}:${hint}`);
  }
}

/** A --tc / config file / MTV_TESTS_* key that the suite does not know. */
export class UnknownConfigKeyError extends InputError {
  constructor(
    readonly key: string,
    readonly source: string,
    readonly known: readonly string[],
  ) {
    super(`unknown config key "${key}" (from ${source}); known keys: ${known.join(', ')}`);
  }
}

/** A config value of the wrong type or outside its allowed values. */
export class ConfigValueError extends InputError {
  constructor(
    readonly key: string,
    readonly source: string,
    readonly expected: string,
    readonly actual: unknown,
  ) {
    super(`config "${key}" from ${source} must be ${expected}, got ${JSON.stringify(actual)}; fix: --tc ${key}:<${expected}>`);
  }
}

/** The --config file cannot be read or parsed. */
export class ConfigFileError extends InputError {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`config file ${path}: ${detail}`);
  }
}

/** The flags and settings that name the target cluster contradict each other or are incomplete. */
export class TargetConfigError extends InputError {}
