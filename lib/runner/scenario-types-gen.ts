/**
 * Generates lib/runner/scenario-types.ts from scenarios/scenario.schema.json: the schema is the one
 * source of the scenario's shape, the TypeScript type is its output, and
 * test/unit/runner/scenario-types.test.ts fails while the committed file differs from what this
 * generates. After editing the schema:
 *
 *   npx tsx lib/runner/scenario-types-gen.ts
 *
 * It knows exactly the JSON Schema subset the scenario schema uses and refuses any other keyword,
 * so nothing the schema says about a shape can be dropped from the type without notice. Keywords
 * that constrain values but not their type (pattern, minimum, ...) are left to the validator.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SchemaNode {
  [keyword: string]: unknown;
}

export const SCHEMA_PATH = path.resolve(__dirname, '..', '..', 'scenarios', 'scenario.schema.json');
export const TYPES_PATH = path.join(__dirname, 'scenario-types.ts');
const ROOT_NAME = 'Scenario';

/** Words for people and editors, not part of a value's type. */
const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description']);
/** They narrow the allowed values; TypeScript cannot say that, the validator does. */
const VALUE_RULES = new Set(['pattern', 'minLength', 'maxLength', 'minimum', 'minItems', 'minProperties', 'uniqueItems', 'propertyNames']);
const SHAPE = new Set(['$ref', 'type', 'enum', 'properties', 'required', 'additionalProperties', 'items', 'oneOf', 'definitions']);

class SchemaShapeError extends Error {}

const pascal = (key: string): string => key.charAt(0).toUpperCase() + key.slice(1);
/** The TypeScript name of a definition: marker -> ScenarioMarker, virtualMachine -> ScenarioVirtualMachine. */
export const definitionTypeName = (key: string): string => `${ROOT_NAME}${pascal(key)}`;

function at(where: string, node: SchemaNode): void {
  for (const keyword of Object.keys(node)) {
    if (!ANNOTATIONS.has(keyword) && !VALUE_RULES.has(keyword) && !SHAPE.has(keyword)) {
      throw new SchemaShapeError(
        `${where}: the type generator does not know the keyword "${keyword}"; teach lib/runner/scenario-types-gen.ts what type it means`,
      );
    }
  }
}

function literal(value: unknown, where: string): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
  throw new SchemaShapeError(`${where}: enum value ${JSON.stringify(value)} is not a string, number, boolean or null`);
}

function primitive(type: unknown, where: string): string {
  const map: Record<string, string> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', null: 'null' };
  const ts = typeof type === 'string' ? map[type] : undefined;
  if (!ts) throw new SchemaShapeError(`${where}: type ${JSON.stringify(type)} is not a primitive type the generator knows`);
  return ts;
}

