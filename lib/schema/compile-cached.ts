/**
 * compileCached: an ajv validator whose generated code is cached on disk (<project>/.cache/ajv),
 * keyed by the ajv version, the options and the schema. Compiling a schema generates and
 * evaluates JavaScript (ajv's code generator); the scenario, run-config and providers-file
 * schemas cost a noticeable part of every CLI start. The cached module is ajv's own standalone
 * code for that schema (ajv/dist/standalone): the same checks and the same error objects. When
 * the cache cannot be read or written (read-only install), the schema is compiled as usual.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as AjvModule from 'ajv';
import type { Options, ValidateFunction } from 'ajv';
import type * as StandaloneModule from 'ajv/dist/standalone';
import { lazyModule } from '../runtime/lazy-module';

// ajv's compiler is needed only on a cache miss (lib/runtime/lazy-module.ts).
const ajvModule = lazyModule<typeof AjvModule>('ajv');
const standalone = lazyModule<typeof StandaloneModule>('ajv/dist/standalone');
const CACHE_DIR = path.resolve(__dirname, '..', '..', '.cache', 'ajv');
const nodeRequire = createRequire(__filename);
const AJV_VERSION = (nodeRequire('ajv/package.json') as { version: string }).version;

function cacheFile(options: Options, schema: object): string {
  const key = crypto
    .createHash('sha256')
    .update(`${AJV_VERSION}\0${JSON.stringify(options)}\0${JSON.stringify(schema)}`)
    .digest('hex')
    .slice(0, 24);
  return path.join(CACHE_DIR, `${key}.cjs`);
}

function fromCache<T>(file: string): ValidateFunction<T> | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const mod = nodeRequire(file) as { default?: ValidateFunction<T> } | ValidateFunction<T>;
    const validate = typeof mod === 'function' ? mod : mod.default;
    return typeof validate === 'function' ? validate : undefined;
  } catch {
    return undefined;
  }
}

export function compileCached<T = unknown>(options: Options, schema: object): ValidateFunction<T> {
  const file = cacheFile(options, schema);
  const cached = fromCache<T>(file);
  if (cached) return cached;
  const ajv = new (ajvModule().default)({ ...options, code: { ...options.code, source: true } });
  const validate = ajv.compile<T>(schema);
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Several processes may write at once (Jest workers): each writes its own file, the rename is atomic.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, standalone().default(ajv, validate));
    fs.renameSync(tmp, file);
  } catch {
    // No cache this time: the validator compiled above serves.
  }
  return validate;
}
