import { connect } from '../../../lib/k8s/connect';
import { MASK, redactText } from '../../../lib/log';

// A token with no recognisable shape (no "sha256~", no JWT, no "Bearer " prefix): only the literal
// registration can mask it.
const TOKEN = 'plainLabToken4f9c1b27d0e8';
const PASSWORD = 'kube-Adm1n-pass-77';

const kubeconfig = [
  'apiVersion: v1',
  'kind: Config',
  'clusters: [{name: lab, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
  `users: [{name: admin, user: {token: ${TOKEN}}}, {name: basic, user: {username: kubeadmin, password: ${PASSWORD}}}]`,
  'contexts: [{name: lab, context: {cluster: lab, user: admin}}]',
  'current-context: lab',
].join('\n');

test('reading a kubeconfig (the lab target) registers its bearer token and passwords for redaction', async () => {
  expect(redactText(`token is ${TOKEN}`)).toContain(TOKEN); // not masked before the kubeconfig is read
  const log = { info: () => {}, warn: () => {}, debug: () => {}, error: () => {} };
  const client = await connect({ kind: 'kubeconfig', yaml: kubeconfig }, log);
  client.close();
  expect(redactText(`token is ${TOKEN}, password ${PASSWORD}`)).toBe(`token is ${MASK}, password ${MASK}`);
});
