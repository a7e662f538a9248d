/**
 * Reads the four inet tables of /proc/net. /proc/net is /proc/self/net: the
 * sockets of this process's network namespace, which is the one the user's
 * dev servers share with us.
 */
import * as os from 'node:os';
import type { ProcReader } from '../proc/procReader';
import { inodeAt, RowVerdict, scanRows, stateAt, TCP_LISTEN } from './procNetPeek';
import { parseProcNet, ParseOptions, ProcNetRow } from './procNetParser';
import type { Family, Protocol } from './socket';

const TABLES: readonly (readonly [string, Protocol, Family])[] = [
  ['tcp', 'tcp', 4], ['tcp6', 'tcp', 6], ['udp', 'udp', 4], ['udp6', 'udp', 6],
];

export interface TableRows {
  readonly rows: ProcNetRow[];
  readonly skipped: number;
}

/**
 * Whether this kernel prints every TCP listener before any other row: the
 * kernel prints a TCP table in two passes, the listening hash and then the
 * established one (tcp_get_idx() in net/ipv4/tcp_ipv4.c), and since Linux
 * 4.4 request sockets are no longer printed in the first. Then a
 * listeners-only read stops at the first connection, and the kernel never
 * generates the rest: 262,144 TIME_WAIT rows are about 38 MB of text.
 */
export function listenersComeFirst(release: string = os.release()): boolean {
  const m = /^(\d+)\.(\d+)/.exec(release);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 4 || (major === 4 && minor >= 4);
}

const LISTENERS_FIRST = listenersComeFirst();

/**
 * The rows of the four tables the options ask for. Reading stops as soon as
 * the rest of a table cannot hold a wanted row: after its listeners for a
 * listeners-only read of TCP, and once every inode asked for has been seen
 * (each socket has one row), which spares a waiting launch the walk of the
 * kernel's established hash that generating a whole TCP table costs.
 */
export function readProcNetTables(reader: ProcReader, procRoot: string, options: ParseOptions = {}): TableRows {
  let rows: ProcNetRow[] = [];
  let skipped = 0;
  const missing = options.inodes && new Set(options.inodes);
  for (const [file, protocol, family] of TABLES) {
    if (missing?.size === 0) break;
    const ipv6 = family === 6;
    const listenersFirst = options.listenersOnly === true && protocol === 'tcp' && LISTENERS_FIRST;
    const verdict = (text: Uint8Array, start: number, end: number): RowVerdict => {
      if (listenersFirst) {
        const code = stateAt(text, start, end, ipv6);
        if (code >= 0 && code !== TCP_LISTEN) return 'stopBefore';
      }
      if (missing && missing.delete(inodeAt(text, start, end, ipv6)) && missing.size === 0) return 'stopAfter';
      return 'next';
    };
    let length = -1;
    let scanned = 0;
    const enough = !listenersFirst && !missing ? undefined : (text: Buffer, read: number): boolean => {
      const scan = scanRows(text, scanned, read, verdict);
      scanned = scan.next;
      length = scan.end;
      return scan.end >= 0;
    };
    // Missing tcp6/udp6 means IPv6 is disabled: an empty table, not an error.
    const buf = reader.readFile(`${procRoot}/net/${file}`, enough);
    if (!buf) continue;
    const parsed = parseProcNet(buf, length < 0 ? buf.length : length, protocol, family, options);
    rows = rows.length === 0 ? parsed.rows : rows.concat(parsed.rows);
    skipped += parsed.skipped;
  }
  return { rows, skipped };
}

/**
 * Which of `inodes` are unix-domain sockets, from /proc/net/unix (the
 * seventh field of each row is the inode). A child's stdio is a socketpair,
 * so every launched tree holds some; knowing them lets a waiting launch
 * skip the inet tables until it holds a socket that could listen.
 */
export function unixSocketsAmong(reader: ProcReader, procRoot: string, inodes: ReadonlySet<number>): Set<number> {
  const found = new Set<number>();
  const buf = reader.readFile(`${procRoot}/net/unix`);
  if (!buf) return found;
  let start = buf.indexOf(0x0a) + 1;
  while (start > 0 && start < buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end < 0) end = buf.length;
    let p = start;
    for (let field = 0; field < 6 && p < end; field++) {
      while (p < end && buf[p] !== 0x20) p++;
      while (p < end && buf[p] === 0x20) p++;
    }
    let inode = 0;
    for (; p < end && buf[p] >= 0x30 && buf[p] <= 0x39; p++) inode = inode * 10 + (buf[p] - 0x30);
    if (inodes.has(inode)) found.add(inode);
    start = end + 1;
  }
  return found;
}
