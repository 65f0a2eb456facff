import net from 'node:net';

/**
 * A currently free local port: bind port 0, read the port, close. Another process can take it
 * before virtctl binds; the tunnel then exits with "address already in use" and the caller's
 * next attempt picks a new port.
 */
export function freeLocalPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
