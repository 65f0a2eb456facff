import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeLogger, createLogger, LOG_FILE_NAME, redact, redactText, registerSecret } from '../../../lib/log';

describe('secret redaction', () => {
  test('patterns: Bearer, sha256~ tokens, key=value pairs, JSON fields, JWTs, private keys', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJlLXBhcnQ';
    expect(redactText('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer ***');
    expect(redactText('token sha256~Zm9vYmFyYmF6cXV4MTIz used')).toBe('token sha256~*** used');
    expect(redactText('url?user=a&password=hunter22&x=1')).toBe('url?user=a&password=***&x=1');
    expect(redactText('{"password": "p4ss", "user": "u"}')).toBe('{"password": "***", "user": "u"}');
    expect(redactText(`sa token ${jwt}`)).toBe('sa token ***');
    expect(redactText('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----')).toBe('***');
  });

  test('objects: secret-named keys are masked whole, nested values by pattern', () => {
    expect(
      redact({ cluster_password: 'x', token: 'y', nested: { guest_vm_win_password: 'z', note: 'Bearer q' }, list: ['password=w'] }),
    ).toEqual({
      cluster_password: '***',
      token: '***',
      nested: { guest_vm_win_password: '***', note: 'Bearer ***' },
      list: ['password=***'],
    });
  });

  test('registered literal values are masked anywhere, also inside error stacks', () => {
    registerSecret('Lit3ral-Secret');
    expect(redactText('oc login -p Lit3ral-Secret done')).toBe('oc login -p *** done');
    const error = new Error('login failed for Lit3ral-Secret');
    expect(redact(error)).toMatchObject({ message: 'login failed for ***' });
  });

  test('the log file never contains a token or a password', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-log-'));
    const token = 'sha256~QWxhZGRpbjpvcGVuIHNlc2FtZQ';
    const password = 'Provider-Pa55word';
    registerSecret(password);
    const logger = createLogger({ dataCollectorDir: dir, silentConsole: true });
    logger.info(`using token ${token}`);
    logger.info('provider %s with %s', 'vsphere', password);
    logger.debug('request', { headers: { Authorization: `Bearer ${token}` }, cluster_password: 'Other-Pass-1' });
    logger.error(new Error(`connect failed: password=${password}`));
    logger.warn('kept: plain text stays readable');
    await closeLogger(logger);
    const text = fs.readFileSync(path.join(dir, LOG_FILE_NAME), 'utf8');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(text).toContain('kept: plain text stays readable');
    expect(text).toContain('provider vsphere with ***');
    expect(text).toContain('"headers":{"Authorization":"***"}');
    expect(text).toContain('"cluster_password":"***"');
    for (const secret of [token, 'QWxhZGRpbjpvcGVuIHNlc2FtZQ', password, 'Other-Pass-1']) expect(text).not.toContain(secret);
  });
});
