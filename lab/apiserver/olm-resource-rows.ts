/**
 * The Operator Lifecycle Manager kinds (operators.coreos.com/v1alpha1) the lab serves: the MTV
 * operator's Subscription, its ClusterServiceVersions and the InstallPlans an upgrade makes
 * (lab/olm drives them). Served without a schema, as given.
 */
import { col, type Row } from './resource-row';

const S: Array<'status'> = ['status'];

export const OLM_ROWS: Row[] = [
  {
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    plural: 'subscriptions',
    printerColumns: [col('Package', '.spec.name'), col('Source', '.spec.source'), col('Channel', '.spec.channel')],
    kind: 'Subscription',
    namespaced: true,
    shortNames: ['sub', 'subs'],
    subresources: S,
    categories: ['olm'],
  },
  {
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    plural: 'clusterserviceversions',
    printerColumns: [col('Display', '.spec.displayName'), col('Version', '.spec.version'), col('Phase', '.status.phase')],
    kind: 'ClusterServiceVersion',
    namespaced: true,
    shortNames: ['csv', 'csvs'],
    subresources: S,
    categories: ['olm'],
  },
  {
    group: 'operators.coreos.com',
    version: 'v1alpha1',
    plural: 'installplans',
    printerColumns: [
      col('CSV', '.spec.clusterServiceVersionNames[0]'),
      col('Approval', '.spec.approval'),
      col('Approved', '.spec.approved'),
    ],
    kind: 'InstallPlan',
    namespaced: true,
    shortNames: ['ip'],
    subresources: S,
    categories: ['olm'],
  },
];
