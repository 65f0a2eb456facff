/** The structural-schema steps on their own: pruning paths, defaulting order, and the validation causes. */
import { applyDefaults, pruneObject } from '../../../lab/apiserver/crd/prune';
import type { Structural } from '../../../lab/apiserver/crd/structural';
import { validateObject } from '../../../lab/apiserver/crd/validate';

const QUANTITY: Structural = { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true };
const schema: Structural = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        size: QUANTITY,
        labels: { type: 'object', additionalProperties: { type: 'object', properties: { v: { type: 'string' } } } },
        open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        note: { type: 'string', nullable: true },
        mode: { type: 'string', default: 'fast' },
        nested: { type: 'object', default: {}, properties: { level: { type: 'integer', default: 3 } } },
        conditions: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['type'],
          items: { type: 'object', properties: { type: { type: 'string' }, status: { type: 'string' } } },
        },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      },
    },
  },
};

describe('CRD structural schema steps', () => {
  it('prunes undeclared fields everywhere but in preserve-unknown-fields subtrees, and names them as field paths', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'o', colour: 'red' },
      top: 1,
      spec: { name: 'a', labels: { k: { v: 'x', w: 'y' } }, open: { any: { thing: [1] } }, conditions: [{ type: 'A', reason: 'r' }] },
    };
    expect(pruneObject(obj, schema)).toEqual(['metadata.colour', 'top', 'spec.labels[k].w', 'spec.conditions[0].reason']);
    expect(obj).toEqual({
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'o' },
      spec: { name: 'a', labels: { k: { v: 'x' } }, open: { any: { thing: [1] } }, conditions: [{ type: 'A' }] },
    });
  });

  it('drops nulls of non-nullable fields, keeps nullable ones, and defaults top-down into defaulted objects', () => {
    const spec: Record<string, unknown> = { name: 'a', mode: null, note: null, size: null };
    applyDefaults(spec, schema.properties?.spec as Structural);
    expect(spec).toEqual({ name: 'a', mode: 'fast', note: null, nested: { level: 3 } });
    const explicit: Record<string, unknown> = { name: 'a', mode: 'slow', nested: { level: 1 } };
    applyDefaults(explicit, schema.properties?.spec as Structural);
    expect(explicit).toEqual({ name: 'a', mode: 'slow', nested: { level: 1 } });
  });

  it('int-or-string takes whole numbers and strings only; list-type map and set refuse duplicates', () => {
    const causes = validateObject({ spec: { name: 'a', size: 1.5, conditions: [{ type: 'A' }, { type: 'A' }], tags: ['x', 'x'] } }, schema);
    expect(causes).toEqual([
      {
        field: 'spec.size',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "number": spec.size in body must be of type integer,string: "number"',
      },
      { field: 'spec.conditions[1]', reason: 'FieldValueDuplicate', message: 'Duplicate value: map[string]interface {}{"type":"A"}' },
      { field: 'spec.tags[1]', reason: 'FieldValueDuplicate', message: 'Duplicate value: "x"' },
    ]);
    expect(validateObject({ spec: { name: 'a', size: '10Gi' } }, schema)).toEqual([]);
    expect(validateObject({ spec: { name: 'a', size: 10 } }, schema)).toEqual([]);
  });

  it('reports a missing required field and a null where null is not allowed', () => {
    expect(validateObject({ spec: { size: '1', labels: { k: null } } }, schema)).toEqual([
      { field: 'spec.name', reason: 'FieldValueRequired', message: 'Required value' },
      {
        field: 'spec.labels[k]',
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "null": spec.labels[k] in body must be of type object: "null"',
      },
    ]);
  });
});