const key = (name: string): string => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`);
const doc = (node: SchemaNode, indent: string): string[] =>
  typeof node.description === 'string' ? [`${indent}/** ${node.description.replace(/\*\//g, '* /')} */`] : [];

/** A value of one of several shapes: `oneOf` of complete schemas (no type or properties of its own). */
function isUnion(node: SchemaNode): boolean {
  return Array.isArray(node.oneOf) && node.type === undefined && node.properties === undefined;
}

/** Besides a union (isUnion), oneOf is accepted only as "exactly one of these keys" (a rule the validator checks, not the type). */
function checkOneOf(node: SchemaNode, where: string): void {
  if (node.oneOf === undefined) return;
  const props = Object.keys((node.properties as Record<string, unknown> | undefined) ?? {});
  const ok =
    Array.isArray(node.oneOf) &&
    node.oneOf.every(
      (alt: SchemaNode) =>
        Object.keys(alt).join() === 'required' && Array.isArray(alt.required) && alt.required.every((k) => props.includes(String(k))),
    );
  if (!ok) throw new SchemaShapeError(`${where}: oneOf is only understood as alternatives of { "required": [<one of its properties>] }`);
}

function objectBody(node: SchemaNode, where: string, indent: string): string {
  const props = node.properties as Record<string, SchemaNode>;
  if (node.additionalProperties !== false)
    throw new SchemaShapeError(
      `${where}: an object with properties must say "additionalProperties": false (a TypeScript interface is closed)`,
    );
  checkOneOf(node, where);
  const required = new Set(Array.isArray(node.required) ? node.required.map(String) : []);
  for (const r of required) if (!(r in props)) throw new SchemaShapeError(`${where}: required "${r}" is not one of its properties`);
  const lines = Object.entries(props).flatMap(([name, child]) => [
    ...doc(child, `${indent}  `),
    `${indent}  ${key(name)}${required.has(name) ? '' : '?'}: ${expression(child, `${where}.${name}`, `${indent}  `)};`,
  ]);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function objectExpression(node: SchemaNode, where: string, indent: string): string {
  if (node.properties !== undefined) return objectBody(node, where, indent);
  const extra = node.additionalProperties;
  if (extra === undefined || extra === true) return 'Record<string, unknown>';
  if (extra === false) return 'Record<string, never>';
  return `Record<string, ${expression(extra as SchemaNode, `${where}.*`, indent)}>`;
}

function expression(node: SchemaNode, where: string, indent: string): string {
  at(where, node);
  if (typeof node.$ref === 'string') {
    const m = /^#\/definitions\/([A-Za-z][A-Za-z0-9]*)$/.exec(node.$ref);
    if (!m || Object.keys(node).some((k) => k !== '$ref' && !ANNOTATIONS.has(k)))
      throw new SchemaShapeError(`${where}: only a bare "$ref": "#/definitions/<name>" is understood`);
    return definitionTypeName(m[1]!);
  }
  if (Array.isArray(node.enum)) return node.enum.map((v) => literal(v, where)).join(' | ');
  if (isUnion(node)) return (node.oneOf as SchemaNode[]).map((alt, i) => expression(alt, `${where}|${i}`, indent)).join(' | ');
  if (Array.isArray(node.type)) return node.type.map((t) => primitive(t, where)).join(' | ');
  if (node.type === 'array') {
    const item = expression((node.items as SchemaNode | undefined) ?? {}, `${where}[]`, indent);
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`;
  }
  if (node.type === 'object') return objectExpression(node, where, indent);
  if (node.type === undefined) throw new SchemaShapeError(`${where}: a schema without "type", "enum" or "$ref" has no type to generate`);
  return primitive(node.type, where);
}

function declaration(name: string, node: SchemaNode, where: string): string {
  const head = doc(node, '');
  if (node.type === 'object' && node.properties !== undefined)
    return [...head, `export interface ${name} ${objectBody(node, where, '')}`].join('\n');
  return [...head, `export type ${name} = ${expression(node, where, '')};`].join('\n');
}

/** The TypeScript source for a schema (pure; the test compares it with the committed file). */
export function scenarioTypesSource(schema: SchemaNode): string {
  const definitions = (schema.definitions as Record<string, SchemaNode> | undefined) ?? {};
  const { definitions: _omit, ...root } = schema;
  const blocks = [
    `// GENERATED from scenarios/scenario.schema.json by lib/runner/scenario-types-gen.ts: do not edit.\n// After changing the schema run: npx tsx lib/runner/scenario-types-gen.ts`,
    declaration(ROOT_NAME, root, '$'),
    ...Object.entries(definitions).map(([name, node]) => declaration(definitionTypeName(name), node, `#/definitions/${name}`)),
  ];
  return `${blocks.join('\n\n')}\n`;
}

export function readScenarioSchema(file = SCHEMA_PATH): SchemaNode {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaNode;
}

if (require.main === module) {
  fs.writeFileSync(TYPES_PATH, scenarioTypesSource(readScenarioSchema()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), TYPES_PATH)}\n`);
}
