/**
 * The Kubernetes objects that run the suite as an Indexed Job (`npm run job`): one pod per shard,
 * JOB_COMPLETION_INDEX i running `--shard i+1/N`, the providers file and the cluster credentials
 * from Secrets the user creates (never in the manifests), results on a shared volume, one folder
 * per shard (junit-report.xml and the data collector), to merge afterwards with `npm run junit-merge`.
 */
export interface JobManifestOptions {
  shards: number;
  image: string;
  namespace: string;
  /** Base name of every object (the Job, the results claim, the expected Secrets). */
  name: string;
  /** The `npm test` arguments every shard gets (markers, --tc, ...), after its --shard. */
  testArgs: string[];
  resultsStorageClass?: string;
  resultsSize: string;
}

export const PROVIDERS_MOUNT = '/etc/mtv-tests/providers';
export const RESULTS_MOUNT = '/results';

export const secretNames = (name: string): { providers: string; credentials: string } => ({
  providers: `${name}-providers`,
  credentials: `${name}-credentials`,
});

/**
 * The shard's shell: the index Kubernetes gives the pod becomes `--shard <index+1>/<N>`, and the
 * shard's folder on the results volume its working directory (junit-report.xml lands in the cwd).
 * The user's arguments follow as "$@", never re-parsed by the shell.
 */
function shardScript(shards: number): string {
  return [
    'set -e',
    'shard=$((JOB_COMPLETION_INDEX + 1))',
    `dir=${RESULTS_MOUNT}/shard-$shard`,
    'mkdir -p "$dir" && cd "$dir"',
    `exec node -r /app/bin/register-ts.cjs /app/bin/mtv-tests.ts --shard "$shard/${shards}" --providers-json ${PROVIDERS_MOUNT}/providers.json --data-collector-path "$dir/data-collector" "$@"`,
  ].join('\n');
}

function resultsClaim(o: JobManifestOptions): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: `${o.name}-results`, namespace: o.namespace, labels: { app: o.name } },
    spec: {
      // The shards' pods may land on different nodes and write at the same time.
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: o.resultsSize } },
      ...(o.resultsStorageClass ? { storageClassName: o.resultsStorageClass } : {}),
    },
  };
}

function container(o: JobManifestOptions): Record<string, unknown> {
  const secrets = secretNames(o.name);
  return {
    name: 'mtv-tests',
    image: o.image,
    command: ['/bin/sh', '-c', shardScript(o.shards), 'mtv-tests'],
    args: o.testArgs,
    // MTV_TESTS_CLUSTER_HOST, MTV_TESTS_CLUSTER_TOKEN (or _USERNAME/_PASSWORD), ... : config keys
    // from the environment (docs/config.md), so that no secret is in the pod spec or the command line.
    envFrom: [{ secretRef: { name: secrets.credentials } }],
    volumeMounts: [
      { name: 'providers', mountPath: PROVIDERS_MOUNT, readOnly: true },
      { name: 'results', mountPath: RESULTS_MOUNT },
    ],
    securityContext: {
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
  };
}

function indexedJob(o: JobManifestOptions): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, namespace: o.namespace, labels: { app: o.name } },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.shards,
      // A shard with failed scenarios fails its own index only: the other shards run to the end,
      // and no shard is retried (a retry would migrate everything again).
      backoffLimitPerIndex: 0,
      template: {
        metadata: { labels: { app: o.name } },
        spec: {
          restartPolicy: 'Never',
          containers: [container(o)],
          volumes: [
            { name: 'providers', secret: { secretName: secretNames(o.name).providers } },
            { name: 'results', persistentVolumeClaim: { claimName: `${o.name}-results` } },
          ],
        },
      },
    },
  };
}

export function jobManifests(o: JobManifestOptions): Record<string, unknown>[] {
  return [resultsClaim(o), indexedJob(o)];
}
