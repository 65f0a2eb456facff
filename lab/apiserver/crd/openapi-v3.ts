/**
 * /openapi/v3 as kube-apiserver publishes it for custom resources: a root listing one document per
 * group/version, and per group/version the resource paths and the kinds' schemas. kubectl reads it
 * to decide whether the server validates fields (a PATCH operation carrying the fieldValidation
 * query parameter: then kubectl leaves validation to the server) and which patch types a kind
 * takes (custom resources: no strategic merge patch), and `kubectl explain` reads the schemas.
 * Only group/versions with schemas are listed; for the others kubectl falls back to /openapi/v2,
 * which is empty, exactly as for a kind a cluster publishes no schema for.
 */
import { createHash } from 'node:crypto';
import type { ResourceType } from '../contract';
import { KUBERNETES_VERSION } from '../discovery';
import type { ResourceIndex } from '../resource-types';
import type { CrdSchemas } from './schemas';

type Doc = Record<string, unknown>;

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'];

/** "io.konveyor.forklift.v1beta1.Plan": the reversed-group component name kube-apiserver uses. */
function componentName(rt: ResourceType): string {
  return `${rt.group.split('.').reverse().join('.')}.${rt.version}.${rt.kind}`;
}

function queryParams(names: string[]): Doc[] {
  return names.map((name) => ({
    name,
    in: 'query',
    description: `${name} (see the Kubernetes API conventions)`,
    schema: { type: 'string', uniqueItems: true },
  }));
}

function operation(rt: ResourceType, verb: string, params: string[], bodyTypes?: string[]): Doc {
  const ref = { $ref: `#/components/schemas/${componentName(rt)}` };
  const op: Doc = {
    operationId: `${verb}${rt.kind}`,
    parameters: queryParams(params),
    responses: { '200': { description: 'OK', content: { 'application/json': { schema: ref } } } },
    'x-kubernetes-action': verb,
    'x-kubernetes-group-version-kind': { group: rt.group, version: rt.version, kind: rt.kind },
  };
  if (bodyTypes)
    op.requestBody = {
      content: Object.fromEntries(bodyTypes.map((t) => [t, { schema: bodyTypes === PATCH_TYPES ? { type: 'object' } : ref }])),
    };
  return op;
}

function pathsFor(rt: ResourceType): Record<string, Doc> {
  const base = `/apis/${rt.group}/${rt.version}/${rt.namespaced ? 'namespaces/{namespace}/' : ''}${rt.plural}`;
  const item = {
    get: operation(rt, 'get', []),
    put: operation(rt, 'put', WRITE_PARAMS, ['application/json']),
    patch: operation(rt, 'patch', [...WRITE_PARAMS, 'force'], PATCH_TYPES),
    delete: operation(rt, 'delete', ['dryRun']),
  };
  const out: Record<string, Doc> = {
    [base]: { get: operation(rt, 'list', []), post: operation(rt, 'post', WRITE_PARAMS, ['application/json']) },
    [`${base}/{name}`]: item,
  };
  if (rt.subresources?.includes('status'))
    out[`${base}/{name}/status`] = {
      get: operation(rt, 'get', []),
      put: operation(rt, 'put', WRITE_PARAMS, ['application/json']),
      patch: operation(rt, 'patch', [...WRITE_PARAMS, 'force'], PATCH_TYPES),
    };
  return out;
}

export class OpenApiV3 {
  private readonly docs = new Map<string, { body: string; hash: string }>();

  constructor(index: ResourceIndex, schemas: CrdSchemas) {
    for (const gv of index.groupVersions()) {
      const kinds = index.inGroupVersion(gv.group, gv.version).filter((rt) => schemas.forType(rt));
      if (!kinds.length) continue;
      const paths: Record<string, Doc> = {};
      const components: Record<string, Doc> = {};
      for (const rt of kinds) {
        Object.assign(paths, pathsFor(rt));
        components[componentName(rt)] = {
          ...schemas.forType(rt),
          'x-kubernetes-group-version-kind': [{ group: rt.group, version: rt.version, kind: rt.kind }],
        };
      }
      const body = JSON.stringify({
        openapi: '3.0.0',
        info: { title: 'Kubernetes CRD Swagger', version: KUBERNETES_VERSION.gitVersion },
        paths,
        components: { schemas: components },
      });
      this.docs.set(`apis/${gv.group}/${gv.version}`, {
        body,
        hash: createHash('sha512').update(body).digest('hex').slice(0, 128).toUpperCase(),
      });
    }
  }

  /** GET /openapi/v3: where each group/version's document is (the hash lets clients cache it). */
  root(): Doc {
    return { paths: Object.fromEntries([...this.docs].map(([gv, d]) => [gv, { serverRelativeURL: `/openapi/v3/${gv}?hash=${d.hash}` }])) };
  }

  /** GET /openapi/v3/apis/<group>/<version>: the document's JSON text, or undefined. */
  document(gvPath: string): string | undefined {
    return this.docs.get(gvPath)?.body;
  }
}
