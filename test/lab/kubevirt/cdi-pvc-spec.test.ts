import type { KubeObject } from '../../../lab/apiserver/contract';
import { defaultClaimPropertySets, renderPvcSpec } from '../../../lab/cdi/pvc-spec';

const dv = (spec: object): KubeObject => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'DataVolume',
  metadata: { name: 'd', namespace: 'n' },
  spec,
});
const profiles = (sc: string) => defaultClaimPropertySets(sc === 'nfs' ? 'nfs.csi.k8s.io' : 'block.csi.mtv-lab.local');

describe('CDI PVC rendering', () => {
  it('takes spec.pvc verbatim', () => {
    expect(
      renderPvcSpec(
        dv({
          pvc: {
            accessModes: ['ReadWriteOnce'],
            volumeMode: 'Filesystem',
            storageClassName: 'nfs',
            resources: { requests: { storage: '1Gi' } },
          },
        }),
        'mtv-block',
        profiles,
      ),
    ).toEqual({
      accessModes: ['ReadWriteOnce'],
      volumeMode: 'Filesystem',
      storageClassName: 'nfs',
      resources: { requests: { storage: '1Gi' } },
    });
  });

  it('completes spec.storage from the StorageProfile and the default class', () => {
    expect(renderPvcSpec(dv({ storage: { resources: { requests: { storage: '5Gi' } } } }), 'mtv-block', profiles)).toMatchObject({
      storageClassName: 'mtv-block',
      accessModes: ['ReadWriteMany'],
      volumeMode: 'Block',
    });
    expect(
      renderPvcSpec(
        dv({ storage: { volumeMode: 'Filesystem', storageClassName: 'mtv-block', resources: { requests: { storage: '5Gi' } } } }),
        undefined,
        profiles,
      ),
    ).toMatchObject({ accessModes: ['ReadWriteOnce'], volumeMode: 'Filesystem' });
    expect(
      renderPvcSpec(dv({ storage: { storageClassName: 'nfs', resources: { requests: { storage: '5Gi' } } } }), undefined, profiles),
    ).toMatchObject({ accessModes: ['ReadWriteMany'], volumeMode: 'Filesystem' });
  });

  it('explains what is missing', () => {
    expect(() => renderPvcSpec(dv({}), 'mtv-block', profiles)).toThrow('DataVolume.spec.pvc or DataVolume.spec.storage must be set');
    expect(() => renderPvcSpec(dv({ storage: { resources: { requests: { storage: '5Gi' } } } }), undefined, profiles)).toThrow(
      'no storage class given and no default storage class',
    );
    expect(() =>
      renderPvcSpec(dv({ storage: { storageClassName: 'x', resources: { requests: { storage: '1Gi' } } } }), undefined, () => []),
    ).toThrow('no claimPropertySets in StorageProfile x');
    expect(() => renderPvcSpec(dv({ storage: { storageClassName: 'nfs' } }), undefined, profiles)).toThrow('size');
  });
});
