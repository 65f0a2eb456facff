/**
 * The scenario's TypeScript type is generated from scenarios/scenario.schema.json
 * (lib/runner/scenario-types-gen.ts), so the two cannot drift: this fails while the committed
 * lib/runner/scenario-types.ts is not what the schema generates, and the generator refuses schema
 * keywords it cannot turn into a type instead of dropping them.
 */
import fs from 'node:fs';
import { readScenarioSchema, scenarioTypesSource, TYPES_PATH, type SchemaNode } from '../../../lib/runner/scenario-types-gen';

describe('scenario types generated from the schema', () => {
  test('lib/runner/scenario-types.ts is what the schema generates (else: npx tsx lib/runner/scenario-types-gen.ts)', () => {
    expect(fs.readFileSync(TYPES_PATH, 'utf8')).toBe(scenarioTypesSource(readScenarioSchema()));
  });

  test('a change to the schema changes the type', () => {
    const schema = readScenarioSchema();
    const definitions = schema.definitions as Record<string, SchemaNode>;
    const marker = definitions.marker as { enum: string[] };
    const plan = definitions.plan as { properties: Record<string, SchemaNode>; required: string[] };
    const changed = {
      ...schema,
      definitions: {
        ...definitions,
        marker: { ...marker, enum: [...marker.enum, 'tier2'] },
        plan: {
          ...plan,
          required: [...plan.required, 'warm'],
          properties: { ...plan.properties, rateLimit: { type: 'integer', minimum: 1 } },
        },
      },
    };
    const source = scenarioTypesSource(changed);
    expect(source).toContain("| 'upgrade' | 'tier2';");
    expect(source).toMatch(/\n {2}warm: boolean;\n/);
    expect(source).toContain('\n  rateLimit?: number;\n');
  });

  test('keywords the generator cannot express in a type are refused, naming where', () => {
    const withIf = {
      ...readScenarioSchema(),
      definitions: { disk: { type: 'object', additionalProperties: false, properties: { sizeGb: { type: 'integer', if: {} } } } },
    };
    expect(() => scenarioTypesSource(withIf)).toThrow('#/definitions/disk.sizeGb: the type generator does not know the keyword "if"');
    const open = { ...readScenarioSchema(), definitions: { disk: { type: 'object', properties: { sizeGb: { type: 'integer' } } } } };
    expect(() => scenarioTypesSource(open)).toThrow('#/definitions/disk: an object with properties must say "additionalProperties": false');
    const anyOf = {
      ...readScenarioSchema(),
      definitions: {
        hook: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } }, oneOf: [{ type: 'object' }] },
      },
    };
    expect(() => scenarioTypesSource(anyOf)).toThrow(
      '#/definitions/hook: oneOf is only understood as alternatives of { "required": [<one of its properties>] }',
    );
  });
});
