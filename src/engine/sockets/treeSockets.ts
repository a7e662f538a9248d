/**
 * The inet rows of the sockets one process tree holds, for a launch that
 * polls every few milliseconds while it waits for its server to listen.
 *
 * Reading /proc/net/tcp walks the kernel's whole established hash even when
 * it is nearly empty: 0.45 ms per table quiet, 2–4 ms on a loaded 2-core
 * machine (262,144 buckets on a 24 GB machine, measured), most of a poll.
 * So the tables are read only while the tree holds a socket whose kind or
 * state is not known:
 * - unix-domain sockets (a child's stdio is a socketpair) are recognised
 *   once, from /proc/net/unix, and never looked for again;
 * - a TCP listener stays one until its descriptor closes, so its row is
 *   kept. (A shutdown() listener still held open keeps its LISTEN row until
 *   then: a launch only asks about new listeners, so that is accepted.)
 * Anything else (a socket not yet listening, a connection, UDP) makes every
 * poll read the tables, which is what a poll did before.
 */
import type { ProcReader } from '../proc/procReader';
import type { ProcNetRow } from './procNetParser';
import { readProcNetTables, TableRows, unixSocketsAmong } from './procNetTables';
import { isTcpListener, type SnapshotOptions } from './socket';

export class TreeSockets {
  private readonly unix = new Set<number>();
  /** Inodes looked for in /proc/net/unix and not there: an inet socket (or another kind that never listens). */
  private readonly notUnix = new Set<number>();
  private readonly listeners = new Map<number, ProcNetRow>();

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  /** Rows of the sockets in `held` (inode → pid), fresh or kept; `pid` is left for the caller to fill. */
  rowsOf(held: ReadonlyMap<number, unknown>, options: SnapshotOptions = {}): TableRows {
    this.forgetAllBut(held);
    const unknown = new Set<number>();
    for (const inode of held.keys()) if (!this.unix.has(inode) && !this.listeners.has(inode)) unknown.add(inode);
    const unchecked = new Set([...unknown].filter((inode) => !this.notUnix.has(inode)));
    if (unchecked.size > 0) {
      const unix = unixSocketsAmong(this.reader, this.procRoot, unchecked);
      for (const inode of unchecked) {
        if (unix.has(inode)) {
          this.unix.add(inode);
          unknown.delete(inode);
        } else {
          this.notUnix.add(inode);
        }
      }
    }
    if (unknown.size === 0) {
      const rows = [...this.listeners.values()].map((row) => ({ ...row, pid: undefined }));
      return { rows, skipped: 0 };
    }
    const inet = new Set([...held.keys()].filter((inode) => !this.unix.has(inode)));
    const read = readProcNetTables(this.reader, this.procRoot, { ...options, inodes: inet });
    this.listeners.clear();
    for (const row of read.rows) if (isTcpListener(row)) this.listeners.set(row.inode, { ...row });
    return read;
  }

  private forgetAllBut(held: ReadonlyMap<number, unknown>): void {
    for (const set of [this.unix, this.notUnix]) for (const inode of set) if (!held.has(inode)) set.delete(inode);
    for (const inode of this.listeners.keys()) if (!held.has(inode)) this.listeners.delete(inode);
  }
}
