import { evalPath, humanDuration, requestedTableVersion, toTable } from '../../../lab/apiserver/table';
import { ResourceIndex } from '../../../lab/apiserver/resource-types';

describe('table output', () => {
  it('formats ages like kubectl (duration.HumanDuration)', () => {
    const s = 1000;
    const cases: Array<[number, string]> = [
      [-5 * s, '<invalid>'],
      [0, '0s'],
      [119 * s, '119s'],
      [200 * s, '3m20s'],
      [300 * s, '5m'],
      [17 * 60 * s, '17m'],
      [(5 * 60 + 2) * 60 * s, '5h2m'],
      [30 * 3600 * s, '30h'],
      [(4 * 24 + 3) * 3600 * s, '4d3h'],
      [20 * 24 * 3600 * s, '20d'],
      [(2 * 365 + 10) * 24 * 3600 * s, '2y10d'],
      [9 * 365 * 24 * 3600 * s, '9y'],
    ];
    for (const [ms, want] of cases) expect(humanDuration(ms)).toBe(want);
  });

  it('evaluates the JSONPath subset of printer columns', () => {
    const o = {
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'Failed', status: 'False' },
        ],
        interfaces: [{ ipAddress: '10.0.0.5' }],
      },
    };
    expect(evalPath(o, ".status.conditions[?(@.type=='Failed')].status")).toBe('False');
    expect(evalPath(o, '.status.conditions[?(@.type=="Ready")].status')).toBe('True');
    expect(evalPath(o, '.status.interfaces[0].ipAddress')).toBe('10.0.0.5');
    expect(evalPath(o, '.status.missing.deeper')).toBeUndefined();
    expect(() => evalPath(o, '.status..bad')).toThrow(/unsupported printer column path/);
  });

  it('negotiates the Table version from Accept', () => {
    expect(
      requestedTableVersion(
        'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      ),
    ).toBe('v1');
    expect(requestedTableVersion('application/json;as=Table;v=v1beta1;g=meta.k8s.io')).toBe('v1beta1');
    expect(requestedTableVersion('application/json')).toBeUndefined();
    expect(requestedTableVersion(undefined)).toBeUndefined();
  });

  it('builds rows from the kind printer columns', () => {
    const rt = new ResourceIndex().byGroupPlural('forklift.konveyor.io', 'plans');
    if (!rt) throw new Error('no plans');
    const created = new Date(Date.now() - 65_000).toISOString();
    const t = toTable(
      rt,
      [
        {
          apiVersion: 'forklift.konveyor.io/v1beta1',
          kind: 'Plan',
          metadata: { name: 'p', creationTimestamp: created },
          status: { conditions: [{ type: 'Ready', status: 'True' }] },
        },
      ],
      { version: 'v1', includeObject: 'Metadata', headers: true },
    );
    expect((t.columnDefinitions as Array<{ name: string }>).map((c) => c.name)).toEqual([
      'Name',
      'Ready',
      'Executing',
      'Succeeded',
      'Failed',
      'Age',
    ]);
    expect(t.rows).toEqual([
      {
        cells: ['p', 'True', '', '', '', '65s'],
        object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'p', creationTimestamp: created } },
      },
    ]);
  });
});
