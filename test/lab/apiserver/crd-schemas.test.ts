/**
 * Custom resources against their CRD schemas over HTTP, as kube-apiserver treats them: wrong types
 * are 422 Invalid naming the field, unknown fields are pruned and answered per fieldValidation,
 * schema defaults are applied, and the status subresource goes through the same steps.
 */
import { useLab } from '../../support/lab';
import { mapSpec, migrationSpec, planSpec, providerPair, vmSpec } from './valid-specs';

interface Obj {
  metadata: { name: string; resourceVersion: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const FORKLIFT = 'forklift.konveyor.io/v1beta1';

describe('CRD schemas over HTTP', () => {
  const lab = useLab({ components: false });
  const ns = 'schemas';
  const plans = `/apis/${FORKLIFT}/namespaces/${ns}/plans`;
  const plan = (name: string, spec: Record<string, unknown> = planSpec(ns)): object => ({
    apiVersion: FORKLIFT,
    kind: 'Plan',
    metadata: { name },
    spec,
  });
  const merge = (path: string, body: object, query = ''): ReturnType<ReturnType<typeof lab>['request']> =>
    lab().request('PATCH', `${path}${query}`, { contentType: 'application/merge-patch+json', body });

  beforeAll(async () => {
    expect((await lab().request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } })).status).toBe(201);
  });

