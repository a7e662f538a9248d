/**
 * Reads the four inet tables of /proc/net. /proc/net is /proc/self/net: the
 * sockets of this process's network namespace, which is the one the user's
 * dev servers share with us.
 */
import * as os from 'node:os';
import type { ProcReader } from '../proc/procReader';
import { listenerSection } from './procNetPeek';
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
 * Whether this kernel prints every TCP listener before any other row (Linux
 * ≥ 4.4, see listenerSection): then a listeners-only read stops at the first
 * connection, and the kernel never generates the rest. 262,144 TIME_WAIT
 * rows are about 38 MB of text that would otherwise be made and scanned.
 */
export function listenersComeFirst(release: string = os.release()): boolean {
  const m = /^(\d+)\.(\d+)/.exec(release);
  if (!m) return false;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major > 4 || (major === 4 && minor >= 4);
}

const LISTENERS_FIRST = listenersComeFirst();

export function readProcNetTables(reader: ProcReader, procRoot: string, options: ParseOptions = {}): TableRows {
  let rows: ProcNetRow[] = [];
  let skipped = 0;
  for (const [file, protocol, family] of TABLES) {
    let length = -1;
    let scanned = 0;
    const stopEarly = options.listenersOnly === true && protocol === 'tcp' && LISTENERS_FIRST;
    const enough = !stopEarly ? undefined : (text: Buffer, read: number): boolean => {
      const section = listenerSection(text, scanned, read, family === 6);
      scanned = section.next;
      if (section.end < 0) return false;
      length = section.end;
      return true;
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
