/**
 * compileCached (lib/schema/compile-cached.ts): the validator read back from the cache is ajv's
 * standalone code for the same schema, so it must accept, reject, coerce, fill defaults and report
 * errors exactly as a freshly compiled one does.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type Options } from 'ajv';
import { compileCached } from '../../../lib/schema/compile-cached';

const CACHE_DIR = path.resolve(__dirname, '../../../.cache/ajv');

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1 },
    count: { type: 'integer', minimum: 1, default: 3 },
    flag: { type: 'boolean' },
    kind: { enum: ['a', 'b'] },
  },
};

function both(options: Options, salt: string): { fresh: ReturnType<Ajv['compile']>; cached: ReturnType<Ajv['compile']> } {
  // A schema no other test uses, so the first call compiles and writes, the second reads back.
  const s = { ...schema, $comment: `compile-cached test ${salt} ${process.pid} ${Date.now()}` };
  compileCached(options, s);
  return { fresh: new Ajv(options).compile(s), cached: compileCached(options, s) };
}

afterAll(() => {
  for (const f of fs.existsSync(CACHE_DIR) ? fs.readdirSync(CACHE_DIR) : []) {
    const text = fs.readFileSync(path.join(CACHE_DIR, f), 'utf8');
    if (text.includes(`compile-cached test`) && text.includes(String(process.pid))) fs.rmSync(path.join(CACHE_DIR, f));
  }
});

it.each([
  ['verbose errors', { allErrors: false, verbose: true, strict: false } as Options],
  ['defaults', { useDefaults: true, allErrors: false, verbose: true } as Options],
  ['type coercion', { coerceTypes: true, allErrors: false } as Options],
])('the cached validator behaves like a fresh compile (%s)', (salt, options) => {
  const { fresh, cached } = both(options, salt);
  const inputs: unknown[] = [
    { name: 'x' },
    { name: '' },
    { name: 'x', count: '2', flag: 'true' },
    { name: 'x', count: 0 },
    { name: 'x', kind: 'c' },
    { name: 'x', extra: 1 },
    {},
    'not an object',
  ];
  for (const input of inputs) {
    const a = structuredClone(input);
    const b = structuredClone(input);
    expect({ input, ok: cached(b), data: b, errors: cached.errors ?? null }).toEqual({
      input,
      ok: fresh(a),
      data: a,
      errors: fresh.errors ?? null,
    });
  }
});
