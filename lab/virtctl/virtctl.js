#!/usr/bin/env node
// The lab's virtctl: a single-file Node.js program (no dependencies) that the lab serves through
// the virtctl ConsoleCLIDownload. It implements the parts of KubeVirt's virtctl the suite uses:
//
//   virtctl port-forward <vm|vmi>/<name>[.<namespace>] [<local>:]<remote> ... [--namespace ns]
//       [--address 127.0.0.1] [--server URL] [--token T] [--kubeconfig PATH]
//       [--insecure-skip-tls-verify] [--certificate-authority FILE] [-v N] [--stdio]
//   virtctl version [--client]
//
// Each accepted local TCP connection opens a WebSocket (subprotocol plain.kubevirt.io, binary
// frames carrying the raw stream) to the KubeVirt port-forward subresource, authenticated with the
// bearer token, and pipes bytes both ways. Logs are JSON lines on stderr like KubeVirt's; the token
// is never printed.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const https = require('node:https');
const crypto = require('node:crypto');
const { Duplex } = require('node:stream');

const VERSION = {
  gitVersion: 'v1.6.2-mtv-lab',
  gitCommit: '6f2f3d1c0a5e4b7d9c8e2a1b3f4d5e6a7b8c9d0e',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
};
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const SUBPROTOCOL = 'plain.kubevirt.io';

let verbosity = 0;
function log(level, msg, extra) {
  const entry = Object.assign(
    { component: 'portforward', level, msg, pos: 'portforwarder.go:23', timestamp: new Date().toISOString() },
    extra || {},
  );
  process.stderr.write(JSON.stringify(entry) + '\n');
}
function debug(v, msg) {
  if (verbosity >= v) log('info', msg);
}
function fail(message) {
  process.stderr.write(`Error: ${message}\n`);
  process.exit(1);
}

// ---- arguments -----------------------------------------------------------------------------

const VALUE_FLAGS = new Set(['namespace', 'n', 'address', 'server', 's', 'token', 'kubeconfig', 'v', 'certificate-authority', 'context']);
const BOOL_FLAGS = new Set(['insecure-skip-tls-verify', 'client', 'stdio', 'udp', 'help', 'h']);

function parseArgs(argv) {
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(a);
    if (!m || a === '-') {
      positional.push(a);
      continue;
    }
    const name = m[1];
    if (BOOL_FLAGS.has(name)) {
      flags[name] = m[2] === undefined ? true : m[2] !== 'false';
    } else if (VALUE_FLAGS.has(name)) {
      const value = m[2] !== undefined ? m[2] : argv[++i];
      if (value === undefined) fail(`flag needs an argument: ${a}`);
      flags[name] = value;
    } else {
      fail(`unknown flag: ${a}`);
    }
  }
  return { flags, positional };
}

// ---- kubeconfig (JSON or the block-YAML subset kubeconfigs use) ---------------------------

function parseScalar(s) {
  s = s.trim();
  if (s === '' || s === '~' || s === 'null') return null;
  if (s.startsWith('"')) return JSON.parse(s);
  if (s.startsWith("'")) return s.slice(1, -1).replace(/''/g, "'");
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (s === '[]') return [];
  if (s === '{}') return {};
  return s;
}

/** Parses indentation-based YAML mappings and sequences of mappings/scalars (no anchors, no flow collections beyond [] and {}). */
function parseYaml(text) {
  const lines = [];
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(raw) || raw.trim() === '---') continue;
    lines.push({ indent: raw.length - raw.trimStart().length, text: raw.trim() });
  }
  let pos = 0;
  function parseBlock(indent) {
    const first = lines[pos];
    if (!first || first.indent < indent) return null;
    if (first.text.startsWith('- ') || first.text === '-') {
      const arr = [];
      const ind = first.indent;
      while (pos < lines.length && lines[pos].indent === ind && (lines[pos].text.startsWith('- ') || lines[pos].text === '-')) {
        const rest = lines[pos].text.replace(/^-\s?/, '');
        if (rest === '') {
          pos++;
          arr.push(parseBlock(ind + 1));
        } else if (/^[^'"][^:]*:(\s|$)/.test(rest)) {
          // "- key: value" starts a mapping whose further keys are indented past the dash
          lines[pos] = { indent: ind + 2, text: rest };
          arr.push(parseMap(ind + 2));
        } else {
          pos++;
          arr.push(parseScalar(rest));
        }
      }
      return arr;
    }
    return parseMap(first.indent);
  }
  function parseMap(ind) {
    const obj = {};
    while (pos < lines.length && lines[pos].indent === ind && !lines[pos].text.startsWith('- ')) {
      const line = lines[pos].text;
      const m = /^("[^"]*"|'[^']*'|[^:]+):(?:\s+(.*))?$/.exec(line);
      if (!m) throw new Error(`cannot parse kubeconfig line: ${line}`);
      const key = String(parseScalar(m[1]));
      pos++;
      if (m[2] !== undefined && m[2] !== '') obj[key] = parseScalar(m[2]);
      else if (pos < lines.length && (lines[pos].indent > ind || (lines[pos].indent === ind && lines[pos].text.startsWith('- '))))
        obj[key] = parseBlock(lines[pos].indent);
      else obj[key] = null;
    }
    return obj;
  }
  return parseBlock(0) || {};
}

