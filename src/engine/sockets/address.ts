/**
 * Addresses as people write them: IPv4 dotted, IPv6 compressed per RFC 5952
 * (https://www.rfc-editor.org/rfc/rfc5952#section-4), IPv4-mapped IPv6 shown
 * as IPv4. Both sources (procfs, systeminformation) end up here so the same
 * socket prints the same way whichever engine saw it.
 */
import { Endpoint, Family } from './socket';

/** `127.0.0.1:3000`, `[::1]:3000`: brackets keep the port apart from an IPv6 address (RFC 3986 §3.2.2). */
export function formatEndpoint(endpoint: Pick<Endpoint, 'address' | 'port'>): string {
  return endpoint.address.includes(':')
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

export function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/** Eight 16-bit groups to RFC 5952 text: lowercase, no leading zeros, the longest run (≥ 2) of zero groups as `::`, the first on a tie. */
export function compressIpv6(groups: ArrayLike<number>): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return Array.from({ length: 8 }, (_, i) => groups[i].toString(16)).join(':');
  const head: string[] = [];
  const tail: string[] = [];
  for (let i = 0; i < bestStart; i++) head.push(groups[i].toString(16));
  for (let i = bestStart + bestLength; i < 8; i++) tail.push(groups[i].toString(16));
  return `${head.join(':')}::${tail.join(':')}`;
}

/** ::ffff:a.b.c.d (RFC 4291 §2.5.5.2): an IPv4 peer or bind seen through an IPv6 socket. */
export function isV4Mapped(groups: ArrayLike<number>): boolean {
  return groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0
    && groups[4] === 0 && groups[5] === 0xffff;
}

export function ipv4Endpoint(value: number, port: number): Endpoint {
  return {
    address: formatIpv4(value),
    port,
    wildcard: value === 0,
    loopback: value >>> 24 === 127,
    dualStack: false,
  };
}

export function ipv6Endpoint(groups: ArrayLike<number>, port: number): Endpoint {
  if (isV4Mapped(groups)) {
    const v4 = ((groups[6] << 16) | groups[7]) >>> 0;
    return { ...ipv4Endpoint(v4, port), dualStack: true };
  }
  let zeros = 0;
  for (let i = 0; i < 7; i++) if (groups[i] === 0) zeros++;
  const wildcard = zeros === 7 && groups[7] === 0;
  return {
    address: compressIpv6(groups),
    port,
    wildcard,
    loopback: zeros === 7 && groups[7] === 1,
    // An IPv6 wildcard listener also accepts IPv4 unless IPV6_V6ONLY is set,
    // which neither /proc/net nor netstat reveals: the Linux default is off.
    dualStack: wildcard,
  };
}

/**
 * Parses address text as tools print it (`[::]`, `*`, `::ffff:127.0.0.1`,
 * `fe80::1%eth0`, uncompressed IPv6) into an endpoint; undefined when it is
 * not an address at all.
 */
export function parseEndpoint(text: string, port: number, family: Family): Endpoint | undefined {
  let address = text.trim();
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  if (address === '*' || address === '') address = family === 6 ? '::' : '0.0.0.0';
  const zone = address.indexOf('%');
  if (zone >= 0) address = address.slice(0, zone);
  if (!address.includes(':')) {
    const v4 = parseIpv4(address);
    return v4 === undefined ? undefined : ipv4Endpoint(v4, port);
  }
  const groups = parseIpv6(address);
  return groups === undefined ? undefined : ipv6Endpoint(groups, port);
}

export function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function parseIpv6(text: string): number[] | undefined {
  let body = text;
  const tailV4: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.indexOf('.', lastColon) > 0) {
    const v4 = parseIpv4(body.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tailV4.push(v4 >>> 16, v4 & 0xffff);
    body = `${body.slice(0, lastColon + 1)}0`; // placeholder group, dropped below
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const toGroups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = toGroups(halves[0]);
  const tail = halves.length === 2 ? toGroups(halves[1]) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (tailV4.length > 0) (tail.length > 0 ? tail : head).pop();
  const explicit = head.length + tail.length + tailV4.length;
  if (halves.length === 1 ? explicit !== 8 : explicit > 7) return undefined;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...tail, ...tailV4];
}
