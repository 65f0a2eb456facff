import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LAZY_PACKAGES } from '../../../lib/k8s/client-node-bundle';
import { loadClientNodeCore } from '../../../lib/k8s/client-node';
import { bundleFile, packageVersion } from '../../../lib/runtime/package-bundle';

// lib/k8s/client-node-bundle.ts: the exports of @kubernetes/client-node the suite uses, in one
// cached file; packages only some kubeconfigs need are reached through stand-ins that require them
// at their first use.
const ROOT = path.resolve(__dirname, '../../..');
const nodeRequire = createRequire(path.join(ROOT, 'package.json'));

function clientNodeBundleText(): string {
  const pkg = nodeRequire.resolve('@kubernetes/client-node/package.json');
  const version = packageVersion(nodeRequire, '@kubernetes/client-node');
  const file = bundleFile({ kind: 'client-node', argument: path.join(path.dirname(pkg), 'dist'), version }, nodeRequire);
  return fs.readFileSync(file, 'utf8');
}

const kubeconfig = (proxyUrl?: string): string =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: c',
    '  cluster:',
    '    server: https://api.example.test:6443',
    ...(proxyUrl ? [`    proxy-url: ${proxyUrl}`] : []),
    'users:',
    '- name: u',
    '  user:',
    '    token: not-a-real-token',
    'contexts:',
    '- name: x',
    '  context: {cluster: c, user: u}',
    'current-context: x',
  ].join('\n');

test('every lazily required package sits behind a stand-in in the bundle', () => {
  const text = clientNodeBundleText();
  for (const name of LAZY_PACKAGES) expect(text).toMatch(new RegExp(`// lazy-package:\\S*node_modules/${name}/`));
});

test('the bundle reads a kubeconfig and applies its token (js-yaml and node-fetch load with it)', async () => {
  const k8s = loadClientNodeCore();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig());
  expect(kc.getCurrentCluster()?.server).toBe('https://api.example.test:6443');
  const opts: { headers?: Record<string, string> } = {};
  await kc.applyToHTTPSOptions(opts);
  expect(opts.headers?.Authorization).toBe('Bearer not-a-real-token');
});

test.each([
  ['http://proxy.example.test:3128', 'HttpsProxyAgent'],
  ['socks5://proxy.example.test:1080', 'SocksProxyAgent'],
])('a proxy-url %s gets its agent from the package behind the stand-in (%s)', async (proxyUrl, agentClass) => {
  const k8s = loadClientNodeCore();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(kubeconfig(proxyUrl));
  const opts: Parameters<typeof kc.applyToHTTPSOptions>[0] = {};
  await kc.applyToHTTPSOptions(opts);
  // esbuild may suffix a class name it bundles twice (HttpsProxyAgent2).
  expect(opts.agent?.constructor.name).toMatch(new RegExp(`^${agentClass}\\d*$`));
});