function loadKubeconfig(explicitPath, contextName) {
  const candidates = explicitPath
    ? [explicitPath]
    : process.env.KUBECONFIG
      ? process.env.KUBECONFIG.split(path.delimiter)
      : [path.join(os.homedir(), '.kube', 'config')];
  const file = candidates.find((p) => p && fs.existsSync(p));
  if (!file) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const cfg = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  const ctxName = contextName || cfg['current-context'];
  const byName = (list, name) => (list || []).find((e) => e && e.name === name);
  const ctx = byName(cfg.contexts, ctxName);
  if (!ctx) fail(`context "${ctxName}" not found in ${file}`);
  const cluster = (byName(cfg.clusters, ctx.context.cluster) || {}).cluster || {};
  const user = (byName(cfg.users, ctx.context.user) || {}).user || {};
  const readData = (data, fileRef) =>
    data ? Buffer.from(data, 'base64') : fileRef ? fs.readFileSync(path.resolve(path.dirname(file), fileRef)) : undefined;
  return {
    server: cluster.server,
    insecure: cluster['insecure-skip-tls-verify'] === true,
    ca: readData(cluster['certificate-authority-data'], cluster['certificate-authority']),
    token: user.token || (user.tokenFile ? fs.readFileSync(user.tokenFile, 'utf8').trim() : undefined),
    cert: readData(user['client-certificate-data'], user['client-certificate']),
    key: readData(user['client-key-data'], user['client-key']),
    namespace: ctx.context.namespace,
  };
}

function connectionSettings(flags) {
  const kc = (flags.server && flags.token ? undefined : loadKubeconfig(flags.kubeconfig, flags.context)) || {};
  const server = flags.server || flags.s || kc.server;
  if (!server) fail('no server found: pass --server or --kubeconfig');
  return {
    server: String(server).replace(/\/+$/, ''),
    token: flags.token || kc.token,
    insecure: Boolean(flags['insecure-skip-tls-verify']) || Boolean(kc.insecure),
    ca: flags['certificate-authority'] ? fs.readFileSync(flags['certificate-authority']) : kc.ca,
    cert: kc.cert,
    key: kc.key,
    namespace: flags.namespace || flags.n || kc.namespace || 'default',
  };
}

// ---- WebSocket client (RFC 6455, client side) -------------------------------------------------

function encodeFrame(opcode, payload) {
  const len = payload.length;
  let header;
  if (len < 126) {
    header = Buffer.alloc(2);
    header[1] = 0x80 | len;
  } else if (len < 65536) {
    header = Buffer.alloc(4);
    header[1] = 0x80 | 126;
    header.writeUInt16BE(len, 2);
  } else {
    header = Buffer.alloc(10);
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(len), 2);
  }
  header[0] = 0x80 | opcode; // FIN + opcode
  const mask = crypto.randomBytes(4);
  const masked = Buffer.alloc(len);
  for (let i = 0; i < len; i++) masked[i] = payload[i] ^ mask[i & 3];
  return Buffer.concat([header, mask, masked]);
}

/** Incremental frame parser: feed bytes, get complete frames. */
class FrameReader {
  constructor() {
    this.buf = Buffer.alloc(0);
  }
  push(chunk) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const frames = [];
    for (;;) {
      if (this.buf.length < 2) break;
      const b0 = this.buf[0];
      const b1 = this.buf[1];
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buf.length < 4) break;
        len = this.buf.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buf.length < 10) break;
        len = Number(this.buf.readBigUInt64BE(2));
        off = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      const maskOff = off;
      if (masked) off += 4;
      if (this.buf.length < off + len) break;
      let payload = this.buf.subarray(off, off + len);
      if (masked) {
        const mask = this.buf.subarray(maskOff, maskOff + 4);
        payload = Buffer.from(payload);
        for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i & 3];
      }
      frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
      this.buf = this.buf.subarray(off + len);
    }
    return frames;
  }
}

