/**
 * The lab guests' SSH host key must be one ssh2 can parse: ssh2's own ed25519 generator sometimes
 * writes a key its parser rejects, and every SSH login to that lab's guests then failed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils } from 'ssh2';
import { HOST_KEY_FILE, loadOrCreateHostKey } from '../../../lab/guests/ssh-guest';

// Produced by ssh2's utils.generateKeyPairSync('ed25519'): a 31-byte public key (leading zero dropped).
const MALFORMED = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMgAAAAtz
c2gtZWQyNTUxOQAAAB/JAHpocyf345gjG0wXFpCMyRAgeUyZvrQ7BQ1MlV7dAAAA
iFjxV4FY8VeBAAAAC3NzaC1lZDI1NTE5AAAAH8kAemhzJ/fjmCMbTBcWkIzJECB5
TJm+tDsFDUyVXt0AAAA/yXKGCthMBLkaH2m2PBp62me5YoVkdJJNezT96UAE4jjJ
AHpocyf345gjG0wXFpCMyRAgeUyZvrQ7BQ1MlV7dAAAAAAECAwQFBgc=
-----END OPENSSH PRIVATE KEY-----
`;

const parses = (key: string): boolean => !(utils.parseKey(key) instanceof Error);

describe('lab guests SSH host key', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-hostkey-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('replaces a stored key ssh2 cannot parse, and keeps a good one', () => {
    expect(parses(MALFORMED)).toBe(false);
    fs.mkdirSync(path.join(root, 'guests'), { recursive: true });
    fs.writeFileSync(path.join(root, 'guests', HOST_KEY_FILE), MALFORMED);
    const key = loadOrCreateHostKey(root);
    expect(parses(key)).toBe(true);
    expect(fs.readFileSync(path.join(root, 'guests', HOST_KEY_FILE), 'utf8')).toBe(key);
    expect(loadOrCreateHostKey(root)).toBe(key);
  });

  it('every generated key parses (800 fresh state directories; ssh2 alone fails about 1 in 300)', () => {
    const unusable: number[] = [];
    for (let i = 0; i < 800; i += 1) {
      if (!parses(loadOrCreateHostKey(path.join(root, String(i))))) unusable.push(i);
    }
    expect(unusable).toEqual([]);
  });
});
