/**
 * The Linux socket table straight from procfs. One source object is meant to
 * live as long as the view that polls it: its caches (descriptor scans,
 * process facts) are what make the second snapshot cheap.
 */
import { InodeOwners } from './inodeOwners';
import { listPids, ProcStat } from '../proc/procStat';
import { ProcessTreeReader } from '../proc/processTree';
import { ProcNetRow } from './procNetParser';
import { readProcNetTables } from './procNetTables';
import { nodeProcReader, ProcReader } from '../proc/procReader';
import { Snapshot, SnapshotOptions, Socket, SocketSource } from './socket';
import { TreeSockets } from './treeSockets';
import { ProcessFacts, withAncestors, type ProcessInfo } from '../proc/processInfo';

export interface ProcfsSourceOptions {
  /** Where procfs is mounted: a test points it at a copy, or wraps the real one in `reader`. */
  readonly procRoot?: string;
  readonly reader?: ProcReader;
  /** How often tree-only reads drop what they remember of exited processes (default 10 s). */
  readonly pruneEveryMs?: number;
}

export class ProcfsSource implements SocketSource {
  private readonly reader: ProcReader;
  private readonly procRoot: string;
  private readonly owners: InodeOwners;
  private readonly facts: ProcessFacts;
  private readonly tree: ProcessTreeReader;
  private readonly treeSockets: TreeSockets;
  private readonly pruneEveryMs: number;
  private prunedAt = -Infinity;

  constructor(options: ProcfsSourceOptions = {}) {
    this.reader = options.reader ?? nodeProcReader();
    this.procRoot = options.procRoot ?? '/proc';
    this.owners = new InodeOwners(this.reader, this.procRoot);
    this.facts = new ProcessFacts(this.reader, this.procRoot);
    this.tree = new ProcessTreeReader(this.reader, this.procRoot);
    this.treeSockets = new TreeSockets(this.reader, this.procRoot);
    this.pruneEveryMs = options.pruneEveryMs ?? 10_000;
  }

  /** Processes whose descriptors are remembered (for tests: what a long session keeps; facts are dropped alike). */
  get remembered(): number {
    return this.owners.size;
  }

  // Async only in signature (the reads are synchronous, see procReader.ts),
  // so that a fault still arrives as a rejection.
  async snapshot(options?: SnapshotOptions): Promise<Snapshot> {
    return this.snapshotNow(options);
  }

  async socketsOfTree(rootPids: readonly number[], options?: SnapshotOptions): Promise<Snapshot> {
    return this.treeSnapshotNow(rootPids, options);
  }

  snapshotNow(options: SnapshotOptions = {}): Snapshot {
    const takenAt = Date.now();
    const { rows, skipped } = readProcNetTables(this.reader, this.procRoot, options);
    const pids = listPids(this.reader, this.procRoot);
    const wanted = new Set<number>();
    for (const row of rows) if (row.inode !== 0) wanted.add(row.inode);
    const owners = this.owners.resolve(pids, wanted);
    this.facts.retain(new Set(pids));
    this.prunedAt = performance.now();
    const snapshot = this.assemble(takenAt, rows, owners, (pid) => this.owners.statOf(pid), skipped);
    withAncestors(snapshot.processes as Map<number, ProcessInfo>, (pid) => {
      const stat = this.owners.statOf(pid);
      return stat && this.facts.get(stat);
    });
    return snapshot;
  }

  /** Reads only the tree's descriptors (not every process's) and keeps only its sockets. */
  treeSnapshotNow(rootPids: readonly number[], options: SnapshotOptions = {}): Snapshot {
    const takenAt = Date.now();
    this.forgetExited();
    const tree = this.tree.treeOf(rootPids);
    const owners = new Map<number, number>();
    for (const stat of tree.values()) {
      for (const inode of this.owners.inodesOf(stat.pid)) {
        const current = owners.get(inode);
        if (current === undefined || stat.pid < current) owners.set(inode, stat.pid);
      }
    }
    const { rows, skipped } = this.treeSockets.rowsOf(owners, options);
    const snapshot = this.assemble(takenAt, rows, owners, (pid) => tree.get(pid), skipped);
    const processes = new Map(snapshot.processes);
    for (const stat of tree.values()) if (!processes.has(stat.pid)) processes.set(stat.pid, this.facts.get(stat));
    return { ...snapshot, processes };
  }

  /**
   * Tree-only reads remember each launched process's descriptors and facts,
   * and only a whole snapshot prunes them: with the Ports view hidden, every
   * start and stop of a server would leave its processes' entries behind.
   * One listing of /proc every `pruneEveryMs` drops those of exited ones.
   */
  private forgetExited(): void {
    if (performance.now() - this.prunedAt < this.pruneEveryMs) return;
    this.prunedAt = performance.now();
    const live = new Set(listPids(this.reader, this.procRoot));
    this.owners.retain(live);
    this.facts.retain(live);
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
