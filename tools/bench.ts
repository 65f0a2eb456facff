/**
 * `npm run bench -- <name> [options]`: runs one benchmark (`npm run bench` alone, or with options
 * only such as `npm run bench -- --json f`: `all`, every figure with its target).
 * Each benchmark is a module under tools/bench/ exporting `description` and `run(args)`; add one
 * by adding a row to BENCHMARKS.
 */
export interface Benchmark {
  description: string;
  /** Runs the benchmark with the remaining CLI arguments; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

const BENCHMARKS: Record<string, () => Promise<Benchmark>> = {
  all: async () => (await import('./bench/all')).benchmark,
  copyoffload: async () => (await import('./bench/copyoffload')).benchmark,
  'lab-api': async () => (await import('./bench/lab-api')).benchmark,
  'sanity-cold': async () => (await import('./bench/sanity-cold')).benchmark,
  'wait-reaction': async () => (await import('./bench/wait-reaction')).benchmark,
  'watch-vs-poll': async () => (await import('./bench/watch-vs-poll')).benchmark,
};

/** What `npm run bench` with no benchmark name runs. */
const DEFAULT_BENCHMARK = 'all';

function usage(): string {
  return `usage: npm run bench [-- <benchmark> [options]]   (default: ${DEFAULT_BENCHMARK})\nknown benchmarks: ${Object.keys(BENCHMARKS).join(', ')}`;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stderr.write(`${usage()}\n`);
    return 0;
  }
  // No name, or options only (`npm run bench -- --json f`): the default benchmark.
  const [name = DEFAULT_BENCHMARK, ...rest] = argv[0]?.startsWith('-') ? [DEFAULT_BENCHMARK, ...argv] : argv;
  const load = BENCHMARKS[name];
  if (!load) {
    process.stderr.write(`unknown benchmark ${JSON.stringify(name)}\n${usage()}\n`);
    return 2;
  }
  return (await load()).run(rest);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