  it('a wrong type is 422 Invalid with the field path, in kube-apiserver words', async () => {
    const res = await lab().request('POST', plans, { body: plan('p', planSpec(ns, { warm: 'string' })) });
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      code: 422,
      message:
        'Plan.forklift.konveyor.io "p" is invalid: spec.warm: Invalid value: "string": spec.warm in body must be of type boolean: "string"',
      details: {
        name: 'p',
        group: 'forklift.konveyor.io',
        kind: 'Plan',
        causes: [
          {
            reason: 'FieldValueInvalid',
            field: 'spec.warm',
            message: 'Invalid value: "string": spec.warm in body must be of type boolean: "string"',
          },
        ],
      },
    });
    const several = await lab().request('POST', plans, { body: plan('p', { ...planSpec(ns), vms: 'all', type: 'fast' }) });
    expect(several.json<{ message: string }>().message).toBe(
      'Plan.forklift.konveyor.io "p" is invalid: [spec.vms: Invalid value: "string": spec.vms in body must be of type array: "string", spec.type: Unsupported value: "fast": supported values: "cold", "warm", "live"]',
    );
    const missing = await lab().request('POST', plans, { body: plan('p', { targetNamespace: ns }) });
    expect(missing.json<{ details: { causes: Array<{ field: string; reason: string }> } }>().details.causes).toEqual(
      ['spec.map', 'spec.provider', 'spec.vms'].map((field) => ({ field, reason: 'FieldValueRequired', message: 'Required value' })),
    );
    expect((await lab().request('GET', `${plans}/p`)).status).toBe(404);
  });

  it('unknown fields are pruned with a warning by default (Warn), silently with Ignore', async () => {
    const res = await lab().request('POST', plans, {
      body: plan('warned', planSpec(ns, { warmm: true, vms: [{ name: 'vm', colour: 'red' }] })),
    });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"spec.vms[0].colour\\"", 299 - "unknown field \\"spec.warmm\\""');
    const stored = (await lab().request('GET', `${plans}/warned`)).json<Obj>();
    expect(stored.spec).not.toHaveProperty('warmm');
    expect(stored.spec?.vms).toEqual([{ name: 'vm' }]);
    const ignored = await lab().request('POST', `${plans}?fieldValidation=Ignore`, {
      body: plan('ignored', planSpec(ns, { warmm: true })),
    });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.warning).toBeUndefined();
    expect(ignored.json<Obj>().spec).not.toHaveProperty('warmm');
    const patched = await merge(`${plans}/warned`, { spec: { warmm: false, warm: true } }, '?fieldValidation=Warn');
    expect(patched.status).toBe(200);
    expect(patched.headers.warning).toBe('299 - "unknown field \\"spec.warmm\\""');
    expect(patched.json<Obj>().spec).toMatchObject({ warm: true });
    expect(patched.json<Obj>().spec).not.toHaveProperty('warmm');
  });

  it('Strict refuses unknown fields: 400 on create and update, 422 on patch, nothing written', async () => {
    const create = await lab().request('POST', `${plans}?fieldValidation=Strict`, { body: plan('strict', planSpec(ns, { warmm: true })) });
    expect(create.status).toBe(400);
    expect(create.json()).toMatchObject({
      reason: 'BadRequest',
      message: 'Plan in version "v1beta1" cannot be handled as a Plan: strict decoding error: unknown field "spec.warmm"',
    });
    expect((await lab().request('GET', `${plans}/strict`)).status).toBe(404);
    const made = (await lab().request('POST', `${plans}?fieldValidation=Strict`, { body: plan('strict') })).json<Obj>();
    const update = await lab().request('PUT', `${plans}/strict?fieldValidation=Strict`, {
      body: { ...made, metadata: { ...made.metadata, colour: 'red' } },
    });
    expect(update.status).toBe(400);
    expect(update.json<{ message: string }>().message).toBe(
      'Plan in version "v1beta1" cannot be handled as a Plan: strict decoding error: unknown field "metadata.colour"',
    );
    const patch = await merge(`${plans}/strict`, { spec: { warmm: true } }, '?fieldValidation=Strict');
    expect(patch.status).toBe(422);
    expect(patch.json<{ message: string }>().message).toMatch(
      /^ "" is invalid: patch: Invalid value: ".*\\"warmm\\":true.*": strict decoding error: unknown field "spec.warmm"$/,
    );
    expect((await lab().request('GET', `${plans}/strict`)).json<Obj>().metadata.resourceVersion).toBe(made.metadata.resourceVersion);
    const bad = await lab().request('POST', `${plans}?fieldValidation=Loud`, { body: plan('loud') });
    expect(bad.status).toBe(422);
    expect(bad.json<{ message: string }>().message).toBe(
      'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Loud": supported values: "Ignore", "Strict", "Warn"',
    );
  });

  it('x-kubernetes-preserve-unknown-fields keeps what the schema leaves open (ForkliftController spec)', async () => {
    const body = {
      apiVersion: FORKLIFT,
      kind: 'ForkliftController',
      metadata: { name: 'fc' },
      spec: { feature_ui_plugin: 'true', anything: { nested: [1] } },
      extra: 1,
    };
    const res = await lab().request('POST', `/apis/${FORKLIFT}/namespaces/${ns}/forkliftcontrollers`, { body });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBe('299 - "unknown field \\"extra\\""');
    expect(res.json<Obj>().spec).toEqual(body.spec);
  });

  it('schema defaults are applied on create and again on update when the field is dropped', async () => {
    const created = (await lab().request('POST', plans, { body: plan('defaults') })).json<Obj>();
    expect(created.spec).toMatchObject({
      migrateSharedDisks: true,
      pvcNameTemplateUseGenerateName: true,
      skipGuestConversion: false,
      useCompatibilityMode: true,
    });
    const explicit = (await merge(`${plans}/defaults`, { spec: { migrateSharedDisks: false } })).json<Obj>();
    expect(explicit.spec?.migrateSharedDisks).toBe(false);
    const spec = { ...explicit.spec };
    delete spec.migrateSharedDisks;
    delete spec.useCompatibilityMode;
    const put = (await lab().request('PUT', `${plans}/defaults`, { body: { ...explicit, spec } })).json<
      Obj & { metadata: { generation: number } }
    >();
    expect(put.spec).toMatchObject({ migrateSharedDisks: true, useCompatibilityMode: true });
    expect(put.metadata.generation).toBe(3);
    // A null in a non-nullable field with a default is the default.
    const nulled = (await merge(`${plans}/defaults`, { spec: { useCompatibilityMode: null } })).json<Obj>();
    expect(nulled.spec?.useCompatibilityMode).toBe(true);
  });

  it('the status subresource prunes, warns and validates too', async () => {
    const status = `${plans}/warned/status`;
    const pruned = await merge(status, { status: { observedGeneration: 3, mood: 'fine' } });
    expect(pruned.status).toBe(200);
    expect(pruned.headers.warning).toBe('299 - "unknown field \\"status.mood\\""');
    expect(pruned.json<Obj>().status).toEqual({ observedGeneration: 3 });
    const wrong = await merge(status, { status: { observedGeneration: 'three' } });
    expect(wrong.status).toBe(422);
    expect(wrong.json<{ message: string }>().message).toBe(
      'Plan.forklift.konveyor.io "warned" is invalid: status.observedGeneration: Invalid value: "string": status.observedGeneration in body must be of type integer: "string"',
    );
    const condition = await merge(status, { status: { conditions: [{ type: 'Ready', status: 'True' }] } });
    expect(condition.status).toBe(422);
    expect(condition.json<{ details: { causes: Array<{ field: string }> } }>().details.causes.map((c) => c.field)).toEqual([
      'status.conditions[0].category',
      'status.conditions[0].lastTransitionTime',
    ]);
    const strict = await merge(status, { status: { mood: 'x' } }, '?fieldValidation=Strict');
    expect(strict.status).toBe(422);
    expect((await lab().request('GET', status)).json<Obj>().status).toEqual({ observedGeneration: 3 });
  });

  it('accepts a valid object of every family: Forklift, KubeVirt, CDI', async () => {
    const objects: Array<[string, object]> = [
      [
        `/apis/${FORKLIFT}/namespaces/${ns}/providers`,
        {
          apiVersion: FORKLIFT,
          kind: 'Provider',
          metadata: { name: 'vsphere' },
          spec: {
            type: 'vsphere',
            url: 'https://vcenter.example/sdk',
            secret: { name: 's', namespace: ns },
            settings: { vddkInitImage: 'quay.io/vddk:8' },
          },
        },
      ],
      [
        `/apis/${FORKLIFT}/namespaces/${ns}/storagemaps`,
        {
          apiVersion: FORKLIFT,
          kind: 'StorageMap',
          metadata: { name: 'sm' },
          spec: mapSpec(ns, [
            { source: { id: 'datastore-1' }, destination: { storageClass: 'nfs', accessMode: 'ReadWriteMany', volumeMode: 'Filesystem' } },
          ]),
        },
      ],
      [
        `/apis/${FORKLIFT}/namespaces/${ns}/networkmaps`,
        {
          apiVersion: FORKLIFT,
          kind: 'NetworkMap',
          metadata: { name: 'nm' },
          spec: mapSpec(ns, [{ source: { id: 'network-1' }, destination: { type: 'multus', name: 'nad', namespace: ns } }]),
        },
      ],
      [
        plans,
        plan(
          'full',
          planSpec(ns, {
            warm: true,
            type: 'warm',
            targetLabels: { a: 'b' },
            targetNodeSelector: { zone: 'z' },
            vms: [{ id: 'vm-1', name: 'vm', hooks: [{ hook: { name: 'h', namespace: ns }, step: 'PreHook' }] }],
          }),
        ),
      ],
      [
        `/apis/${FORKLIFT}/namespaces/${ns}/migrations`,
        {
          apiVersion: FORKLIFT,
          kind: 'Migration',
          metadata: { name: 'mig' },
          spec: { ...migrationSpec(ns, 'full'), cutover: '2026-01-01T00:00:00Z' },
        },
      ],
      [
        `/apis/${FORKLIFT}/namespaces/${ns}/hooks`,
        {
          apiVersion: FORKLIFT,
          kind: 'Hook',
          metadata: { name: 'h' },
          spec: { image: 'quay.io/konveyor/hook-runner', playbook: 'LS0tCg==' },
        },
      ],
      [
        `/apis/${FORKLIFT}/namespaces/${ns}/hosts`,
        {
          apiVersion: FORKLIFT,
          kind: 'Host',
          metadata: { name: 'esx' },
          spec: { id: 'host-1', ipAddress: '10.0.0.1', provider: providerPair(ns).source, secret: { name: 'esx', namespace: ns } },
        },
      ],
      [
        `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`,
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachine',
          metadata: { name: 'vm' },
          spec: {
            ...vmSpec(),
            template: {
              metadata: { labels: { a: 'b' } },
              spec: {
                domain: {
                  cpu: { sockets: 2 },
                  memory: { guest: '2Gi' },
                  resources: { requests: { memory: 2147483648 } },
                  devices: { disks: [{ name: 'd', disk: { bus: 'virtio' } }] },
                },
                volumes: [{ name: 'd', dataVolume: { name: 'dv' } }],
              },
            },
          },
        },
      ],
      [
        `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances`,
        {
          apiVersion: 'kubevirt.io/v1',
          kind: 'VirtualMachineInstance',
          metadata: { name: 'vmi' },
          spec: { domain: { devices: { interfaces: [{ name: 'default', masquerade: {} }] } }, networks: [{ name: 'default', pod: {} }] },
        },
      ],
      [
        `/apis/cdi.kubevirt.io/v1beta1/namespaces/${ns}/datavolumes`,
        {
          apiVersion: 'cdi.kubevirt.io/v1beta1',
          kind: 'DataVolume',
          metadata: { name: 'dv' },
          spec: { source: { blank: {} }, storage: { resources: { requests: { storage: '1Gi' } }, storageClassName: 'nfs' } },
        },
      ],
    ];
    for (const [path, body] of objects) {
      const res = await lab().request('POST', path, { body });
      expect([path, res.status, res.headers.warning ?? '']).toEqual([path, 201, '']);
      const sent = (body as { spec: Record<string, unknown> }).spec;
      expect(res.json<Obj>().spec).toMatchObject(sent);
    }
  });

  it('publishes the schemas in /openapi/v3, with fieldValidation on PATCH and no strategic merge for custom resources', async () => {
    const root = (await lab().request('GET', '/openapi/v3')).json<{ paths: Record<string, { serverRelativeURL: string }> }>();
    expect(Object.keys(root.paths).sort()).toEqual([
      'apis/cdi.kubevirt.io/v1beta1',
      'apis/forklift.konveyor.io/v1beta1',
      'apis/kubevirt.io/v1',
    ]);
    const url = root.paths['apis/forklift.konveyor.io/v1beta1']?.serverRelativeURL ?? '';
    const doc = (await lab().request('GET', url)).json<{
      paths: Record<
        string,
        {
          patch?: {
            parameters: Array<{ name: string; in: string }>;
            requestBody: { content: Record<string, unknown> };
            'x-kubernetes-group-version-kind': object;
          };
        }
      >;
      components: { schemas: Record<string, { properties: { spec: { properties: Record<string, unknown> } } }> };
    }>();
    const patch = doc.paths['/apis/forklift.konveyor.io/v1beta1/namespaces/{namespace}/plans/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({ group: 'forklift.konveyor.io', version: 'v1beta1', kind: 'Plan' });
    expect(patch?.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    expect(Object.keys(patch?.requestBody.content ?? {})).not.toContain('application/strategic-merge-patch+json');
    expect(doc.components.schemas['io.konveyor.forklift.v1beta1.Plan']?.properties.spec.properties.warm).toEqual({ type: 'boolean' });
    expect((await lab().request('GET', '/openapi/v3/api/v1')).status).toBe(404);
  });
});
