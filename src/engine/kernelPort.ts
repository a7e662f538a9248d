import * as net from 'node:net';

/**
 * Binds `host:0`, reads back the port the kernel chose (getsockname, exposed
 * by Node as `server.address()`), and releases it.
 * The port is free at that instant only: see the allocator for a reservation.
 */
export function askKernelForPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error(`bound ${host}:0 but the socket reports no port`));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
