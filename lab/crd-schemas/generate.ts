/**
 * Builds lab/crd-schemas/schemas.json, the structural schemas the lab API server validates custom
 * resources against, from the npm package @kubev2v/types (`npm run gen:crd-schemas`):
 * - Forklift: the CRD manifests the package ships (src/generated/forklift/crds), used as they are;
 * - KubeVirt and CDI: the upstream OpenAPI v2 documents the package ships
 *   (src/generated/kubevirt/swagger.json, src/generated/containerized-data-importer/swagger.json),
 *   converted to structural form, plus the defaults in kubevirt-defaults.ts;
 * - the few fields newer upstream CRDs add that the lab's controllers write (additions.ts).
 * test/lab/apiserver/crd-schemas-fresh.test.ts fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { applyAdditions, applyKindAdditions, FIELD_ADDITIONS, KIND_ADDITIONS } from './additions';
import { fromSwagger, rootSchema, type Schema, stripDescriptions } from './convert';
import { KUBEVIRT_DEFAULTS } from './kubevirt-defaults';

export const SCHEMAS_FILE = path.join(__dirname, 'schemas.json');

/** Swagger definitions of the KubeVirt and CDI kinds the lab serves, by group/version/kind. */
const SWAGGER_KINDS: Array<{ doc: string; key: string; definition: string }> = [
  { doc: 'kubevirt', key: 'kubevirt.io/v1/VirtualMachine', definition: 'v1.VirtualMachine' },
  { doc: 'kubevirt', key: 'kubevirt.io/v1/VirtualMachineInstance', definition: 'v1.VirtualMachineInstance' },
  { doc: 'containerized-data-importer', key: 'cdi.kubevirt.io/v1beta1/DataVolume', definition: 'v1beta1.DataVolume' },
];

export interface SchemasFile {
  source: { package: string; version: string; files: string[] };
  /** "group/version/Kind" → the kind's openAPIV3Schema. */
  kinds: Record<string, Schema>;
}

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: Array<{ name: string; storage?: boolean; schema?: { openAPIV3Schema?: Schema } }>;
  };
}

function packageDir(): string {
  return path.dirname(require.resolve('@kubev2v/types/package.json'));
}

function forkliftKinds(generated: string, files: string[]): Record<string, Schema> {
  const dir = path.join(generated, 'forklift', 'crds');
  const out: Record<string, Schema> = {};
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    files.push(path.posix.join('src/generated/forklift/crds', file));
    const crd = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Crd;
    for (const v of crd.spec.versions) {
      const schema = v.schema?.openAPIV3Schema;
      if (!schema) throw new Error(`${file}: version ${v.name} has no openAPIV3Schema`);
      out[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = rootSchema(stripDescriptions(schema) as Schema);
    }
  }
  return out;
}

function swaggerKinds(generated: string, files: string[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  const docs = new Map<string, Record<string, Schema>>();
  for (const k of SWAGGER_KINDS) {
    let defs = docs.get(k.doc);
    if (!defs) {
      const rel = path.posix.join('src/generated', k.doc, 'swagger.json');
      files.push(rel);
      defs = (JSON.parse(fs.readFileSync(path.join(packageDir(), rel), 'utf8')) as { definitions: Record<string, Schema> }).definitions;
      docs.set(k.doc, defs);
    }
    out[k.key] = rootSchema(fromSwagger(defs, k.definition, KUBEVIRT_DEFAULTS));
  }
  return out;
}

export function buildSchemas(): SchemasFile {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageDir(), 'package.json'), 'utf8')) as { name: string; version: string };
  const generated = path.join(packageDir(), 'src', 'generated');
  const files: string[] = [];
  const kinds = { ...forkliftKinds(generated, files), ...swaggerKinds(generated, files) };
  applyKindAdditions(kinds, KIND_ADDITIONS);
  applyAdditions(kinds, FIELD_ADDITIONS);
  return { source: { package: pkg.name, version: pkg.version, files }, kinds };
}

/** The file's exact text: one kind per line keeps diffs of a package upgrade readable. */
export function renderSchemas(s: SchemasFile): string {
  const kinds = Object.entries(s.kinds).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n  "source": ${JSON.stringify(s.source)},\n  "kinds": {\n${kinds.join(',\n')}\n  }\n}\n`;
}

if (require.main === module) {
  const text = renderSchemas(buildSchemas());
  fs.writeFileSync(SCHEMAS_FILE, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMAS_FILE)} (${Math.round(text.length / 1024)} KiB)\n`);
}
