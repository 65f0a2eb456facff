import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { effectiveTimeout, loadConfig, resolveRunSettings, resolveTarget, DEFAULTS } from '../../../lib/config';
import { ConfigValueError, MissingConfigError, TargetConfigError, UnknownConfigKeyError } from '../../../exceptions/config';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mtv-config-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('config layering', () => {
  test('defaults mirror the Python globals', () => {
    const { config, sources } = loadConfig({ env: {} });
    expect(config).toMatchObject({
      insecure_verify_skip: true,
      source_provider_insecure_skip_verify: false,
      target_namespace_prefix: 'auto',
      mtv_namespace: 'openshift-mtv',
      remote_ocp_cluster: '',
      snapshots_interval: 2,
      mins_before_cutover: 5,
      plan_wait_timeout: 3600,
    });
    expect(sources.plan_wait_timeout).toBe('default');
    expect(config.source_provider).toBeUndefined();
  });

  test('defaults < file < env < --tc, each key from the highest layer that sets it', () => {
    const file = write('c.yaml', 'plan_wait_timeout: 100\nmtv_namespace: from-file\nsnapshots_interval: 7\nstorage_class: file-sc\n');
    const { config, sources } = loadConfig({
      configFile: file,
      env: { MTV_TESTS_MTV_NAMESPACE: 'from-env', MTV_TESTS_SNAPSHOTS_INTERVAL: '9', CLUSTER_USERNAME: 'kubeadmin' },
      tc: ['snapshots_interval:11', 'cluster_host:https://api.x:6443'],
    });
    expect(config.plan_wait_timeout).toBe(100);
    expect(sources.plan_wait_timeout).toBe(`file ${file}`);
    expect(config.mtv_namespace).toBe('from-env');
    expect(sources.mtv_namespace).toBe('env MTV_TESTS_MTV_NAMESPACE');
    expect(config.snapshots_interval).toBe(11); // a number, coerced from the --tc string
    expect(sources.snapshots_interval).toBe('--tc');
    expect(config.cluster_host).toBe('https://api.x:6443'); // the value may contain ':'
    expect(config.cluster_username).toBe('kubeadmin');
    expect(config.storage_class).toBe('file-sc');
    expect(config.mins_before_cutover).toBe(DEFAULTS.mins_before_cutover);
  });

  test('string booleans "true"/"false" (any case) become booleans; anything else is an error', () => {
    expect(loadConfig({ env: {}, tc: ['insecure_verify_skip:false'] }).config.insecure_verify_skip).toBe(false);
    expect(
      loadConfig({ env: { MTV_TESTS_SOURCE_PROVIDER_INSECURE_SKIP_VERIFY: 'True' } }).config.source_provider_insecure_skip_verify,
    ).toBe(true);
    expect(() => loadConfig({ env: {}, tc: ['insecure_verify_skip:yes'] })).toThrow(
      'config "insecure_verify_skip" from --tc must be a boolean (true or false), got "yes"',
    );
    expect(() => loadConfig({ env: {}, tc: ['plan_wait_timeout:soon'] })).toThrow(ConfigValueError);
  });

  test('unknown keys are errors that list the known keys', () => {
    expect(() => loadConfig({ env: {}, tc: ['storage_clas:x'] })).toThrow(UnknownConfigKeyError);
    expect(() => loadConfig({ env: {}, tc: ['storage_clas:x'] })).toThrow(
      /unknown config key "storage_clas" \(from --tc\); known keys: .*storage_class/,
    );
    expect(() => loadConfig({ env: { MTV_TESTS_PLAN_TIMEOUT: '1' } })).toThrow(
      'unknown config key "plan_timeout" (from env MTV_TESTS_PLAN_TIMEOUT)',
    );
    expect(() => loadConfig({ configFile: write('bad.json', '{"nope": 1}'), env: {} })).toThrow('unknown config key "nope"');
    expect(() => loadConfig({ env: {}, tc: ['novalue'] })).toThrow('--tc expects key:value, got "novalue"');
  });
});

