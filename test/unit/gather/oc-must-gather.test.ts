/** The MTV must-gather image as the Python suite resolves it, and the oc command line. */
import { csvMustGatherImage, idmsNameForChannel, mirroredImage, mustGatherArgs } from '../../../lib/gather/oc-must-gather';

const DIGEST = '@sha256:' + 'a'.repeat(64);

describe('must-gather image', () => {
  it('comes from the CSV deployment env MUST_GATHER_IMAGE, else relatedImages', () => {
    const env = { name: 'MUST_GATHER_IMAGE', value: `registry.redhat.io/migration-toolkit-virtualization/mtv-must-gather-rhel8${DIGEST}` };
    const csv = {
      spec: {
        install: { spec: { deployments: [{ spec: { template: { spec: { containers: [{ env: [{ name: 'X', value: 'y' }, env] }] } } } }] } },
      },
    };
    expect(csvMustGatherImage(csv)).toBe(env.value);
    expect(
      csvMustGatherImage({
        spec: {
          relatedImages: [
            { name: 'controller', image: 'c' },
            { name: 'must_gather', image: 'mg' },
          ],
        },
      }),
    ).toBe('mg');
    expect(csvMustGatherImage({})).toBeUndefined();
  });

  it('names the IDMS after the channel', () => {
    expect(idmsNameForChannel('release-v2.10')).toBe('devel-testing-for-2-10');
  });

  it('uses the IDMS mirror of the must-gather repository, quay first, with the CSV digest', () => {
    const image = `registry.redhat.io/migration-toolkit-virtualization/mtv-must-gather-rhel8${DIGEST}`;
    const idms = {
      spec: {
        imageDigestMirrors: [
          { source: 'registry.redhat.io/migration-toolkit-virtualization/mtv-controller-rhel9', mirrors: ['quay.io/x/controller'] },
          {
            source: 'registry.redhat.io/migration-toolkit-virtualization/mtv-must-gather-rhel8',
            mirrors: ['registry.stage.example/mtv-must-gather-rhel8', 'quay.io/mtv/mtv-must-gather-rhel8'],
          },
        ],
      },
    };
    expect(mirroredImage(image, idms)).toBe(`quay.io/mtv/mtv-must-gather-rhel8${DIGEST}`);
    expect(mirroredImage(image, undefined)).toBe(image);
  });

  it('runs the targeted script for a plan', () => {
    expect(mustGatherArgs('img', '/dc/g', { name: 'p1', namespace: 'ns1' })).toEqual([
      'adm',
      'must-gather',
      '--image=img',
      '--dest-dir=/dc/g',
      '--',
      'NS=ns1',
      'PLAN=p1',
      '/usr/bin/targeted',
    ]);
    expect(mustGatherArgs('img', '/dc/g')).toEqual(['adm', 'must-gather', '--image=img', '--dest-dir=/dc/g']);
  });
});
