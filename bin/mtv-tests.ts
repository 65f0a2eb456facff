/**
 * `npm test [-- <flags>]`: the suite's entry point. Parses the framework flags, resolves and checks
 * config, target, providers and scenarios (bad input → one line naming the fix, exit 2, nothing
 * created), then lists (--list), plans (--plan) or runs the scenarios with Jest.
 * The last line of a run is `N passed, N failed`.
 */
import fs from 'node:fs';
import { errorMessage, isInputError } from '../exceptions/base';
import { CliUsageError } from '../exceptions/cli';
import { requireAapSettings } from '../lib/config/aap';
import { resolveRunSettings } from '../lib/config/run-settings';
import { describeTarget } from '../lib/config/target';
import { withLabCopyOffloadProvider } from '../lib/config/lab';
import { usesCopyOffload } from '../lib/preflight/copy-offload';
import { checkTargetFlags, preflight } from '../lib/preflight';
import { listJson, listOutput, loadSuiteModule, planOutput } from './cli/dry-run';
import { prepareAiAnalysis } from './cli/analysis';
import { jiraStatusesFor } from './cli/jira';
import { parseLabFaults } from './cli/lab-faults';
import { parseCli } from './cli/options';
import { preflightWhilePreloading, runsInBand } from './cli/preload';
import { freshCollectorDir, runScenarios } from './cli/run';
import { selectScenarios } from './cli/select';
import { emptyShardNote, shardScenarios } from './cli/shard';
import type { LabFaultRequest } from '../lib/runner/run-context';

/** The lab is a stand-in: a run against it must never be mistaken for a run against MTV. */
const LAB_BANNER = [
  '='.repeat(78),
  '  EMBEDDED LAB — this run does NOT touch a real cluster, MTV or vCenter.',
  '  Name a cluster to test one: --tc cluster_host:<api url> + credentials, --kubeconfig <file>.',
  '='.repeat(78),
  '',
].join('\n');

async function main(argv: readonly string[]): Promise<number> {
  const cli = parseCli(argv);
  if (cli === 'help') return 0;
  const dryRun = cli.list || cli.plan;
  let labFaults: LabFaultRequest[] = [];
  const resolved = resolveRunSettings({
    configFile: cli.config,
    tc: cli.tc,
    target: cli.target,
    kubeconfig: cli.kubeconfig,
    providersJson: cli.providersJson,
    dryRun,
    checkTarget: (target) => {
      labFaults = parseLabFaults(cli.labFaults, target);
    },
  });
  checkTargetFlags(resolved, cli.providersJson);
  const scenarios = shardScenarios(selectScenarios(cli.scenarios, cli.markers, cli.scenariosDir), cli.jest.shard);
  const settings = withLabCopyOffloadProvider(resolved, scenarios.some(usesCopyOffload));
  const jira = await jiraStatusesFor(cli.ops, scenarios);

  if (cli.list) {
    const out = cli.json ? JSON.stringify(listJson(scenarios, settings, jira), null, 2) : listOutput(scenarios, settings, jira);
    process.stdout.write(`${out}\n`);
    return 0;
  }
  if (cli.plan) {
    process.stdout.write(`${planOutput(scenarios, settings, loadSuiteModule(cli.suite))}\n`);
    return 0;
  }

  if (scenarios.length === 0) {
    process.stdout.write(`${emptyShardNote(cli.jest.shard)}\n0 passed, 0 failed\n`);
    return 0;
  }
  if (!fs.existsSync(cli.suite))
    throw new CliUsageError(`the suite module ${cli.suite} does not exist; pass --suite <module> (export default defineSuite(...))`);
  process.stdout.write(`mtv-tests: ${scenarios.length} scenario(s) on ${describeTarget(settings.target)}\n`);
  if (settings.target.kind === 'lab') process.stdout.write(LAB_BANNER);
  requireAapSettings(scenarios, settings.config, settings.target);
  if (settings.target.kind === 'cluster') for (const w of settings.target.warnings) process.stdout.write(`WARNING: ${w}\n`);
  const analyzeFailures = prepareAiAnalysis(cli.ops);
  freshCollectorDir(cli.dataCollectorPath);
  // Unreachable API, refused credentials, untrusted TLS, no such source provider, storage class or
  // MTV namespace: one line, exit 2, nothing created. On the lab target this starts the lab. An
  // in-band run loads its modules meanwhile (bin/cli/preload.ts).
  const checks = preflight({ settings, dataCollectorDir: cli.dataCollectorPath, labFaults, scenarios });
  const { lab } = runsInBand(scenarios.length, cli.jest.maxWorkers) ? await preflightWhilePreloading(checks, cli.suite) : await checks;
  if (cli.skipTeardown)
    process.stdout.write(
      'WARNING: --skip-teardown: everything this run creates stays; clean up with npx tsx tools/clean-cluster.ts <data-collector>/resources.json\n',
    );
  if (cli.skipDataCollector) process.stdout.write('NOTE: --skip-data-collector: no gathers are taken on failures\n');
  let outcome;
  try {
    outcome = await runScenarios(cli, settings, scenarios, labFaults, jira);
  } finally {
    await lab?.stop(); // global teardown stops it after its sweep; this covers a Jest that never got there
  }
  await analyzeFailures(outcome.failed);
  // Jest workers' output reaches this process through pipes that may still be draining when Jest
  // returns. The summary must be the run's last line, so it waits until nothing else is pending.
  process.once('beforeExit', () => process.stdout.write(`${outcome.passed} passed, ${outcome.failed} failed\n`));
  return outcome.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (isInputError(error)) {
      process.stderr.write(`mtv-tests: ${errorMessage(error)}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`mtv-tests: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
