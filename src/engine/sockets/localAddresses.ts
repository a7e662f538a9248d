/**
 * This machine's own interface addresses. A listener can be bound to an
 * address that is not (IP_FREEBIND, IP_TRANSPARENT); a browser sent there
 * would leave the machine, so only loopback, wildcard binds and these are
 * ever opened. Interfaces change rarely; the list is read again at most
 * every few seconds, since views ask once per row.
 */
import * as os from 'node:os';
import type { Endpoint } from './socket';

const FRESH_MS = 5000;
let cached: { at: number; addresses: ReadonlySet<string> } | undefined;

export function localAddresses(now = Date.now()): ReadonlySet<string> {
  if (cached === undefined || now - cached.at > FRESH_MS) {
    const addresses = new Set<string>();
    for (const list of Object.values(os.networkInterfaces())) {
      // Link-local IPv6 comes with a zone (`fe80::1%eth0`); the socket table shows it without.
      for (const info of list ?? []) addresses.add(info.address.replace(/%.*$/, ''));
    }
    cached = { at: now, addresses };
  }
  return cached.addresses;
}

/** Whether a browser may be sent to this local address: loopback, a wildcard bind, or one of this machine's addresses. */
export function isBrowsable(local: Pick<Endpoint, 'address' | 'loopback' | 'wildcard'>): boolean {
  return local.loopback || local.wildcard || localAddresses().has(local.address);
}
