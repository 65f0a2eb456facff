/**
 * The populator key line of esxi_clone_method ssh (lib/providers/vsphere/esxi-key-line.ts) and
 * esxi_host parsing (lib/config/copy-offload.ts): the line's exact form, idempotent adding, removal
 * of exactly that line, and host / host:port / [ipv6]:port with the default port 22.
 */
import { parseEsxiHost } from '../../../lib/config/copy-offload';
import { addKeyLine, hasKeyLine, keyBody, removeKeyLine, restrictedKeyLine } from '../../../lib/providers/vsphere/esxi-key-line';

const KEY = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7lab+key/body== forklift-vsphere';
const LINE = restrictedKeyLine('mtv-datastore1', KEY);
const ADMIN = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTY= admin@workstation';

describe('restrictedKeyLine', () => {
  it('restricts the key to the wrapper on the datastore, with forwarding off', () => {
    expect(LINE).toBe(
      'command="python /vmfs/volumes/mtv-datastore1/secure-vmkfstools-wrapper.py",no-port-forwarding,no-agent-forwarding,no-X11-forwarding ' +
        KEY,
    );
    expect(restrictedKeyLine('ds', `${KEY}\n`)).toBe(restrictedKeyLine('ds', KEY));
  });

  it('keyBody finds the key type and base64 in a key or an options-prefixed line', () => {
    expect(keyBody(LINE)).toBe('ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7lab+key/body==');
    expect(keyBody(KEY)).toBe(keyBody(LINE));
    expect(keyBody('# a comment')).toBeUndefined();
  });
});

describe('addKeyLine', () => {
  it('appends the line to an empty file, and after a last line with or without a newline', () => {
    expect(addKeyLine('', LINE)).toEqual({ content: `${LINE}\n`, added: true });
    expect(addKeyLine(`${ADMIN}\n`, LINE)).toEqual({ content: `${ADMIN}\n${LINE}\n`, added: true });
    expect(addKeyLine(ADMIN, LINE)).toEqual({ content: `${ADMIN}\n${LINE}\n`, added: true });
  });

  it('adds nothing when the key is there already, in this line or another one (idempotent)', () => {
    const once = addKeyLine(`${ADMIN}\n`, LINE).content;
    expect(addKeyLine(once, LINE)).toEqual({ content: once, added: false });
    const plain = `${ADMIN}\n${KEY}\n`;
    expect(addKeyLine(plain, LINE)).toEqual({ content: plain, added: false });
  });

  it('refuses a line without an OpenSSH key', () => {
    expect(() => addKeyLine('', 'command="x" not-a-key')).toThrow(/not an authorized_keys line/);
  });
});

describe('removeKeyLine', () => {
  it('removes exactly the line and keeps every other line byte for byte', () => {
    const content = `${ADMIN}\n${LINE}\n# keep me\n`;
    expect(removeKeyLine(content, LINE)).toEqual({ content: `${ADMIN}\n# keep me\n`, removed: true });
    expect(hasKeyLine(content, LINE)).toBe(true);
    expect(hasKeyLine(`${ADMIN}\n# keep me\n`, LINE)).toBe(false);
  });

  it('leaves a line carrying the same key with other options alone (not the run’s line)', () => {
    const other = `command="python /vmfs/volumes/other-ds/secure-vmkfstools-wrapper.py" ${KEY}`;
    const content = `${other}\n${LINE}\n`;
    expect(removeKeyLine(content, LINE)).toEqual({ content: `${other}\n`, removed: true });
    expect(removeKeyLine(`${other}\n`, LINE)).toEqual({ content: `${other}\n`, removed: false });
  });

  it('undoes addKeyLine', () => {
    const before = `${ADMIN}\n`;
    expect(removeKeyLine(addKeyLine(before, LINE).content, LINE).content).toBe(before);
  });
});

describe('parseEsxiHost', () => {
  it.each([
    ['esxi-01.example.com', { host: 'esxi-01.example.com', port: 22 }],
    ['esxi-01.example.com:2222', { host: 'esxi-01.example.com', port: 2222 }],
    ['127.0.0.1:40447', { host: '127.0.0.1', port: 40447 }],
    ['[fd00::10]:2222', { host: 'fd00::10', port: 2222 }],
    ['[fd00::10]', { host: 'fd00::10', port: 22 }],
    ['fd00::10', { host: 'fd00::10', port: 22 }],
  ])('%s', (value, expected) => {
    expect(parseEsxiHost(value)).toEqual(expected);
  });

  it.each([
    ['esxi:0', /port "0"/],
    ['esxi:70000', /port "70000"/],
    ['esxi:ssh', /port "ssh"/],
    [':22', /names no host/],
  ])('%s is refused', (value, reason) => {
    expect(parseEsxiHost(value)).toEqual(expect.stringMatching(reason));
  });
});
