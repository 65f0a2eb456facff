/**
 * The `npm test` command line. Framework flags are parsed here; the Jest flags the wrapper knows
 * (-t, -w/--maxWorkers, --bail) are passed through; --shard is the CLI's own (bin/cli/shard.ts). Any other flag is an error with the
 * closest known flag as a hint; nothing runs.
 */
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { CliUsageError } from '../../exceptions/cli';
import { closest } from '../../lib/runner/closest';
import { addOpsOptions, readOpsOptions, type OpsOptions } from './ops-options';

export interface CliOptions {
  scenarios: string[];
  markers: string | undefined;
  tc: string[];
  config: string | undefined;
  providersJson: string | undefined;
  skipTeardown: boolean;
  skipDataCollector: boolean;
  /** --live: the compact live console view (also when stdout is a terminal). */
  live: boolean;
  dataCollectorPath: string;
  list: boolean;
  /** With --list: print only a JSON array on stdout (listJson in bin/cli/dry-run.ts). */
  json: boolean;
  plan: boolean;
  target: 'lab' | 'cluster' | undefined;
  kubeconfig: string | undefined;
  labFaults: string[];
  suite: string;
  scenariosDir: string;
  jest: { testNamePattern?: string; shard?: string; maxWorkers?: string; bail?: number };
  /** Jira gating and AI failure analysis (ops-options.ts). */
  ops: OpsOptions;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const collect = (value: string, previous: string[]): string[] => [...previous, value];

function program(): Command {
  const cmd = new Command('npm test --')
    .description('Run MTV migration scenarios against the embedded lab (default) or a named OpenShift cluster.')
    .option('--scenario <names>', 'scenario name(s), comma-separated; repeatable (default: all)', collect, [])
    .option('-m, --markers <expression>', 'marker expression, e.g. "tier0 and not warm"')
    .option('--tc <key:value>', 'set a config value (pytest-testconfig style); repeatable', collect, [])
    .option('--config <file>', 'config file (JSON or YAML) with config values')
    .option('--providers-json <file>', 'providers file (default: $PROVIDERS_JSON_PATH or ./.providers.json)')
    .option('--skip-teardown', 'keep everything the run created (for debugging)', false)
    .option(
      '--skip-data-collector',
      'take no gathers (must-gather) on failures; logs, results, the run report and resources.json are still written to the data collector path',
      false,
    )
    .option(
      '--live',
      'compact live view: one console line per step and per VM pipeline change (default when stdout is a terminal); the full log stays in the file',
      false,
    )
    .option('--data-collector-path <dir>', 'where logs, results and collected data go (recreated at start)', '.data-collector')
    .option('--list', 'list the selected scenarios, steps, markers and gates; runs nothing', false)
    .option('--json', 'with --list: print only JSON on stdout, one object per scenario', false)
    .option('--plan', 'print the fixture setup plan per scenario; runs nothing', false)
    .addOption(new Option('--target <target>', 'lab or cluster (default: lab unless a cluster is named)').choices(['lab', 'cluster']))
    .option('--kubeconfig <file>', 'run against the cluster of this kubeconfig')
    .option('--lab-fault <name[=value]>', 'turn on a lab fault (lab target only); repeatable', collect, [])
    .option('--suite <module>', 'module exporting the Suite (fixtures and step bodies)', path.join(REPO_ROOT, 'fixtures', 'suite.ts'))
    .option('--scenarios-dir <dir>', 'directory of *.scenario.json files', path.join(REPO_ROOT, 'scenarios'))
    .option('-t, --testNamePattern <regex>', 'Jest: run only steps whose full name matches')
    .option('--shard <index/count>', 'run one shard of the selected scenarios (round-robin by name; --list shows the shard)')
    .option('-w, --maxWorkers <n>', 'Jest: number of workers (each has its own session)')
    .addOption(new Option('--bail [n]', 'Jest: stop after n failed scenario files').argParser((v) => Number.parseInt(v, 10)))
    .helpOption('-h, --help', 'show this help')
    .allowExcessArguments(false)
    .exitOverride()
    .showSuggestionAfterError(true);
  return addOpsOptions(cmd);
}

function knownFlags(cmd: Command): string[] {
  return cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => !!f));
}

