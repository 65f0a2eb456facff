// One "Jest worker" in the download race: runs ensureVirtctl with the options given as JSON in
// argv[2] and prints the result as JSON. Spawned twice at once by virtctl.test.ts.
import { ensureVirtctl } from '../../../utilities/virtctl';

const options = JSON.parse(process.argv[2] ?? '{}') as {
  cacheRoot: string;
  clusterVersion: string;
  links: { href: string; text: string }[];
  ca: string;
};
ensureVirtctl({
  cacheRoot: options.cacheRoot,
  clusterVersion: options.clusterVersion,
  searchPath: '',
  fetchLinks: async () => options.links,
  tls: { ca: options.ca },
  lockWaitMs: 20_000,
}).then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (error: Error) => {
    process.stderr.write(error.message);
    process.exitCode = 1;
  },
);
