/**
 * Removes what a tracked-resources file lists — cluster objects and source-provider clones — in
 * the session-teardown order. Idempotent: objects already gone are skipped, and a second run says
 * "nothing to do" and exits 0.
 *
 *   npx tsx tools/clean-cluster.ts .data-collector/resources.json [--kubeconfig <file>]
 *       [--server <https://api...:6443> (token from $CLUSTER_TOKEN)] [--insecure] [--session <id>]...
 *
 * Exit codes: 0 clean, 1 leftovers remain (listed), 2 bad usage or unreadable file.
 */
import fs from 'node:fs';
import { Command } from 'commander';
import type { ClusterAccess } from '../lib/k8s/connect';
import type { SuiteLog } from '../lib/k8s/log';
import { clientForTrackedFile, sweepTrackedResources } from '../lib/resources/sweep';
import { readTrackedFile } from '../lib/resources/tracker';
import { sourceCleanersFor } from '../lib/providers/base';

const log: SuiteLog = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(`WARN ${m}`),
  debug: () => {},
  error: (m) => console.error(`ERROR ${m}`),
};

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('clean-cluster')
    .argument('<resources-file>', 'tracked-resources file (resources.json) written by a run')
    .option('--kubeconfig <file>', 'cluster access (default: the kubeconfig recorded in the file)')
    .option('--server <url>', 'API server URL; the token comes from $CLUSTER_TOKEN')
    .option('--insecure', 'skip TLS verification of --server', false)
    .option('--session <id...>', 'only these sessions')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch {
    return 2;
  }
  const [file] = program.args;
  const opts = program.opts<{ kubeconfig?: string; server?: string; insecure: boolean; session?: string[] }>();
  if (!file || !fs.existsSync(file)) {
    console.error(`clean-cluster: ${file ?? '(no file)'} does not exist; pass the resources.json of a run`);
    return 2;
  }
  let tracked;
  try {
    tracked = readTrackedFile(file);
  } catch (error) {
    console.error(`clean-cluster: ${String(error)}`);
    return 2;
  }
  let access: ClusterAccess | undefined;
  if (opts.kubeconfig) access = { kind: 'kubeconfig', path: opts.kubeconfig };
  else if (opts.server) {
    const token = process.env.CLUSTER_TOKEN;
    if (!token) {
      console.error('clean-cluster: --server needs the token in $CLUSTER_TOKEN');
      return 2;
    }
    access = { kind: 'token', server: opts.server, token, insecureSkipTlsVerify: opts.insecure };
  }
  const client = await clientForTrackedFile(file, log, access);
  const cleaners = sourceCleanersFor(Object.values(tracked.targets));
  try {
    const result = await sweepTrackedResources(file, {
      client,
      sourceCleaner: (key) => cleaners.cleanerFor(key),
      ...(opts.session ? { sessions: opts.session } : {}),
    });
    if (result.present.length === 0) {
      console.log(`clean-cluster: ${result.listed} tracked object(s) in ${file}; nothing to do`);
      return 0;
    }
    if (result.leftovers.length) {
      console.error(`clean-cluster: ${result.leftovers.length} object(s) could not be removed:`);
      for (const l of result.leftovers) console.error(`  - ${l.object}: ${l.reason}`);
      return 1;
    }
    console.log(`clean-cluster: removed ${result.present.length} object(s) listed in ${file}`);
    return 0;
  } finally {
    await cleaners.close();
    client.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`clean-cluster: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
