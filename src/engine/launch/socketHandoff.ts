/**
 * A listening socket bound by the launcher to be inherited by the server it
 * starts (the `socket` strategy). The only place that reaches into Node's
 * private `server._handle.fd`: `spawn` accepts a descriptor number in its
 * stdio array, but passing the Server itself throws
 * (`stream._stdio.pause is not a function`).
 */
import * as net from 'node:net';
import { formatEndpoint } from '../sockets/address';

export interface HandOffSocket {
  /** The descriptor number to put in spawn's stdio array. */
  readonly fd: number;
  readonly host: string;
  readonly port: number;
  /** Closes the launcher's copy; the child's inherited copy keeps listening. */
  close(): Promise<void>;
}

interface HandleWithFd {
  fd?: unknown;
}

export function descriptorOf(server: net.Server): number {
  const handle = (server as unknown as { _handle?: HandleWithFd | null })._handle;
  const fd = handle?.fd;
  if (typeof fd !== 'number' || fd < 0) {
    throw new Error('this Node.js does not expose the listening socket\'s descriptor');
  }
  return fd;
}

export function bindHandOffSocket(host: string, port = 0): Promise<HandOffSocket> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    // Between listen and the spawn the launcher's own libuv accepts
    // connections (Node offers no listen without accept): such a client is
    // closed at once rather than left hanging on a socket nobody serves.
    server.on('connection', (socket) => socket.destroy());
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', reject);
      const address = server.address();
      let fd: number;
      try {
        if (address === null || typeof address === 'string') throw new Error(`bound ${formatEndpoint({ address: host, port })} but it reports no port`);
        fd = descriptorOf(server);
      } catch (e) {
        server.close();
        reject(e);
        return;
      }
      let closed: Promise<void> | undefined;
      resolve({
        fd,
        host,
        port: address.port,
        close: () => (closed ??= new Promise((done) => server.close(() => done()))),
      });
    });
  });
}
