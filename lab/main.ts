/**
 * `npm run lab`: runs the lab in the foreground until SIGTERM/SIGINT. When ready it prints one
 * machine-readable line for launchers:  LAB READY {"url":...,"kubeconfig":...,"stateDir":...}
 */
import { Command, InvalidArgumentError } from 'commander';
import { startLab } from './lab';

function int(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
      throw new InvalidArgumentError(`${name} must be an integer in [${min}, ${max}]`);
    return Number(v);
  };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('npm run lab --')
    .description('Run the embedded MTV lab (Kubernetes-compatible API server + simulated MTV, KubeVirt, vCenter)')
    .option('--state-dir <dir>', 'state directory (certificates, lab-config.json, kubeconfig)', undefined)
    .option('--port <port>', 'HTTPS port on 127.0.0.1 (default: any free port)', int('--port', 0, 65535))
    .option('--fault <name[=value]>', 'turn a fault on at start (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--ms-per-minute <ms>', 'real milliseconds per minute of MTV time', int('--ms-per-minute', 1, 60_000))
    .option('--bookmark-interval-ms <ms>', 'BOOKMARK interval for watches that allow them', int('--bookmark-interval-ms', 10, 3_600_000))
    .option('--watch-history <events>', 'how many events watch resume can go back (older: 410 Gone)', int('--watch-history', 1, 10_000_000))
    .option('--no-components', 'run only the API server (no controllers or simulators): for API server tests and benchmarks')
    .option('--exit-with-stdin', 'exit when standard input closes (set by launchers so the lab dies with its parent)')
    .parse(process.argv);
  const o = program.opts<{
    stateDir?: string;
    port?: number;
    fault: string[];
    msPerMinute?: number;
    bookmarkIntervalMs?: number;
    watchHistory?: number;
    components: boolean;
    exitWithStdin?: boolean;
  }>();

  const lab = await startLab({
    faults: o.fault,
    ...(o.stateDir !== undefined ? { stateDir: o.stateDir } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.msPerMinute !== undefined ? { msPerMinute: o.msPerMinute } : {}),
    ...(o.bookmarkIntervalMs !== undefined ? { bookmarkIntervalMs: o.bookmarkIntervalMs } : {}),
    ...(o.watchHistory !== undefined ? { watchHistory: o.watchHistory } : {}),
    ...(o.components ? {} : { components: [] }),
  });

  let stopping = false;
  const shutdown = (why: string): void => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    process.stderr.write(`lab: stopping (${why})\n`);
    lab.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`lab: stop failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (o.exitWithStdin) {
    // Started by a parent (the suite's global setup, a test): a terminal Ctrl-C reaches the whole
    // foreground process group at once. The lab must outlive it so the suite's teardown (cancel,
    // archive, delete) can still reach the API; the parent stops the lab afterwards (SIGTERM), or
    // its exit closes our stdin.
    process.on('SIGINT', () =>
      process.stderr.write('lab: SIGINT ignored (started with --exit-with-stdin: the parent stops the lab after its teardown)\n'),
    );
  } else {
    process.on('SIGINT', () => shutdown('SIGINT'));
  }
  if (o.exitWithStdin) {
    process.stdin.on('end', () => shutdown('stdin closed'));
    process.stdin.on('error', () => shutdown('stdin closed'));
    process.stdin.resume();
  }

  process.stderr.write(`lab: API server at ${lab.url}\nlab: KUBECONFIG=${lab.kubeconfig} kubectl get ns\n`);
  process.stdout.write(
    `LAB READY ${JSON.stringify({ url: lab.url, kubeconfig: lab.kubeconfig, stateDir: lab.stateDir, pid: process.pid, ...(lab.remote ? { remote: lab.remote } : {}) })}\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`lab: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
