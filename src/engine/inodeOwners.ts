import { ProcStat } from './processInfo';
import { ProcReader } from './procReader';

interface FdScan {
  readonly startTime: number;
  /** st_size of /proc/<pid>/fd when scanned: the open-descriptor count on Linux ≥ 6.2, 0 before. */
  readonly fdCount: number;
  readonly inodes: readonly number[];
}

const SOCKET_PREFIX = 'socket:[';

/**
 * Socket inode → owning pid, from readlink of /proc/<pid>/fd/* (`socket:[N]`).
 *
 * Reading every descriptor of every process is what makes `ss -p` slow, so a
 * warm lookup re-reads only processes whose descriptor table may have changed.
 * Measured on Linux 6.x: /proc/<pid>/fd's mtime and ctime never change when
 * descriptors open or close, but its st_size is the number of open
 * descriptors (since Linux 6.2). So a process is re-scanned when it is new,
 * its start time differs (pid reuse), or its descriptor count moved. The one
 * change a count misses (close one socket, open another: same count) shows
 * up as a socket inode nobody owns, which triggers a scan of every process
 * not scanned this round; inodes even that cannot place (another user's
 * process) are remembered so they do not trigger it again. Before Linux 6.2
 * the size is always 0 and only that unowned-inode trigger remains; what can
 * then go stale is the owner of a socket shared by several processes.
 */
export class InodeOwners {
  private readonly scans = new Map<number, FdScan>();
  private readonly unplaceable = new Set<number>();

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  /** Owners of `wanted` inodes among the processes of `table`; the lowest pid wins when several hold one. */
  resolve(table: ReadonlyMap<number, ProcStat>, wanted: ReadonlySet<number>): Map<number, number> {
    for (const pid of this.scans.keys()) if (!table.has(pid)) this.scans.delete(pid);
    const scannedNow = new Set<number>();
    for (const stat of table.values()) {
      if (this.refresh(stat, false)) scannedNow.add(stat.pid);
    }
    let owners = this.ownersOf(table.keys(), wanted);
    if (this.hasNewUnplaced(owners, wanted)) {
      for (const stat of table.values()) if (!scannedNow.has(stat.pid)) this.refresh(stat, true);
      owners = this.ownersOf(table.keys(), wanted);
      for (const inode of wanted) if (inode !== 0 && !owners.has(inode)) this.unplaceable.add(inode);
    }
    for (const inode of this.unplaceable) if (!wanted.has(inode)) this.unplaceable.delete(inode);
    return owners;
  }

  /** Socket inodes one process holds, re-read only when it may have changed. */
  inodesOf(stat: ProcStat): readonly number[] {
    this.refresh(stat, false);
    return this.scans.get(stat.pid)?.inodes ?? [];
  }

  /** Re-reads the pid's descriptors when needed (or forced); true when it did. */
  private refresh(stat: ProcStat, force: boolean): boolean {
    const fdDir = `${this.procRoot}/${stat.pid}/fd`;
    const fdCount = this.reader.stat(fdDir)?.size;
    if (fdCount === undefined) {
      this.scans.delete(stat.pid); // gone, or not ours to read: owner unknown
      return false;
    }
    const cached = this.scans.get(stat.pid);
    if (!force && cached && cached.startTime === stat.startTime && cached.fdCount === fdCount) {
      return false;
    }
    const inodes: number[] = [];
    for (const fd of this.reader.readdir(fdDir) ?? []) {
      const target = this.reader.readlink(`${fdDir}/${fd}`);
      if (target !== undefined && target.startsWith(SOCKET_PREFIX)) {
        inodes.push(Number(target.slice(SOCKET_PREFIX.length, -1)));
      }
    }
    this.scans.set(stat.pid, { startTime: stat.startTime, fdCount, inodes });
    return true;
  }

  private ownersOf(pids: Iterable<number>, wanted: ReadonlySet<number>): Map<number, number> {
    const owners = new Map<number, number>();
    for (const pid of pids) {
      for (const inode of this.scans.get(pid)?.inodes ?? []) {
        if (!wanted.has(inode)) continue;
        const current = owners.get(inode);
        if (current === undefined || pid < current) owners.set(inode, pid);
      }
    }
    return owners;
  }

  private hasNewUnplaced(owners: ReadonlyMap<number, number>, wanted: ReadonlySet<number>): boolean {
    for (const inode of wanted) {
      if (inode !== 0 && !owners.has(inode) && !this.unplaceable.has(inode)) return true;
    }
    return false;
  }
}