describe('target selection', () => {
  const base = () => loadConfig({ env: {} }).config;

  test('no cluster named → the lab, even when KUBECONFIG and ~/.kube/config exist', () => {
    const kubeconfig = write('kubeconfig', 'apiVersion: v1\n');
    const home = fs.mkdtempSync(path.join(tmp, 'home-'));
    fs.mkdirSync(path.join(home, '.kube'));
    fs.writeFileSync(path.join(home, '.kube', 'config'), 'apiVersion: v1\n');
    const target = resolveTarget({ config: base(), env: { KUBECONFIG: kubeconfig }, homeDir: home });
    expect(target.kind).toBe('lab');
  });

  test('cluster_host with a token or user/password; TLS warning when not verified', () => {
    const t = resolveTarget({ config: { ...base(), cluster_host: 'api.c.example.com', cluster_token: 'sha256~abcdefghijkl' }, env: {} });
    expect(t).toMatchObject({
      kind: 'cluster',
      auth: { method: 'token', server: 'https://api.c.example.com:6443' },
      insecureSkipTlsVerify: true,
    });
    expect(t.kind === 'cluster' && t.warnings[0]).toContain('TLS certificate of https://api.c.example.com:6443 is NOT verified');
    const p = resolveTarget({
      config: { ...base(), insecure_verify_skip: false, cluster_host: 'https://h:6443', cluster_username: 'u', cluster_password: 'p' },
      env: {},
    });
    expect(p).toMatchObject({ kind: 'cluster', auth: { method: 'password', username: 'u' }, warnings: [] });
  });

  test('incomplete or conflicting cluster settings are one-line errors naming the fix', () => {
    expect(() => resolveTarget({ config: { ...base(), cluster_host: 'h' }, env: {} })).toThrow(
      /has no credentials: pass --tc cluster_token/,
    );
    expect(() => resolveTarget({ config: { ...base(), cluster_token: 't' }, env: {} })).toThrow(/add --tc cluster_host/);
    expect(() => resolveTarget({ config: { ...base(), cluster_host: 'h', cluster_token: 't' }, target: 'lab', env: {} })).toThrow(
      TargetConfigError,
    );
    expect(() => resolveTarget({ config: base(), kubeconfig: path.join(tmp, 'missing'), env: {} })).toThrow(/does not exist/);
    expect(() => resolveTarget({ config: base(), target: 'cluster', env: {}, homeDir: path.join(tmp, 'nohome') })).toThrow(
      /found no kubeconfig/,
    );
  });

  test('--target cluster alone uses the standard kubeconfig, because it was asked for', () => {
    const kubeconfig = write('kc2', 'apiVersion: v1\n');
    const t = resolveTarget({ config: base(), target: 'cluster', env: { KUBECONFIG: kubeconfig } });
    expect(t).toMatchObject({ kind: 'cluster', auth: { method: 'kubeconfig', kubeconfigPath: kubeconfig } });
  });
});

describe('run settings', () => {
  test('the lab supplies source_provider, storage_class and the time-scaled profile; user values win', () => {
    const s = resolveRunSettings({ env: {}, tc: ['inventory_timeout:42'], dryRun: false, cwd: tmp });
    expect(s.target.kind).toBe('lab');
    expect(s.config.source_provider).toBe('vsphere');
    expect(s.config.storage_class).toBe('mtv-block');
    expect(s.sources.storage_class).toBe('lab');
    expect(s.config.plan_wait_timeout).toBeLessThan(DEFAULTS.plan_wait_timeout);
    expect(s.config.inventory_timeout).toBe(42);
    expect(s.sourceProviderType).toBe('vsphere');
  });

  test('a real-cluster run without source_provider or storage_class fails before touching the cluster', () => {
    const tc = ['cluster_host:https://api.x:6443', 'cluster_token:tok-123456'];
    expect(() => resolveRunSettings({ env: {}, tc, dryRun: false, cwd: tmp })).toThrow(MissingConfigError);
    expect(() => resolveRunSettings({ env: {}, tc, dryRun: false, cwd: tmp })).toThrow(
      'missing required config "source_provider": pass --tc source_provider:',
    );
    expect(() => resolveRunSettings({ env: {}, tc: [...tc, 'source_provider:v'], dryRun: false, cwd: tmp })).toThrow('--tc storage_class:');
    // dry runs (--list / --plan) do not need them
    expect(resolveRunSettings({ env: {}, tc, dryRun: true, cwd: tmp }).target.kind).toBe('cluster');
  });
});

describe('effective timeouts', () => {
  test('a scenario value wins on a cluster; in the lab the time profile caps it', () => {
    const lab = resolveRunSettings({ env: {}, dryRun: false, cwd: tmp });
    expect(effectiveTimeout('guest_agent_timeout', 600, lab)).toBe(lab.config.guest_agent_timeout);
    expect(effectiveTimeout('guest_agent_timeout', 5, lab)).toBe(5);
    expect(effectiveTimeout('guest_agent_timeout', undefined, lab)).toBe(lab.config.guest_agent_timeout);
    const cluster = { config: loadConfig({ env: {} }).config, target: { kind: 'cluster' as const } };
    expect(effectiveTimeout('guest_agent_timeout', 600, cluster)).toBe(600);
    expect(effectiveTimeout('guest_agent_timeout', undefined, cluster)).toBe(301);
  });
});
