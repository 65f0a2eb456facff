/**
 * `npm run job -- --shards N [--image <image>] [--namespace <ns>] [--name <name>] [-- <npm test args>]`:
 * prints the manifests (YAML) that run the selected scenarios as an Indexed Job, N shards in
 * parallel (lib/job/manifests.ts). Apply them with `oc apply -f -`; docs/openshift-job.md has the
 * Secrets to create first and how to collect and merge the results.
 */
import { Command, CommanderError } from 'commander';
import YAML from 'yaml';
import { errorMessage, isInputError } from '../exceptions/base';
import { OpsUsageError } from '../exceptions/ops';
import { jobManifests, secretNames, type JobManifestOptions } from '../lib/job/manifests';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function positive(flag: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new OpsUsageError(`${flag} expects a positive whole number, e.g. ${flag} 3; got "${v}"`);
    return Number(v);
  };
}

function dnsLabel(flag: string, max: number) {
  return (v: string): string => {
    if (!DNS_LABEL.test(v) || v.length > max)
      throw new OpsUsageError(`${flag} must be a lower-case DNS label of at most ${max} characters (a-z, 0-9, -); got "${v}"`);
    return v;
  };
}

export function parseJobArgs(argv: readonly string[]): JobManifestOptions | 'help' {
  const cmd = new Command('npm run job --')
    .description('Print the manifests that run the suite as an Indexed Job, one pod per shard.')
    .requiredOption('--shards <n>', 'number of shards (pods running in parallel)', positive('--shards'))
    .option(
      '--image <image>',
      'suite image (built from the Dockerfile)',
      'image-registry.openshift-image-registry.svc:5000/mtv-tests/mtv-api-tests-ts:latest',
    )
    .option('--namespace <ns>', 'namespace the Job runs in', dnsLabel('--namespace', 63), 'mtv-tests')
    .option(
      '--name <name>',
      'name of the Job; the Secrets are <name>-providers and <name>-credentials',
      dnsLabel('--name', 40),
      'mtv-tests',
    )
    .option('--results-storage-class <class>', 'storage class of the results claim (ReadWriteMany; default: the cluster default)')
    .option('--results-size <size>', 'size of the results claim', '1Gi')
    .argument('[testArgs...]', 'npm test arguments for every shard, after --')
    .helpOption('-h, --help', 'show this help')
    .exitOverride();
  let help = '';
  cmd.configureOutput({ writeOut: (s) => (help += s), writeErr: () => undefined });
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && error.code.startsWith('commander.help')) {
      process.stdout.write(help);
      return 'help';
    }
    if (error instanceof CommanderError) throw new OpsUsageError(`${error.message.replace(/^error: /, '')}; see npm run job -- --help`);
    throw error;
  }
  const o = cmd.opts<{
    shards: number;
    image: string;
    namespace: string;
    name: string;
    resultsStorageClass?: string;
    resultsSize: string;
  }>();
  if (cmd.args.some((a) => a === '--shard' || a.startsWith('--shard=')))
    throw new OpsUsageError('the Job gives every pod its own --shard; leave --shard out of the npm test arguments');
  return { ...o, testArgs: cmd.args };
}

function main(argv: readonly string[]): number {
  const options = parseJobArgs(argv);
  if (options === 'help') return 0;
  const secrets = secretNames(options.name);
  process.stdout.write(
    `# ${options.shards} shard(s) of npm test ${options.testArgs.join(' ')} in namespace ${options.namespace}.\n` +
      `# Needs Secrets ${secrets.providers} (key providers.json) and ${secrets.credentials} (MTV_TESTS_* config keys): docs/openshift-job.md\n`,
  );
  process.stdout.write(
    jobManifests(options)
      .map((m) => YAML.stringify(m, { lineWidth: 0 }))
      .join('---\n'),
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!isInputError(error)) throw error;
  process.stderr.write(`npm run job: ${errorMessage(error)}\n`);
  process.exitCode = 2;
}
