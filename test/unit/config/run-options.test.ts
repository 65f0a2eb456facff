import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, resolveTarget } from '../../../lib/config';
import { redactText } from '../../../lib/log';
import {
  adoptRunOptions,
  readRunOptions,
  RUN_FILE_ENV,
  RUN_FILE_FORMAT,
  runOptions,
  splitSecrets,
  writeRunOptions,
  type RunOptions,
} from '../../../lib/environment/run-options';

describe('run options file', () => {
  test('cluster secrets travel in the environment, never in the file, and come back when it is read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-runopts-'));
    const { config, sources } = loadConfig({
      env: {},
      tc: ['cluster_host:https://api.c:6443', 'cluster_token:sha256~TopSecretToken12345', 'storage_class:sc'],
    });
    const options: RunOptions = {
      format: RUN_FILE_FORMAT,
      runId: 'run-1',
      config,
      sources,
      target: resolveTarget({ config, env: {} }),
      providersPath: '/x/.providers.json',
      sourceProviderType: 'vsphere',
      dataCollectorDir: dir,
      skipTeardown: false,
      skipDataCollector: false,
      labFaults: [],
      suiteModule: '/x/fixtures/suite.ts',
      scenarios: [],
    };
    const file = path.join(dir, 'run-options.json');
    const { options: publicOptions, env } = splitSecrets(options);
    writeRunOptions(file, publicOptions);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('TopSecretToken12345');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(env).toEqual({ MTV_TESTS_CLUSTER_TOKEN: 'sha256~TopSecretToken12345' });
    const back = readRunOptions({ [RUN_FILE_ENV]: file, ...env });
    expect(back.config.cluster_token).toBe('sha256~TopSecretToken12345');
    expect(back.target).toMatchObject({ kind: 'cluster', auth: { method: 'token', token: 'sha256~TopSecretToken12345' } });
    // A worker process registers what it reads, so its logs mask it too.
    readRunOptions({ [RUN_FILE_ENV]: file, MTV_TESTS_CLUSTER_TOKEN: 'Worker-Only-Token-987' });
    expect(redactText('x Worker-Only-Token-987 y')).toBe('x *** y');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a process reads the file at most once, and the writer never reads it back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-runopts-'));
    const { config, sources } = loadConfig({ env: {}, tc: ['storage_class:sc'] });
    const options: RunOptions = {
      format: RUN_FILE_FORMAT,
      runId: 'run-2',
      config,
      sources,
      target: { kind: 'lab', why: 'test' },
      providersPath: '/x/.providers.json',
      sourceProviderType: 'vsphere',
      dataCollectorDir: dir,
      skipTeardown: false,
      skipDataCollector: false,
      labFaults: [],
      suiteModule: '/x/fixtures/suite.ts',
      scenarios: [],
    };
    const file = path.join(dir, 'run-options.json');
    writeRunOptions(file, options);
    const first = runOptions({ [RUN_FILE_ENV]: file });
    fs.rmSync(file);
    expect(runOptions({ [RUN_FILE_ENV]: file })).toBe(first); // not read again: the file is gone
    const other = path.join(dir, 'other.json');
    adoptRunOptions(other, { ...options, runId: 'run-3' });
    expect(runOptions({ [RUN_FILE_ENV]: other }).runId).toBe('run-3'); // never written, never read
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('reading without the CLI says how scenario files are meant to run', () => {
    expect(() => readRunOptions({})).toThrow('MTV_TESTS_RUN_FILE is not set: scenario files run through `npm test` (bin/mtv-tests.ts)');
  });
});
