/**
 * Parser for /proc/net/{tcp,tcp6,udp,udp6} (proc_net_tcp(5), the kernel's
 * tcp4_seq_show/udp4_format_sock). Works on bytes: with 10,000 sockets a
 * regex or split per line costs more than the kernel spends writing the text.
 *
 * Addresses are printed as 32-bit words in *host* byte order (`0100007F` is
 * 127.0.0.1 on little-endian x86), IPv6 as four such words; ports are already
 * in host order.
 */
import * as os from 'node:os';
import { formatEndpoint, ipv4Endpoint, ipv6Endpoint } from './address';
import { COLON, HEX, inodeAt, isListeningState, NEWLINE, SPACE, stateAt, TCP_CLOSE } from './procNetPeek';
import { Endpoint, Family, isListener, Protocol, Socket, SocketState } from './socket';

/**
 * One row of the kernel table. `pid` starts undefined and is the one field
 * the source fills in, so a snapshot of 10,000 sockets is not copied again.
 */
export interface ProcNetRow extends Omit<Socket, 'pid' | 'inode' | 'uid'> {
  readonly uid: number;
  /** 0 for sockets no descriptor holds any more (TIME_WAIT, orphaned FIN_WAIT). */
  readonly inode: number;
  pid: number | undefined;
}

export interface ParseResult {
  readonly rows: ProcNetRow[];
  /** Lines that were not a socket row (truncated, garbled): skipped, never thrown. */
  readonly skipped: number;
}

/** include/net/tcp_states.h, 1-based. */
const TCP_STATES: readonly SocketState[] = [
  'UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
  'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
];
const TCP_ESTABLISHED = 1;

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** Parse state shared by the helpers below; one per call, so the parser stays reentrant. */
class Cursor {
  constructor(readonly buf: Uint8Array, public pos: number, readonly end: number) {}

  skipSpaces(): void {
    while (this.pos < this.end && this.buf[this.pos] === SPACE) this.pos++;
  }

  /** Exactly `digits` hex characters; -1 when they are not there. */
  hex(digits: number): number {
    if (this.pos + digits > this.end) return -1;
    let value = 0;
    for (let i = 0; i < digits; i++) {
      const d = HEX[this.buf[this.pos++]];
      if (d < 0) return -1;
      value = value * 16 + d;
    }
    return value;
  }

  /** A decimal field followed by a space; -1 when it is missing or truncated. */
  decimal(): number {
    this.skipSpaces();
    const start = this.pos;
    let value = 0;
    while (this.pos < this.end) {
      const c = this.buf[this.pos] - 0x30;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
      this.pos++;
    }
    return this.pos > start && this.pos < this.end && this.buf[this.pos] === SPACE ? value : -1;
  }

  skipToken(): boolean {
    this.skipSpaces();
    const start = this.pos;
    while (this.pos < this.end && this.buf[this.pos] !== SPACE) this.pos++;
    return this.pos > start;
  }

  expect(byte: number): boolean {
    return this.pos < this.end && this.buf[this.pos++] === byte;
  }
}

function networkOrder(word: number): number {
  return LITTLE_ENDIAN
    ? (((word & 0xff) << 24) | ((word & 0xff00) << 8) | ((word >>> 8) & 0xff00) | (word >>> 24)) >>> 0
    : word;
}

const groups = new Uint16Array(8);

// Endpoints are immutable, and a socket's endpoints stay the same snapshot
// after snapshot: sharing them spares the warm path most of its allocations.
const ipv4Endpoints = new Map<number, Endpoint>();
const ENDPOINT_CACHE_LIMIT = 100_000;

function cachedIpv4Endpoint(address: number, port: number): Endpoint {
  const key = address * 65536 + port;
  let endpoint = ipv4Endpoints.get(key);
  if (endpoint === undefined) {
    if (ipv4Endpoints.size >= ENDPOINT_CACHE_LIMIT) ipv4Endpoints.clear();
    endpoint = ipv4Endpoint(address, port);
    ipv4Endpoints.set(key, endpoint);
  }
  return endpoint;
}

function endpoint(c: Cursor, family: Family): Endpoint | undefined {
  c.skipSpaces();
  if (family === 4) {
    const word = c.hex(8);
    if (word < 0 || !c.expect(COLON)) return undefined;
    const port = c.hex(4);
    return port < 0 ? undefined : cachedIpv4Endpoint(networkOrder(word), port);
  }
  for (let w = 0; w < 4; w++) {
    const word = c.hex(8);
    if (word < 0) return undefined;
    const n = networkOrder(word);
    groups[w * 2] = n >>> 16;
    groups[w * 2 + 1] = n & 0xffff;
  }
  if (!c.expect(COLON)) return undefined;
  const port = c.hex(4);
  return port < 0 ? undefined : ipv6Endpoint(groups, port);
}

