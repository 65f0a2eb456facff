#!/usr/bin/env node
// Test double for `virtctl port-forward`: checks the argument shape the suite must use, prints
// KubeVirt-style JSON log lines on stderr (one of them deliberately containing the token, as a
// verbose client might), listens on the requested local port and pipes each connection to the
// test's SSH server at FAKE_SSH_PORT. FAKE_VIRTCTL_MODE=fail exits like a VM that is not running;
// FAKE_VIRTCTL_MODE=silent never prints the readiness line (readiness by connection attempts).
'use strict';
const net = require('node:net');
const fs = require('node:fs');
const args = process.argv.slice(2);
const mode = process.env.FAKE_VIRTCTL_MODE || '';
const log = (msg) =>
  process.stderr.write(JSON.stringify({ component: 'portforward', level: 'info', msg, timestamp: new Date().toISOString() }) + '\n');
if (process.env.FAKE_VIRTCTL_ARGS_FILE) fs.appendFileSync(process.env.FAKE_VIRTCTL_ARGS_FILE, JSON.stringify(args) + '\n');
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (
  args[0] !== 'port-forward' ||
  !/^vm\/[a-z0-9.-]+$/.test(args[1] || '') ||
  !/^\d+:22$/.test(args[2] || '') ||
  !flag('--namespace') ||
  flag('--address') !== '127.0.0.1' ||
  !flag('--server') ||
  !flag('--token') ||
  flag('-v') !== '3'
) {
  process.stderr.write(`Error: unexpected arguments\n`);
  process.exit(2);
}
log(`connecting to ${flag('--server')} with bearer token ${flag('--token')}`);
if (mode === 'fail') {
  process.stderr.write(`Error: can't access VMI ${args[1].slice(3)}: Internal error occurred: VirtualMachineInstance is not running\n`);
  process.exit(1);
}
const local = Number(args[2].split(':')[0]);
const server = net.createServer((conn) => {
  log('opening new tcp tunnel to 22');
  const upstream = net.connect(Number(process.env.FAKE_SSH_PORT), '127.0.0.1');
  conn.pipe(upstream).pipe(conn);
  upstream.on('error', () => conn.destroy());
  conn.on('error', () => upstream.destroy());
});
server.listen(local, '127.0.0.1', () => {
  if (mode !== 'silent') log(`forwarding tcp 127.0.0.1:${local} to 22`);
});
process.on('SIGTERM', () => process.exit(0));