/** Parses argv (without node and script). Throws CliUsageError (one line) for any problem. */
export function parseCli(argv: readonly string[], out: { write(s: string): void } = process.stdout): CliOptions | 'help' {
  const cmd = program();
  let help = '';
  cmd.configureOutput({ writeOut: (s) => (help += s), writeErr: () => undefined });
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
        out.write(help);
        return 'help';
      }
      const unknown = /unknown option '([^']+)'/.exec(error.message)?.[1];
      if (unknown) {
        const guess = closest(unknown.split('=')[0]!, knownFlags(cmd));
        throw new CliUsageError(`unknown flag ${unknown}${guess ? ` (did you mean ${guess}?)` : ''}; see npm test -- --help`);
      }
      const excess = /too many arguments|excess arguments/i.test(error.message);
      if (excess) throw new CliUsageError(`unexpected argument(s) ${cmd.args.join(' ')}; scenarios are chosen with --scenario <name>`);
      throw new CliUsageError(
        `${error.message
          .replace(/^error: /, '')
          .split('\n')
          .join(' ')}; see npm test -- --help`,
      );
    }
    throw error;
  }
  const o = cmd.opts<{
    scenario: string[];
    markers?: string;
    tc: string[];
    config?: string;
    providersJson?: string;
    skipTeardown: boolean;
    skipDataCollector: boolean;
    live: boolean;
    dataCollectorPath: string;
    list: boolean;
    json: boolean;
    plan: boolean;
    target?: 'lab' | 'cluster';
    kubeconfig?: string;
    labFault: string[];
    suite: string;
    scenariosDir: string;
    testNamePattern?: string;
    shard?: string;
    maxWorkers?: string;
    bail?: number | true;
  }>();
  if (o.list && o.plan) throw new CliUsageError('--list and --plan are separate dry runs; pass only one of them');
  if (o.json && !o.list) throw new CliUsageError('--json only changes --list; pass --list --json');
  return {
    scenarios: scenarioNames(o.scenario),
    markers: o.markers,
    tc: o.tc,
    config: o.config,
    providersJson: o.providersJson,
    skipTeardown: o.skipTeardown,
    skipDataCollector: o.skipDataCollector,
    live: o.live,
    dataCollectorPath: path.resolve(o.dataCollectorPath),
    list: o.list,
    json: o.json,
    plan: o.plan,
    target: o.target,
    kubeconfig: o.kubeconfig,
    labFaults: o.labFault,
    suite: path.resolve(o.suite),
    scenariosDir: path.resolve(o.scenariosDir),
    jest: jestOptions(o),
    ops: readOpsOptions(cmd.opts()),
  };
}

/** --scenario values: comma-separated, repeatable; an empty name is an error, never "all". */
function scenarioNames(values: readonly string[]): string[] {
  const names = values.flatMap((s) => s.split(',')).map((s) => s.trim());
  if (names.some((n) => n === '')) {
    throw new CliUsageError(
      '--scenario got an empty name; pass scenario names (--scenario sanity-cold,sanity-warm), or leave --scenario out to run every scenario',
    );
  }
  return names;
}

/** --shard i/n: 1 <= i <= n, as Jest requires (checked here so that the error is one line). */
function shardOption(shard: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(shard);
  if (!m) throw new CliUsageError(`--shard expects <index>/<count>, e.g. --shard 1/3; got "${shard}"`);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1 || index < 1 || index > count)
    throw new CliUsageError(`--shard ${shard}: the index must be 1 to the count (1 <= i <= n), e.g. --shard 1/${Math.max(count, 1)}`);
  return shard;
}

/** -w n or -w n%: at least one worker. */
function maxWorkersOption(value: string): string {
  const m = /^(\d+)(%?)$/.exec(value);
  if (!m) throw new CliUsageError(`--maxWorkers expects a number or a percentage, e.g. -w 2; got "${value}"`);
  if (Number(m[1]) < 1) throw new CliUsageError(`--maxWorkers must be at least 1 (each worker runs its own session); got "${value}"`);
  return value;
}

function jestOptions(o: { testNamePattern?: string; shard?: string; maxWorkers?: string; bail?: number | true }): CliOptions['jest'] {
  const jest: CliOptions['jest'] = {};
  if (o.testNamePattern !== undefined) jest.testNamePattern = o.testNamePattern;
  if (o.shard !== undefined) jest.shard = shardOption(o.shard);
  if (o.maxWorkers !== undefined) jest.maxWorkers = maxWorkersOption(o.maxWorkers);
  if (o.bail !== undefined) {
    const n = o.bail === true ? 1 : o.bail;
    if (!Number.isInteger(n) || n < 1) throw new CliUsageError('--bail expects a positive number of failed scenario files, e.g. --bail 1');
    jest.bail = n;
  }
  return jest;
}
