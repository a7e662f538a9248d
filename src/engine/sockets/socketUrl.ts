/**
 * The only URLs Port Zero ever opens: http or https, built from a TCP
 * listener's own address, never from text a process or a workspace file
 * supplied. That keeps "Open in Browser" from becoming a way to open arbitrary
 * schemes or hosts.
 */
import { isIP } from 'node:net';
import { formatEndpoint } from './address';
import { isTcpListener, type Socket } from './socket';

/**
 * `http://127.0.0.1:5173/`, `https://[::1]:5173/`; a wildcard bind (0.0.0.0, ::)
 * is reachable on loopback, and `localhost` lets the browser pick the family.
 * Undefined when the socket cannot serve http or its address is not an IP.
 * Which scheme is WebAddresses' to say (a TLS probe, the user's portsAttributes).
 */
export function socketUrl(socket: Socket, scheme: 'http' | 'https' = 'http'): string | undefined {
  if (!isTcpListener(socket)) return undefined;
  const { address, port } = socket.local;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  if (socket.local.wildcard) return `${scheme}://localhost:${port}/`;
  if (isIP(address) === 0) return undefined;
  return `${scheme}://${formatEndpoint({ address, port })}/`;
}

/** What a user pastes to reach a listener or a peer: `127.0.0.1:5173`, `[::1]:5173`. */
export function endpointText(socket: Socket, side: 'local' | 'peer'): string | undefined {
  const endpoint = side === 'local' ? socket.local : socket.peer;
  return endpoint === undefined ? undefined : formatEndpoint(endpoint);
}

/** The scheme check the adapter repeats after `asExternalUri`, which may rewrite the URL (remote tunnels). */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
