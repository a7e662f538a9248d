import { ProcStat, readStat } from './processInfo';
import { ProcReader } from './procReader';

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
 * socket inode nobody owns, which triggers a scan of every process not
 * scanned this round; inodes even that cannot place (another user's process,
 * another pid namespace) are remembered so they do not trigger it again.
 * Before Linux 6.2 the size is always 0 and only that trigger remains; what
 * can then go stale is the owner of a socket shared by several processes.
 */
export class InodeOwners {
  private readonly records = new Map<number, ProcessRecord>();
  private readonly unplaceable = new Set<number>();

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  /** Owners of `wanted` inodes among `pids`; the lowest pid wins when several hold one. */
  resolve(pids: readonly number[], wanted: ReadonlySet<number>): Map<number, number> {
    const live = new Set(pids);
    for (const pid of this.records.keys()) if (!live.has(pid)) this.records.delete(pid);
    const scannedNow = new Set<number>();
    for (const pid of pids) if (this.refresh(pid, false)) scannedNow.add(pid);
    let owners = this.ownersOf(wanted);
    if (this.hasNewUnplaced(owners, wanted)) {
      for (const pid of pids) if (!scannedNow.has(pid)) this.refresh(pid, true);
      owners = this.ownersOf(wanted);
      for (const inode of wanted) if (!owners.has(inode)) this.unplaceable.add(inode);
    }
    for (const inode of this.unplaceable) if (!wanted.has(inode)) this.unplaceable.delete(inode);
    return owners;
  }

  /** The stat of a process seen by the last `resolve` or `inodesOf`. */
  statOf(pid: number): ProcStat | undefined {
    return this.records.get(pid)?.stat;
  }

  /** Socket inodes one process holds, re-read only when they may have changed. */
  inodesOf(pid: number): readonly number[] {
    this.refresh(pid, false);
    return this.records.get(pid)?.inodes ?? [];
  }

  /** Brings one process's record up to date; true when its descriptors were re-read. */
  private refresh(pid: number, force: boolean): boolean {
    const fdDir = `${this.procRoot}/${pid}/fd`;
    const fd = this.reader.stat(fdDir);
    let record = this.records.get(pid);
    if (fd === undefined) {
      this.records.delete(pid); // gone, or not ours to read: owner unknown
      return false;
    }
    let stat = record?.stat;
    if (!record || record.fdIno !== fd.ino || record.fdCtimeMs !== fd.ctimeMs) {
      stat = readStat(this.reader, this.procRoot, pid);
      if (!stat) {
        this.records.delete(pid);
        return false;
      }
      // A new inode with the same start time is procfs re-instantiating the entry, not a new process.
      if (record && record.stat.startTime !== stat.startTime) record = undefined;
    }
    if (!force && record && record.fdCount === fd.size) {
      this.records.set(pid, { ...record, stat: stat!, fdIno: fd.ino, fdCtimeMs: fd.ctimeMs });
      return false;
    }
    const inodes: number[] = [];
    for (const name of this.reader.readdir(fdDir) ?? []) {
      const target = this.reader.readlink(`${fdDir}/${name}`);
      if (target !== undefined && target.startsWith(SOCKET_PREFIX)) {
        inodes.push(Number(target.slice(SOCKET_PREFIX.length, -1)));
      }
    }
    this.records.set(pid, { stat: stat!, fdIno: fd.ino, fdCtimeMs: fd.ctimeMs, fdCount: fd.size, inodes });
    return true;
  }

  private ownersOf(wanted: ReadonlySet<number>): Map<number, number> {
    const owners = new Map<number, number>();
    for (const [pid, record] of this.records) {
      for (const inode of record.inodes) {
        if (!wanted.has(inode)) continue;
        const current = owners.get(inode);
        if (current === undefined || pid < current) owners.set(inode, pid);
      }
    }
    return owners;
  }

  private hasNewUnplaced(owners: ReadonlyMap<number, number>, wanted: ReadonlySet<number>): boolean {
    for (const inode of wanted) if (!owners.has(inode) && !this.unplaceable.has(inode)) return true;
    return false;
  }
}
