/**
 * Socket inode → owning pid, from readlink of /proc/<pid>/fd/* (`socket:[N]`).
 *
 * Reading every descriptor of every process is what makes `ss -p` slow, so a
 * warm lookup costs one stat of /proc/<pid>/fd per process and re-reads only
 * those whose descriptor table may have changed. Measured on Linux 6.x: that
 * directory's mtime and ctime never move when descriptors open or close, but
 * its st_size is the number of open descriptors (since Linux 6.2), and its
 * inode number is fresh for every process instance. So a process is
 * re-scanned when it is new, its pid was reused (inode differs and the start
 * time in /proc/<pid>/stat confirms it), or its descriptor count moved. The
 * one change a count misses (close one socket, open another) shows up as a
 * socket inode nobody owns; when it is still unowned one snapshot later
 * (rather than closed in the meantime, the common case) every process is
 * re-read, so such a socket gets its owner one snapshot late. Inodes even
 * that cannot place (another user's process, another pid namespace) are
 * remembered so they do not trigger it again.
 * Before Linux 6.2 the size is always 0 and only that trigger remains; what
 * can then go stale is the owner of a socket shared by several processes.
 */
import { ProcStat, readStat } from '../proc/procStat';
import { ProcReader } from '../proc/procReader';

interface ProcessRecord {
  readonly stat: ProcStat;
  /** Inode number and ctime of /proc/<pid>/fd: new whenever procfs instantiates it, so new for a reused pid. */
  readonly fdIno: number;
  readonly fdCtimeMs: number;
  /** st_size of /proc/<pid>/fd when scanned: the open-descriptor count on Linux ≥ 6.2, 0 before. */
  readonly fdCount: number;
  readonly inodes: readonly number[];
}

const SOCKET_PREFIX = 'socket:[';

export class InodeOwners {
  private readonly records = new Map<number, ProcessRecord>();
  /** inode → lowest pid holding it, kept in step with `records` so a warm lookup does not rebuild it. */
  private readonly index = new Map<number, number>();
  /** Inodes no process of ours holds after a scan of every process. */
  private readonly unplaceable = new Set<number>();
  /** Inodes first seen unowned last time, when not every process was re-read. */
  private pending = new Set<number>();

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  /**
   * Owners of socket inodes among `pids`, given the inodes now in /proc/net
   * (`wanted`); the lowest pid wins when several hold one. The returned map
   * is live: read it before the next call.
   */
  resolve(pids: readonly number[], wanted: ReadonlySet<number>): ReadonlyMap<number, number> {
    const live = new Set(pids);
    for (const pid of this.records.keys()) if (!live.has(pid)) this.replace(pid, undefined);
    const untouched: number[] = [];
    for (const pid of pids) if (this.refresh(pid, false) === 'cached') untouched.push(pid);
    let unplaced = this.unplacedOf(wanted);
    // An unowned inode is most often a socket closed between reading
    // /proc/net and the descriptors: it is gone by the next snapshot. One
    // still unowned a snapshot later is what a same-count swap leaves, so
    // only that pays for re-reading every process.
    if (untouched.length > 0 && unplaced.some((inode) => this.pending.has(inode))) {
      for (const pid of untouched) this.refresh(pid, true);
      untouched.length = 0;
      unplaced = this.unplacedOf(wanted);
    }
    this.pending = new Set();
    for (const inode of unplaced) (untouched.length === 0 ? this.unplaceable : this.pending).add(inode);
    for (const inode of this.unplaceable) if (!wanted.has(inode)) this.unplaceable.delete(inode);
    return this.index;
  }

  /** Forgets processes not in `live`: tree-only reads add records that no `resolve` may ever prune. */
  retain(live: ReadonlySet<number>): void {
    for (const pid of [...this.records.keys()]) if (!live.has(pid)) this.replace(pid, undefined);
  }

  /** How many processes' descriptors are remembered (for tests). */
  get size(): number {
    return this.records.size;
  }

  /** The stat of a process seen by the last `resolve` or `inodesOf`. */
  statOf(pid: number): ProcStat | undefined {
    return this.records.get(pid)?.stat;
  }

  /**
   * Socket inodes one process holds, always re-read: for the few processes
   * of a tree that is cheap, and a launch waiting for its server's listener
   * cannot afford the one-snapshot delay of the same-count case.
   */
  inodesOf(pid: number): readonly number[] {
    this.refresh(pid, true);
    return this.records.get(pid)?.inodes ?? [];
  }

  /** Brings one process's record up to date, re-reading its descriptors when they may have changed. */
  private refresh(pid: number, force: boolean): 'scanned' | 'cached' | 'unreadable' {
    const fdDir = `${this.procRoot}/${pid}/fd`;
    const fd = this.reader.stat(fdDir);
    let record = this.records.get(pid);
    if (fd === undefined) {
      this.replace(pid, undefined); // gone, or not ours to read: owner unknown
      return 'unreadable';
    }
    let stat = record?.stat;
    if (!record || record.fdIno !== fd.ino || record.fdCtimeMs !== fd.ctimeMs) {
      stat = readStat(this.reader, this.procRoot, pid);
      if (!stat) {
        this.replace(pid, undefined);
        return 'unreadable';
      }
      // A new inode with the same start time is procfs re-instantiating the entry, not a new process.
      if (record && record.stat.startTime !== stat.startTime) record = undefined;
    }
    if (!force && record && record.fdCount === fd.size) {
      this.records.set(pid, { ...record, stat: stat!, fdIno: fd.ino, fdCtimeMs: fd.ctimeMs });
      return 'cached';
    }
    const inodes: number[] = [];
    for (const name of this.reader.readdir(fdDir) ?? []) {
      const target = this.reader.readlink(`${fdDir}/${name}`);
      if (target !== undefined && target.startsWith(SOCKET_PREFIX)) {
        inodes.push(Number(target.slice(SOCKET_PREFIX.length, -1)));
      }
    }
    this.replace(pid, { stat: stat!, fdIno: fd.ino, fdCtimeMs: fd.ctimeMs, fdCount: fd.size, inodes });
    return 'scanned';
  }

  private replace(pid: number, record: ProcessRecord | undefined): void {
    const old = this.records.get(pid);
    let dropped: number[] | undefined;
    if (old) {
      for (const inode of old.inodes) {
        if (this.index.get(inode) !== pid) continue;
        this.index.delete(inode);
        (dropped ??= []).push(inode);
      }
    }
    if (record) this.records.set(pid, record);
    else this.records.delete(pid);
    for (const inode of record?.inodes ?? []) {
      const current = this.index.get(inode);
      if (current === undefined || pid < current) this.index.set(inode, pid);
    }
    if (dropped) this.reindex(dropped.filter((inode) => !this.index.has(inode)));
  }

  /** Finds the other holders of inodes whose lowest holder let go: rare (shared sockets), so a plain pass. */
  private reindex(inodes: readonly number[]): void {
    if (inodes.length === 0) return;
    const lost = new Set(inodes);
    for (const [pid, record] of this.records) {
      for (const inode of record.inodes) {
        if (!lost.has(inode)) continue;
        const current = this.index.get(inode);
        if (current === undefined || pid < current) this.index.set(inode, pid);
      }
    }
  }

  private unplacedOf(wanted: ReadonlySet<number>): number[] {
    const out: number[] = [];
    for (const inode of wanted) if (!this.index.has(inode) && !this.unplaceable.has(inode)) out.push(inode);
    return out;
  }
}
