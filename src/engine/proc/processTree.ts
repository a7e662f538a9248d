/**
 * Process trees: every descendant of some pids, from a parent table or read
 * live from procfs.
 */
import { readProcfsTable } from './processTable';
import { ProcStat, readStat } from './procStat';
import { ProcReader } from './procReader';

/** Pid → parent pid, the one relation the tree helpers need. */
export type ParentTable = ReadonlyMap<number, Pick<ProcStat, 'ppid'>>;

/** Every descendant of the roots (roots excluded), each once, breadth first. */
export function descendantsOf(rootPids: readonly number[], table: ParentTable): number[] {
  const byParent = new Map<number, number[]>();
  for (const [pid, stat] of table) {
    const list = byParent.get(stat.ppid);
    if (list) list.push(pid);
    else byParent.set(stat.ppid, [pid]);
  }
  const seen = new Set(rootPids);
  const out: number[] = [];
  const queue = [...rootPids];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift()!) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * Reads the live tree under some pids. /proc/<pid>/task/<tid>/children
 * (CONFIG_PROC_CHILDREN, proc_pid_task(5)) answers directly; kernels built
 * without it (like this project's CI) fall back to one stat per process.
 */
export class ProcessTreeReader {
  private childrenFiles: boolean | undefined;

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  /** Roots that are alive plus all their descendants, each with its stat. */
  treeOf(rootPids: readonly number[]): Map<number, ProcStat> {
    if (this.hasChildrenFiles(rootPids)) {
      const tree = new Map<number, ProcStat>();
      const queue = [...rootPids];
      while (queue.length > 0) {
        const pid = queue.shift()!;
        if (tree.has(pid)) continue;
        const stat = readStat(this.reader, this.procRoot, pid);
        if (!stat) continue;
        tree.set(pid, stat);
        queue.push(...this.childrenFromTasks(pid));
      }
      return tree;
    }
    const table = readProcfsTable(this.reader, this.procRoot);
    const tree = new Map<number, ProcStat>();
    for (const pid of [...rootPids, ...descendantsOf(rootPids, table)]) {
      const stat = table.get(pid);
      if (stat) tree.set(pid, stat);
    }
    return tree;
  }

  private childrenFromTasks(pid: number): number[] {
    const out: number[] = [];
    for (const tid of this.reader.readdir(`${this.procRoot}/${pid}/task`) ?? []) {
      const text = this.reader.readFile(`${this.procRoot}/${pid}/task/${tid}/children`)?.toString('latin1');
      for (const word of text?.split(' ') ?? []) if (word !== '') out.push(Number(word));
    }
    return out;
  }

  private hasChildrenFiles(rootPids: readonly number[]): boolean {
    if (this.childrenFiles === undefined) {
      const probe = rootPids[0] ?? process.pid;
      const tids = this.reader.readdir(`${this.procRoot}/${probe}/task`);
      if (!tids || tids.length === 0) return false; // cannot tell yet: decide on a live pid later
      this.childrenFiles = this.reader.stat(`${this.procRoot}/${probe}/task/${tids[0]}/children`) !== undefined;
    }
    return this.childrenFiles;
  }
}