function openTunnel(settings, kind, name, namespace, remotePort, onOpen, onError) {
  const url = new URL(
    `${settings.server}/apis/subresources.kubevirt.io/v1/namespaces/${encodeURIComponent(namespace)}/${kind}/${encodeURIComponent(name)}/portforward/${remotePort}/tcp`,
  );
  const key = crypto.randomBytes(16).toString('base64');
  const headers = {
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': key,
    'Sec-WebSocket-Protocol': SUBPROTOCOL,
    'User-Agent': `virtctl/${VERSION.gitVersion}`,
  };
  if (settings.token) headers.Authorization = `Bearer ${settings.token}`;
  const isTls = url.protocol === 'https:';
  const opts = { method: 'GET', hostname: url.hostname, port: url.port || (isTls ? 443 : 80), path: url.pathname + url.search, headers };
  if (isTls) {
    opts.rejectUnauthorized = !settings.insecure;
    if (settings.ca) opts.ca = settings.ca;
    if (settings.cert && settings.key) {
      opts.cert = settings.cert;
      opts.key = settings.key;
    }
  }
  debug(3, `GET ${url.pathname} (upgrade to websocket, subprotocol ${SUBPROTOCOL})`);
  const req = (isTls ? https : http).request(opts);
  req.on('upgrade', (res, socket, head) => {
    const expected = crypto
      .createHash('sha1')
      .update(key + WS_GUID)
      .digest('base64');
    if (res.headers['sec-websocket-accept'] !== expected) {
      socket.destroy();
      onError(new Error('bad Sec-WebSocket-Accept from server'));
      return;
    }
    onOpen(socket, head);
  });
  req.on('response', (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let message = body.trim();
      try {
        const status = JSON.parse(body);
        if (status && status.message) message = status.message;
      } catch (_) {
        /* not a Status body */
      }
      onError(new Error(`websocket: bad handshake (HTTP ${res.statusCode}): ${message}`));
    });
  });
  req.on('error', onError);
  req.end();
}

/** Pipes one accepted TCP connection through a fresh WebSocket tunnel. */
function forwardConnection(conn, settings, target, remotePort) {
  debug(2, `opening new tcp tunnel to ${remotePort}`);
  conn.pause();
  let closed = false;
  const closeAll = (ws) => {
    if (closed) return;
    closed = true;
    conn.destroy();
    if (ws) ws.destroy();
  };
  openTunnel(
    settings,
    target.kind,
    target.name,
    target.namespace,
    remotePort,
    (ws, head) => {
      const reader = new FrameReader();
      const sendClose = () => {
        if (!ws.destroyed && !ws.writableEnded) ws.end(encodeFrame(0x8, Buffer.from([0x03, 0xe8])));
      };
      const onFrames = (data) => {
        for (const f of reader.push(data)) {
          if (f.opcode === 0x2 || f.opcode === 0x1 || f.opcode === 0x0) {
            if (f.payload.length && !conn.write(f.payload)) {
              ws.pause();
              conn.once('drain', () => ws.resume());
            }
          } else if (f.opcode === 0x8) {
            // A close with a status other than 1000 carries the reason (e.g. virt-handler's dial error).
            const code = f.payload.length >= 2 ? f.payload.readUInt16BE(0) : 1005;
            if (code === 1000 || code === 1005) debug(3, 'server closed the tunnel');
            else log('error', `error encountered: websocket: close ${code}: ${f.payload.subarray(2).toString('utf8')}`);
            conn.end();
            sendClose();
            return;
          } else if (f.opcode === 0x9) {
            ws.write(encodeFrame(0xa, f.payload));
          }
        }
      };
      if (head && head.length) onFrames(head);
      ws.on('data', onFrames);
      ws.on('end', () => conn.end());
      ws.on('close', () => closeAll());
      ws.on('error', (e) => {
        log('error', `tunnel error: ${e.message}`);
        closeAll(ws);
      });
      conn.on('data', (chunk) => {
        // Once the tunnel is closing (either side), bytes still arriving locally have nowhere to go.
        if (ws.destroyed || ws.writableEnded) return;
        if (!ws.write(encodeFrame(0x2, chunk))) {
          conn.pause();
          ws.once('drain', () => conn.resume());
        }
      });
      conn.on('end', sendClose);
      conn.on('close', () => {
        if (!closed) {
          closed = true;
          sendClose();
        }
      });
      conn.on('error', () => closeAll(ws));
      conn.resume();
    },
    (err) => {
      log('error', `error encountered: ${err.message}`);
      closeAll();
    },
  );
}

