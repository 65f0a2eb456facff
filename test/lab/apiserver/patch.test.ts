import { jsonPatch, mergePatch, strategicMerge } from '../../../lab/apiserver/patch';
import { ApiError } from '../../../lab/apiserver/errors';

describe('patch formats', () => {
  it('merge patch (RFC 7386): objects merge, null deletes, lists replace', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { b: { c: null, e: 4 }, l: [3] })).toEqual({
      a: 1,
      b: { d: 3, e: 4 },
      l: [3],
    });
    expect(mergePatch({ a: 1 }, 'x')).toBe('x');
  });

  it('JSON patch (RFC 6902): add/remove/replace/move/copy/test, escaped pointers, failures are errors', () => {
    const doc = { metadata: { labels: { 'a/b': '1' } }, spec: { vms: [{ name: 'x' }] } };
    const out = jsonPatch(doc, [
      { op: 'add', path: '/spec/vms/-', value: { name: 'y' } },
      { op: 'replace', path: '/metadata/labels/a~1b', value: '2' },
      { op: 'copy', from: '/spec/vms/0', path: '/spec/first' },
      { op: 'move', from: '/spec/first', path: '/spec/moved' },
      { op: 'remove', path: '/spec/vms/0' },
      { op: 'test', path: '/spec/vms/0/name', value: 'y' },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'a/b': '2' } }, spec: { vms: [{ name: 'y' }], moved: { name: 'x' } } });
    expect(doc.spec.vms).toHaveLength(1); // input untouched
    const fails = (ops: unknown): number => {
      try {
        jsonPatch(doc, ops);
      } catch (e) {
        return (e as ApiError).code;
      }
      return 0;
    };
    expect(fails([{ op: 'test', path: '/spec/vms/0/name', value: 'nope' }])).toBe(422);
    expect(fails([{ op: 'remove', path: '/spec/missing' }])).toBe(422);
    expect(fails([{ op: 'replace', path: '/spec/vms/9', value: 1 }])).toBe(422);
    expect(fails([{ op: 'frobnicate', path: '/spec' }])).toBe(400);
    expect(fails({ op: 'add' })).toBe(400);
  });

  it('strategic merge: lists merged by key, $patch directives, primitive list deletes', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
      },
      metadata: { finalizers: ['f1'] },
      status: { conditions: [{ type: 'Ready', status: 'False' }] },
    };
    const out = strategicMerge(pod, {
      spec: {
        containers: [
          { name: 'b', image: 'b:2' },
          { name: 'c', image: 'c:1' },
          { name: 'a', $patch: 'delete' },
        ],
        '$setElementOrder/containers': [{ name: 'b' }],
      },
      metadata: { finalizers: ['f2'] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(out).toEqual({
      spec: {
        containers: [
          { name: 'b', image: 'b:2' },
          { name: 'c', image: 'c:1' },
        ],
      },
      metadata: { finalizers: ['f1', 'f2'] },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    expect(
      strategicMerge({ metadata: { finalizers: ['a', 'b'] } }, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } }),
    ).toEqual({ metadata: { finalizers: ['b'] } });
    expect(strategicMerge({ spec: { x: 1, y: 2 } }, { spec: { $patch: 'replace', z: 3 } })).toEqual({ spec: { z: 3 } });
    // Lists without a known merge key are replaced, as merge patch does.
    expect(strategicMerge({ spec: { vms: [{ id: 1 }] } }, { spec: { vms: [{ id: 2 }] } })).toEqual({ spec: { vms: [{ id: 2 }] } });
  });
});