function stateOf(protocol: Protocol, code: number): SocketState {
  if (protocol === 'udp') {
    // UDP reuses TCP's numbers: CLOSE is a bound socket, ESTABLISHED a connect()ed one.
    return code === TCP_CLOSE ? 'BOUND' : code === TCP_ESTABLISHED ? 'CONNECTED' : 'UNKNOWN';
  }
  return TCP_STATES[code] ?? 'UNKNOWN';
}

export function socketId(protocol: Protocol, family: Family, inode: number, local: Endpoint, peer?: Endpoint): string {
  // Sockets without a descriptor (TIME_WAIT) have inode 0: their 4-tuple is what identifies them.
  return inode !== 0
    ? `${protocol}:${inode}`
    : `${protocol}${family}:${formatEndpoint(local)}>${peer ? formatEndpoint(peer) : '*'}`;
}

function parseLine(c: Cursor, protocol: Protocol, family: Family): ProcNetRow | undefined {
  // "  12: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000  0 12345 ..."
  if (!c.skipToken()) return undefined; // "sl:"
  const local = endpoint(c, family);
  const peerRaw = local && endpoint(c, family);
  if (!local || !peerRaw) return undefined;
  c.skipSpaces();
  const code = c.hex(2);
  if (code < 0 || !c.skipToken() || !c.skipToken() || !c.skipToken()) return undefined;
  const uid = c.decimal();
  const timeout = c.decimal();
  const inode = c.decimal();
  if (uid < 0 || timeout < 0 || inode < 0) return undefined;
  const state = stateOf(protocol, code);
  const peer = peerRaw.port === 0 && peerRaw.wildcard ? undefined : peerRaw;
  return { id: socketId(protocol, family, inode, local, peer), protocol, family, state, local, peer, uid, inode, pid: undefined };
}

export interface ParseOptions {
  /**
   * Only LISTEN (TCP) and bound, unconnected (UDP) rows: every other row is
   * passed over on its state field (procNetPeek.ts) before anything is built
   * for it, so a table of 262,144 TIME_WAIT rows costs a scan, not 262,144
   * objects. Rows passed over are not checked, so never counted as skipped.
   */
  readonly listenersOnly?: boolean;
  /** Only rows of these socket inodes (a process tree's), passed over the same way. */
  readonly inodes?: ReadonlySet<number>;
}

/** Whether a row is wanted, from its peeked fields; a row whose fields cannot be peeked goes to the full parse. */
function wanted(buf: Uint8Array, start: number, end: number, protocol: Protocol, family: Family, options: ParseOptions): boolean {
  const ipv6 = family === 6;
  if (options.listenersOnly) {
    const code = stateAt(buf, start, end, ipv6);
    if (code >= 0 && !isListeningState(code, protocol === 'udp')) return false;
  }
  if (options.inodes) {
    const inode = inodeAt(buf, start, end, ipv6);
    if (inode >= 0 && !options.inodes.has(inode)) return false;
  }
  return true;
}

function keeps(row: ProcNetRow, options: ParseOptions): boolean {
  return (!options.listenersOnly || isListener(row))
    && (!options.inodes || options.inodes.has(row.inode));
}

/** Parses one /proc/net file's text (`length` bytes of `buf`), header line included. */
export function parseProcNet(buf: Uint8Array, length: number, protocol: Protocol, family: Family, options: ParseOptions = {}): ParseResult {
  const rows: ProcNetRow[] = [];
  let skipped = 0;
  let start = buf.indexOf(NEWLINE);
  // No newline at all: a header cut short, or nothing.
  if (start < 0 || start >= length) return { rows, skipped: length > 0 ? 1 : 0 };
  start++;
  const filtered = options.listenersOnly === true || options.inodes !== undefined;
  while (start < length) {
    let end = buf.indexOf(NEWLINE, start);
    if (end < 0 || end > length) end = length;
    if (end > start && (!filtered || wanted(buf, start, end, protocol, family, options))) {
      const row = parseLine(new Cursor(buf, start, end), protocol, family);
      if (!row) skipped++;
      else if (!filtered || keeps(row, options)) rows.push(row);
    }
    start = end + 1;
  }
  return { rows, skipped };
}
