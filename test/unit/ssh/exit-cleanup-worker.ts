// Opens one tunnel through the fake virtctl, prints the virtctl pid, then exits WITHOUT calling
// closeAll(): the manager's process 'exit' hook must stop virtctl. Run by ssh.test.ts.
import path from 'node:path';
import { silentLog } from '../../../lib/k8s/log';
import { SshConnectionManager } from '../../../utilities/ssh';

const [sshPort] = process.argv.slice(2);
const manager = new SshConnectionManager({
  virtctlPath: path.join(__dirname, 'fake-virtctl.js'),
  server: 'https://api.example:6443',
  token: 'exit-test-token-1234',
  insecureSkipTlsVerify: true,
  credentials: { linux: { user: 'cloud', password: 'linux-pass-1' } },
  log: silentLog,
  connectTimeoutMs: 10_000,
  env: { PATH: process.env['PATH'], FAKE_SSH_PORT: sshPort },
});
manager.connect({ vmName: 'exit-vm', namespace: 'ns', windows: false }).then(
  () => {
    const pids = (manager as unknown as { connections: Map<string, { tunnel?: { pid?: number } }> }).connections;
    process.stdout.write(String([...pids.values()][0]?.tunnel?.pid ?? ''));
    process.exit(0);
  },
  (error: Error) => {
    process.stderr.write(error.message);
    process.exit(1);
  },
);
