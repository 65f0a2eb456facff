/**
 * The custom resources' structural schemas (lab/crd-schemas/schemas.json, generated from
 * @kubev2v/types) and what kube-apiserver does with them on every write: prune, default, validate.
 * Kinds without a schema (core kinds, and custom kinds no package ships a schema for) pass as given.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject, ResourceType } from '../contract';
import { errors } from '../errors';
import { applyDefaults, pruneObject } from './prune';
import type { Structural } from './structural';
import { validateObject } from './validate';

export const SCHEMAS_FILE = path.join(__dirname, '..', '..', 'crd-schemas', 'schemas.json');

export class CrdSchemas {
  private constructor(private readonly kinds: Readonly<Record<string, Structural>>) {}

  /** Reads the committed schemas once; a JSON.parse of ~100 KiB, cheap enough for every lab start. */
  static load(file = SCHEMAS_FILE): CrdSchemas {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { kinds: Record<string, Structural> };
    return new CrdSchemas(parsed.kinds);
  }

  static none(): CrdSchemas {
    return new CrdSchemas({});
  }

  forType(rt: ResourceType): Structural | undefined {
    return this.kinds[`${rt.group}/${rt.version}/${rt.kind}`];
  }

  /** Every group/version/Kind that has a schema. */
  keys(): string[] {
    return Object.keys(this.kinds);
  }

  /** Drops undeclared fields; returns their paths (empty for kinds without a schema). */
  prune(rt: ResourceType, obj: KubeObject): string[] {
    const schema = this.forType(rt);
    return schema ? pruneObject(obj, schema) : [];
  }

  /** The decoding steps of a write, in kube-apiserver's order: prune, then default. Returns the pruned paths. */
  prepare(rt: ResourceType, obj: KubeObject): string[] {
    const schema = this.forType(rt);
    if (!schema) return [];
    const dropped = pruneObject(obj, schema);
    applyDefaults(obj, schema);
    return dropped;
  }

  /** Schema validation: 422 Invalid naming every bad field. */
  validate(rt: ResourceType, obj: KubeObject): void {
    const schema = this.forType(rt);
    if (!schema) return;
    const causes = validateObject(obj, schema);
    if (causes.length) throw errors.invalid(rt.kind, rt.group, obj.metadata.name ?? '', causes);
  }
}
