/**
 * The npm registry these machines reach lacks some platform-specific optional packages (e.g.
 * @unrs/resolver-binding-android-arm64, pulled in by jest-resolve). `npm install` then leaves them
 * out of package-lock.json, and `npm ci` refuses a lock file that does not list every optional
 * dependency. This adds a lock entry for each missing optional dependency, marked optional, with
 * the os/cpu its name states, so `npm ci` skips it on this platform exactly as it would skip a
 * fully resolved entry. Run after changing dependencies: npx tsx tools/lockfile-optional-stubs.ts
 */
import fs from 'node:fs';
import path from 'node:path';

interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  optionalDependencies?: Record<string, string>;
}

const OS_WORDS = ['android', 'darwin', 'freebsd', 'linux', 'openharmony', 'win32', 'netbsd', 'openbsd', 'sunos', 'aix'];
const CPU_WORDS = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];

function platformOf(name: string): { os?: string[]; cpu?: string[] } {
  const parts = name.split('/').pop()!.split('-');
  const os = OS_WORDS.find((w) => parts.includes(w));
  const cpu = CPU_WORDS.find((w) => parts.includes(w));
  return { ...(os ? { os: [os] } : {}), ...(cpu ? { cpu: [cpu] } : {}) };
}

const lockPath = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'package-lock.json'));
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { packages: Record<string, LockEntry> };
let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const depKey = `node_modules/${dep}`;
    const nested = key ? `${key}/node_modules/${dep}` : depKey;
    if (lock.packages[depKey] || lock.packages[nested]) continue;
    lock.packages[depKey] = { version, ...(entry.dev ? { dev: true } : {}), optional: true, ...platformOf(dep) };
    added += 1;
  }
}
const sorted: Record<string, LockEntry> = {};
for (const key of Object.keys(lock.packages).sort((a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))))
  sorted[key] = lock.packages[key]!;
lock.packages = sorted;
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-optional-stubs: ${added} missing optional package(s) added to ${lockPath}`);
