import { InodeOwners } from './inodeOwners';
import { ProcessFacts } from '../proc/processInfo';
import { listPids, ProcStat } from '../proc/procStat';
import { ProcessTreeReader } from '../proc/processTree';
import { parseProcNet, ProcNetRow } from './procNetParser';
import { nodeProcReader, ProcReader } from '../proc/procReader';
import { Family, Protocol, Snapshot, Socket, SocketSource } from './socket';
import type { ProcessInfo } from '../proc/processInfo';

export interface ProcfsSourceOptions {
  /** Where procfs is mounted; tests point it elsewhere only through `reader`. */
  readonly procRoot?: string;
  readonly reader?: ProcReader;
}

// /proc/net is /proc/self/net: the sockets of this process's network
// namespace, which is the one the user's dev servers share with us.
const TABLES: readonly (readonly [string, Protocol, Family])[] = [
  ['tcp', 'tcp', 4], ['tcp6', 'tcp', 6], ['udp', 'udp', 4], ['udp6', 'udp', 6],
];

/**
 * The Linux socket table straight from procfs. One source object is meant to
 * live as long as the view that polls it: its caches (descriptor scans,
 * process facts) are what make the second snapshot cheap.
 */
export class ProcfsSource implements SocketSource {
  private readonly reader: ProcReader;
  private readonly procRoot: string;
  private readonly owners: InodeOwners;
  private readonly facts: ProcessFacts;
  private readonly tree: ProcessTreeReader;

  constructor(options: ProcfsSourceOptions = {}) {
    this.reader = options.reader ?? nodeProcReader();
    this.procRoot = options.procRoot ?? '/proc';
    this.owners = new InodeOwners(this.reader, this.procRoot);
    this.facts = new ProcessFacts(this.reader, this.procRoot);
    this.tree = new ProcessTreeReader(this.reader, this.procRoot);
  }

  // Async only in signature (the reads are synchronous, see procReader.ts),
  // so that a fault still arrives as a rejection.
  async snapshot(): Promise<Snapshot> {
    return this.snapshotNow();
  }

  async socketsOfTree(rootPids: readonly number[]): Promise<Snapshot> {
    return this.treeSnapshotNow(rootPids);
  }

  snapshotNow(): Snapshot {
    const takenAt = Date.now();
    const { rows, skipped } = this.readTables();
    const pids = listPids(this.reader, this.procRoot);
    const wanted = new Set<number>();
    for (const row of rows) if (row.inode !== 0) wanted.add(row.inode);
    const owners = this.owners.resolve(pids, wanted);
    this.facts.retain(new Set(pids));
    return this.assemble(takenAt, rows, owners, (pid) => this.owners.statOf(pid), skipped);
  }

  /** Reads only the tree's descriptors (not every process's) and keeps only its sockets. */
  treeSnapshotNow(rootPids: readonly number[]): Snapshot {
    const takenAt = Date.now();
    const tree = this.tree.treeOf(rootPids);
    const owners = new Map<number, number>();
    for (const stat of tree.values()) {
      for (const inode of this.owners.inodesOf(stat.pid)) {
        const current = owners.get(inode);
        if (current === undefined || stat.pid < current) owners.set(inode, stat.pid);
      }
    }
    const { rows, skipped } = this.readTables();
    const mine = rows.filter((row) => owners.has(row.inode));
    const snapshot = this.assemble(takenAt, mine, owners, (pid) => tree.get(pid), skipped);
    const processes = new Map(snapshot.processes);
    for (const stat of tree.values()) if (!processes.has(stat.pid)) processes.set(stat.pid, this.facts.get(stat));
    return { ...snapshot, processes };
  }

  private readTables(): { rows: ProcNetRow[]; skipped: number } {
    let rows: ProcNetRow[] = [];
    let skipped = 0;
    for (const [file, protocol, family] of TABLES) {
      // Missing tcp6/udp6 means IPv6 is disabled: an empty table, not an error.
      const buf = this.reader.readFile(`${this.procRoot}/net/${file}`);
      if (!buf) continue;
      const parsed = parseProcNet(buf, buf.length, protocol, family);
      rows = rows.length === 0 ? parsed.rows : rows.concat(parsed.rows);
      skipped += parsed.skipped;
    }
    return { rows, skipped };
  }

  private assemble(
    takenAt: number,
    rows: ProcNetRow[],
    owners: ReadonlyMap<number, number>,
    statOf: (pid: number) => ProcStat | undefined,
    skippedLines: number,
  ): Snapshot {
    const processes = new Map<number, ProcessInfo>();
    for (const row of rows) {
      const pid = row.inode === 0 ? undefined : owners.get(row.inode);
      row.pid = pid;
      if (pid !== undefined && !processes.has(pid)) {
        const stat = statOf(pid);
        if (stat) processes.set(pid, this.facts.get(stat));
      }
    }
    const sockets: readonly Socket[] = rows;
    return { takenAt, sockets, processes, skippedLines };
  }
}
