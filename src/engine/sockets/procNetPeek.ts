/**
 * Single fields of /proc/net/{tcp,tcp6,udp,udp6} rows, read without parsing
 * the row: what lets the parser pass over rows nobody asked for before it
 * builds a string or an object for them.
 *
 * The kernel prints fixed-width fields up to the retransmit count
 * (tcp4_seq_show / udp4_format_sock, proc_net_tcp(5)):
 * `%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu`
 * (IPv6 addresses as `%08X%08X%08X%08X`), so the state is 28 (IPv4) or 76
 * (IPv6) bytes after the local address and the uid field starts 41 bytes
 * after the state. A line without that shape answers -1, and the caller
 * hands it to the full parser, which judges it.
 */
export const SPACE = 0x20;
export const NEWLINE = 0x0a;
export const COLON = 0x3a;

export const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[0x30 + i] = i;
for (let i = 0; i < 6; i++) HEX[0x41 + i] = HEX[0x61 + i] = 10 + i;

/** TCP_LISTEN; a bound, unconnected UDP socket is TCP_CLOSE. */
export const TCP_LISTEN = 0x0a;
export const TCP_CLOSE = 7;

/** Where the state field of the row at `start` begins, or -1 when the row does not have the kernel's shape. */
function stateOffset(buf: Uint8Array, start: number, end: number, ipv6: boolean): number {
  let p = start;
  while (p < end && buf[p] === SPACE) p++;
  while (p < end && buf[p] !== COLON) p++;
  const state = p + 2 + (ipv6 ? 76 : 28);
  if (state + 2 >= end || buf[p + 1] !== SPACE || buf[state - 1] !== SPACE || buf[state + 2] !== SPACE) return -1;
  return state;
}

/** The row's state code, or -1. */
export function stateAt(buf: Uint8Array, start: number, end: number, ipv6: boolean): number {
  const at = stateOffset(buf, start, end, ipv6);
  if (at < 0) return -1;
  const high = HEX[buf[at]];
  const low = HEX[buf[at + 1]];
  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

/** Whether a state code is a listener's: LISTEN for TCP, bound and unconnected for UDP. */
export function isListeningState(code: number, udp: boolean): boolean {
  return code === (udp ? TCP_CLOSE : TCP_LISTEN);
}

function skipSpaces(buf: Uint8Array, p: number, end: number): number {
  while (p < end && buf[p] === SPACE) p++;
  return p;
}

function skipDigits(buf: Uint8Array, p: number, end: number): number {
  while (p < end && buf[p] >= 0x30 && buf[p] <= 0x39) p++;
  return p;
}

/** The row's inode (the field after uid and timeout), or -1. */
export function inodeAt(buf: Uint8Array, start: number, end: number, ipv6: boolean): number {
  const state = stateOffset(buf, start, end, ipv6);
  if (state < 0) return -1;
  let p = skipDigits(buf, skipSpaces(buf, state + 41, end), end);
  p = skipSpaces(buf, p, end);
  if (buf[p] === 0x2d) p++; // a negative timeout
  p = skipSpaces(buf, skipDigits(buf, p, end), end);
  let inode = 0;
  const first = p;
  for (; p < end && buf[p] >= 0x30 && buf[p] <= 0x39; p++) inode = inode * 10 + (buf[p] - 0x30);
  return p > first && (p === end || buf[p] === SPACE) ? inode : -1;
}

/** What a row scan does after a row: go on, stop before this row, or stop after it. */
export type RowVerdict = 'next' | 'stopBefore' | 'stopAfter';

/**
 * Walks the complete rows of `buf[from, length)` (from 0: after the header),
 * asking `row` about each. Returns where to go on once more text has
 * arrived, and, when a row stopped the walk, where the wanted text ends.
 */
export function scanRows(buf: Uint8Array, from: number, length: number,
  row: (buf: Uint8Array, start: number, end: number) => RowVerdict): { next: number; end: number } {
  let start = from;
  if (start === 0) {
    const header = buf.indexOf(NEWLINE);
    if (header < 0 || header >= length) return { next: 0, end: -1 };
    start = header + 1;
  }
  for (;;) {
    const newline = buf.indexOf(NEWLINE, start);
    if (newline < 0 || newline >= length) return { next: start, end: -1 };
    const verdict = row(buf, start, newline);
    if (verdict === 'stopBefore') return { next: start, end: start };
    if (verdict === 'stopAfter') return { next: newline + 1, end: newline + 1 };
    start = newline + 1;
  }
}