function parseTarget(spec, namespaceFlag) {
  const m = /^(vm|vmi|virtualmachine|virtualmachineinstance|virtualmachines|virtualmachineinstances)\/([^/]+)$/.exec(spec || '');
  if (!m) fail(`target must be vm/<name> or vmi/<name>[.<namespace>], got ${JSON.stringify(spec)}`);
  const kind = m[1].startsWith('vmi') || m[1].startsWith('virtualmachineinstance') ? 'virtualmachineinstances' : 'virtualmachines';
  let name = m[2];
  let namespace = namespaceFlag;
  const dot = name.indexOf('.');
  if (dot > 0 && !namespaceFlag) {
    namespace = name.slice(dot + 1);
    name = name.slice(0, dot);
  }
  return { kind, name, namespace };
}

function parsePort(spec) {
  const m = /^(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(spec);
  if (!m) fail(`invalid port specification ${JSON.stringify(spec)}: expected [local:]remote`);
  const remote = Number(m[2]);
  const local = m[1] !== undefined ? Number(m[1]) : remote;
  if (m[3] === 'udp') fail('udp forwarding is not supported by the lab virtctl');
  return { local, remote };
}

function portForward(flags, positional) {
  if (positional.length < 2) fail('usage: virtctl port-forward vm/<name> [<local>:]<remote>...');
  const settings = connectionSettings(flags);
  const target = parseTarget(positional[0], flags.namespace || flags.n);
  if (!target.namespace) target.namespace = settings.namespace;
  if (flags.stdio) {
    // --stdio: one tunnel on stdin/stdout, e.g. as an OpenSSH ProxyCommand.
    const { remote } = parsePort(positional[1]);
    const conn = Duplex.from({ readable: process.stdin, writable: process.stdout });
    conn.on('close', () => process.exit(0));
    forwardConnection(conn, settings, target, remote);
    return;
  }
  const address = flags.address || '127.0.0.1';
  const servers = [];
  const shutdown = () => {
    for (const s of servers) s.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  for (const spec of positional.slice(1)) {
    const { local, remote } = parsePort(spec);
    const server = net.createServer((conn) => forwardConnection(conn, settings, target, remote));
    server.on('error', (e) => fail(`cannot listen on ${address}:${local}: ${e.message}`));
    server.listen(local, address, () => {
      const bound = server.address();
      log('info', `forwarding tcp ${address}:${bound.port} to ${remote}`);
    });
    servers.push(server);
  }
}

function printClientVersion() {
  process.stdout.write(
    `Client Version: version.Info{GitVersion:"${VERSION.gitVersion}", GitCommit:"${VERSION.gitCommit}", GitTreeState:"${VERSION.gitTreeState}", BuildDate:"${VERSION.buildDate}", GoVersion:"node${process.versions.node}", Compiler:"node", Platform:"${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}"}\n`,
  );
}

function version(flags) {
  printClientVersion();
  if (flags.client) return;
  const settings = connectionSettings(flags);
  const url = new URL(`${settings.server}/apis/subresources.kubevirt.io/v1/version`);
  const isTls = url.protocol === 'https:';
  const headers = settings.token ? { Authorization: `Bearer ${settings.token}` } : {};
  const req = (isTls ? https : http).get(
    { hostname: url.hostname, port: url.port, path: url.pathname, headers, rejectUnauthorized: !settings.insecure, ca: settings.ca },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        if (res.statusCode !== 200) fail(`could not get the server version: HTTP ${res.statusCode}`);
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        process.stdout.write(
          `Server Version: version.Info{GitVersion:"${v.gitVersion}", GitCommit:"${v.gitCommit}", GitTreeState:"${v.gitTreeState}", BuildDate:"${v.buildDate}", GoVersion:"${v.goVersion}", Compiler:"${v.compiler}", Platform:"${v.platform}"}\n`,
        );
      });
    },
  );
  req.on('error', (e) => fail(`could not get the server version: ${e.message}`));
}

function main() {
  const argv = process.argv.slice(2);
  const command = argv[0];
  const { flags, positional } = parseArgs(argv.slice(1));
  if (flags.v !== undefined) verbosity = Number(flags.v) || 0;
  switch (command) {
    case 'port-forward':
      portForward(flags, positional);
      break;
    case 'version':
      version(flags);
      break;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(
        'virtctl controls virtual machine related operations on your kubernetes cluster.\n\nAvailable Commands:\n  port-forward  Forward local ports to a virtualmachine or virtualmachineinstance.\n  version       Print the client and server version information.\n',
      );
      break;
    default:
      fail(`unknown command "${command}" for "virtctl"`);
  }
}

if (require.main === module) main();
module.exports = { parseYaml, parseArgs, FrameReader, encodeFrame };
