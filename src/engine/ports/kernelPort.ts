/**
 * Asking the kernel itself: bind a port to hold it or to learn which one it
 * chose, and tell "port taken" from "no such address here".
 */
import * as net from 'node:net';
import { formatEndpoint } from '../sockets/address';

/** A listening socket held open so the kernel cannot hand its port to anyone else. */
export interface HeldPort {
  port: number;
  close(): Promise<void>;
}

/** Listens on `host:port` (0: the kernel chooses); rejects with the bind error (EADDRINUSE…). */
export function holdPort(host: string, port: number): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    // exclusive: in a cluster worker, bind for real instead of sharing the primary's handle.
    server.listen({ host, port, exclusive: true }, () => {
      const address = server.address();
      const close = (): Promise<void> => new Promise((done) => server.close(() => done()));
      if (address === null || typeof address === 'string') {
        void close();
        reject(new Error(`bound ${formatEndpoint({ address: host, port })} but the socket reports no port`));
        return;
      }
      resolve({ port: address.port, close });
    });
  });
}

/**
 * Binds `host:0`, reads back the port the kernel chose (getsockname, exposed
 * by Node as `server.address()`), and releases it.
 * The port is free at that instant only: see the allocator for a reservation.
 */
export async function askKernelForPort(host = '127.0.0.1'): Promise<number> {
  const held = await holdPort(host, 0);
  await held.close();
  return held.port;
}

/** Errors that mean "this machine has no such address family or address", not "port taken". */
export function isAddressUnavailable(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT' || code === 'EPROTONOSUPPORT';
}

export function isAddressInUse(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EADDRINUSE' || code === 'EACCES';
}

/** Whether the machine has an IPv6 loopback: learned from the first bind on ::1. */
let ipv6Loopback: boolean | undefined;

/** Whether `port` binds on `host` now; `localhost`: on 127.0.0.1 and on ::1 both. */
export async function bindable(host: string, port: number): Promise<boolean> {
  let held: HeldPort;
  try {
    held = await holdPort(host === 'localhost' ? '127.0.0.1' : host, port);
  } catch (e) {
    if (isAddressInUse(e)) return false;
    throw e;
  }
  try {
    return host !== 'localhost' || (await freeOnOtherLoopback(port));
  } finally {
    await held.close();
  }
}

/** For `localhost`: also free on ::1, unless this machine has no IPv6 loopback at all. */
export async function freeOnOtherLoopback(port: number): Promise<boolean> {
  if (ipv6Loopback === false) return true;
  try {
    await (await holdPort('::1', port)).close();
    ipv6Loopback = true;
    return true;
  } catch (e) {
    if (isAddressUnavailable(e)) {
      ipv6Loopback = false;
      return true;
    }
    if (isAddressInUse(e)) return false;
    throw e;
  }
}
