/** The committed CRD schemas are what `npm run gen:crd-schemas` makes from the installed @kubev2v/types. */
import fs from 'node:fs';
import { buildSchemas, renderSchemas, SCHEMAS_FILE } from '../../../lab/crd-schemas/generate';
import { CrdSchemas } from '../../../lab/apiserver/crd/schemas';
import { RESOURCE_TYPES } from '../../../lab/apiserver/resource-types';

describe('lab/crd-schemas/schemas.json', () => {
  it('is up to date (run npm run gen:crd-schemas after upgrading @kubev2v/types or changing the generator)', () => {
    const fresh = renderSchemas(buildSchemas());
    expect(fs.readFileSync(SCHEMAS_FILE, 'utf8') === fresh).toBe(true);
  });

  it('names its source and covers every Forklift, KubeVirt and CDI kind the lab serves but StorageProfile', () => {
    const file = JSON.parse(fs.readFileSync(SCHEMAS_FILE, 'utf8')) as { source: { package: string; version: string } };
    expect(file.source.package).toBe('@kubev2v/types');
    expect(file.source.version).toMatch(/^\d+\.\d+\.\d+$/);
    const schemas = CrdSchemas.load();
    const families = new Set(['forklift.konveyor.io', 'kubevirt.io', 'cdi.kubevirt.io']);
    const without = RESOURCE_TYPES.filter((rt) => families.has(rt.group) && !schemas.forType(rt)).map((rt) => rt.kind);
    // CDI's swagger document in the package has no StorageProfile; the lab serves it unvalidated.
    expect(without).toEqual(['StorageProfile']);
  });
});
