/**
 * The authorized_keys swap the suite runs on an ESXi host (swapIfUnchangedCommand), run by a real
 * busybox sh whose PATH holds only busybox's cat, md5sum, rm, chmod and mv (ESXi's shell is
 * busybox), the new content on stdin. It replaces the file when the content arrived whole and the
 * file is as read; otherwise the file is left alone, the temporary is removed, and the exit is 3
 * (changed), 4 (cut short) or 5 (no md5sum). The lab ESXi shell implements the same command; this
 * checks that the command does what the lab claims on the shell it is written for. Without
 * busybox the test skips with the install hint (fails when CI=true).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  keysTempFile,
  SWAP_CONFLICT_EXIT,
  SWAP_INCOMPLETE_EXIT,
  SWAP_NO_MD5SUM_EXIT,
  swapIfUnchangedCommand,
} from '../../../lib/providers/vsphere/esxi-key-line';

const CI = process.env['CI'] === 'true';
/** busybox's path, found with the test's own PATH (the shells below run with a narrower one). */
const BUSYBOX = spawnSync('sh', ['-c', 'command -v busybox'], { encoding: 'utf8', timeout: 10_000 }).stdout.trim();
const missing = BUSYBOX ? undefined : 'busybox is not installed (apt-get install busybox)';

const md5 = (text: string): string => crypto.createHash('md5').update(text, 'utf8').digest('hex');

/** What the swap runs besides the shell itself. */
const APPLETS = ['cat', 'md5sum', 'rm', 'chmod', 'mv'];

/** busybox sh with PATH holding only busybox applets `names` (busybox sh finds applets through PATH). */
function busyboxSh(command: string, input: string, names = APPLETS): { code: number | null; stderr: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'busybox-applets-'));
  try {
    for (const name of names) fs.symlinkSync(BUSYBOX, path.join(bin, name));
    const r = spawnSync(BUSYBOX, ['sh', '-c', command], { input, encoding: 'utf8', timeout: 10_000, env: { PATH: bin } });
    return { code: r.status, stderr: r.stderr };
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
}

describe('the authorized_keys swap under busybox sh', () => {
  if (missing && !CI) {
    it.skip(`skipped: ${missing}`, () => undefined);
    return;
  }
  let dir: string;
  let file: string;
  let temp: string;
  const READ = 'admin-key\nour-line\n';
  const NEXT = 'admin-key\n';

  beforeEach(() => {
    if (missing) throw new Error(`CI=true and busybox is missing: ${missing}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esxi-swap-'));
    file = path.join(dir, 'authorized_keys');
    temp = keysTempFile(crypto.randomBytes(8).toString('hex'), file);
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('replaces the file with the new content (mode 600) when it arrived whole and the file is as read', () => {
    fs.writeFileSync(file, READ, { mode: 0o644 });
    const r = busyboxSh(swapIfUnchangedCommand(file, temp, md5(READ), md5(NEXT)), NEXT);
    expect(r).toEqual({ code: 0, stderr: '' });
    expect(fs.readFileSync(file, 'utf8')).toBe(NEXT);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['authorized_keys']);
  });

  it('leaves a file changed since the read alone, removes the temporary and exits 3', () => {
    const changed = `${READ}another-run-line\n`;
    fs.writeFileSync(file, changed, { mode: 0o600 });
    const r = busyboxSh(swapIfUnchangedCommand(file, temp, md5(READ), md5(NEXT)), NEXT);
    expect(r.code).toBe(SWAP_CONFLICT_EXIT);
    expect(fs.readFileSync(file, 'utf8')).toBe(changed);
    expect(fs.readdirSync(dir)).toEqual(['authorized_keys']);
  });

  it('leaves the file alone when the new content was cut short (a client gone mid-write), removes the temporary and exits 4', () => {
    fs.writeFileSync(file, READ, { mode: 0o600 });
    const r = busyboxSh(swapIfUnchangedCommand(file, temp, md5(READ), md5(NEXT)), NEXT.slice(0, 3));
    expect(r.code).toBe(SWAP_INCOMPLETE_EXIT);
    expect(fs.readFileSync(file, 'utf8')).toBe(READ);
    expect(fs.readdirSync(dir)).toEqual(['authorized_keys']);
  });

  it('leaves the file alone, removes the temporary and exits 5 when the shell has no md5sum', () => {
    fs.writeFileSync(file, READ, { mode: 0o600 });
    const r = busyboxSh(
      swapIfUnchangedCommand(file, temp, md5(READ), md5(NEXT)),
      NEXT,
      APPLETS.filter((a) => a !== 'md5sum'),
    );
    expect(r.code).toBe(SWAP_NO_MD5SUM_EXIT);
    expect(fs.readFileSync(file, 'utf8')).toBe(READ);
    expect(fs.readdirSync(dir)).toEqual(['authorized_keys']);
  });

  it('refuses paths it would have to quote and md5s that are not one', () => {
    expect(() => swapIfUnchangedCommand(file, `${file}.mtv-a b`, md5(READ), md5(NEXT))).toThrow(/unquoted/);
    expect(() => swapIfUnchangedCommand(file, '/tmp/elsewhere', md5(READ), md5(NEXT))).toThrow(/not a temporary/);
    expect(() => swapIfUnchangedCommand(file, temp, 'x; rm -rf /', md5(NEXT))).toThrow(/32 hex digits/);
    expect(() => swapIfUnchangedCommand(file, temp, md5(READ), 'x')).toThrow(/32 hex digits/);
  });
});
