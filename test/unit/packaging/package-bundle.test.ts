import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type * as Winston from 'winston';
import type * as Yaml from 'yaml';
import { bundledPackage, bundleFile, packageVersion } from '../../../lib/runtime/package-bundle';

// lib/runtime/package-bundle.ts: winston and yaml load from one esbuild file of their own code,
// kept under .cache/bundles and keyed by the package's version.
const ROOT = path.resolve(__dirname, '../../..');

test.each(['winston', 'yaml'])('%s comes from one cached file of its own code, built for its installed version', (name) => {
  const file = bundleFile({ kind: 'package', argument: name, version: packageVersion(require, name) }, require);
  expect(path.dirname(file)).toBe(path.join(ROOT, '.cache', 'bundles'));
  const text = fs.readFileSync(file, 'utf8');
  // Nothing of the package is left for Node to resolve: its modules are in the file.
  expect(text).not.toMatch(new RegExp(`require\\("${name}[/"]`));
  expect(text).not.toMatch(/require\("\.\.?\//);
  // Another version of the package is another file: an upgrade never runs the old bundle.
  const other = path.basename(bundleFile({ kind: 'package', argument: name, version: '0.0.0-other' }, require));
  expect(other).not.toBe(path.basename(file));
  fs.rmSync(path.join(path.dirname(file), other), { force: true });
});

test('the bundled packages behave as the packages: yaml parses, winston formats and logs', () => {
  const yaml = bundledPackage<typeof Yaml>('yaml')();
  expect(yaml.parse('a: [1, {b: two}]\n')).toEqual({ a: [1, { b: 'two' }] });
  expect(yaml.stringify({ k: 'v' })).toBe('k: v\n');

  const winston = bundledPackage<typeof Winston>('winston')();
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString().trim());
      done();
    },
  });
  const logger = winston.createLogger({
    format: winston.format.combine(
      winston.format.splat(),
      winston.format.printf((i) => `${i.level} ${String(i.message)}`),
    ),
    transports: [new winston.transports.Stream({ stream })],
  });
  logger.info('hello %s', 'there');
  expect(lines).toEqual(['info hello there']);
});
