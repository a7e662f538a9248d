/**
 * The machine's process table: who is whose child, which group each process
 * leads or joined, which have exited, which carry a launch's mark. The one
 * reader of it: Linux walks /proc through the same ProcReader seam as the
 * socket table (/proc/<pid>/task/<tid>/children is often compiled out, so every
 * process is read); other platforms ask `ps`.
 */
import { execFile } from 'node:child_process';
import { nodeProcReader, ProcReader } from './procReader';
import { hasExited, listPids, ProcStat, readStat } from './procStat';

export interface ProcessEntry {
  readonly pid: number;
  /** The program's short name (comm), for messages that list processes. */
  readonly name?: string;
  readonly ppid: number;
  readonly pgid: number;
  /** Session id (Linux); absent where `ps` answers. */
  readonly session?: number;
  /** Identity across pid reuse: clock ticks since boot (Linux), absent elsewhere. */
  readonly startTime?: number;
  /** Exited but not yet reaped: holds nothing but its pid. */
  readonly zombie: boolean;
  /** Its environment holds the mark asked for (Linux only): it descends from our launch, wherever it moved. */
  readonly marked?: boolean;
}

export type ProcessTable = ReadonlyMap<number, ProcessEntry>;

export interface ReadProcessTableOptions {
  readonly platform?: NodeJS.Platform;
  /** `NAME=value`, looked for in each /proc/<pid>/environ; other platforms cannot read environments cheaply. */
  readonly mark?: string;
  readonly reader?: ProcReader;
  readonly procRoot?: string;
}

export async function readProcessTable(options: ReadProcessTableOptions = {}): Promise<ProcessTable> {
  if ((options.platform ?? process.platform) !== 'linux') return readPs();
  const table = new Map<number, ProcessEntry>();
  for (const [pid, stat] of readProcfsTable(options.reader ?? nodeProcReader(), options.procRoot ?? '/proc', options.mark)) {
    const { name, ppid, pgid, session, startTime, marked } = stat;
    table.set(pid, { pid, name, ppid, pgid, session, startTime, zombie: hasExited(stat), ...(marked ? { marked } : {}) });
  }
  return table;
}

/** Every process in /proc with its stat, and whether its environment carries `mark`. */
export function readProcfsTable(reader: ProcReader, procRoot: string, mark?: string): Map<number, ProcStat & { readonly marked?: boolean }> {
  const needle = mark === undefined ? undefined : Buffer.from(`\0${mark}\0`);
  const table = new Map<number, ProcStat & { readonly marked?: boolean }>();
  for (const pid of listPids(reader, procRoot)) {
    const stat = readStat(reader, procRoot, pid);
    if (!stat) continue;
    table.set(stat.pid, needle && isMarked(reader, `${procRoot}/${pid}/environ`, needle) ? { ...stat, marked: true } : stat);
  }
  return table;
}

function isMarked(reader: ProcReader, path: string, needle: Buffer): boolean {
  const environ = reader.readFile(path);
  // environ is NUL-separated with no leading NUL: compare the first entry on its own.
  return environ !== undefined && (environ.includes(needle) || environ.subarray(0, needle.length - 1).equals(needle.subarray(1)));
}

function readPs(): Promise<ProcessTable> {
  return new Promise((resolve, reject) => {
    // comm last: it is the one column that may hold spaces.
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat=,comm='], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        reject(error);
        return;
      }
      const table = new Map<number, ProcessEntry>();
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid, stat, ...comm] = line.trim().split(/\s+/);
        if (pid === undefined || ppid === undefined || pgid === undefined) continue;
        const name = comm.join(' ').split('/').pop() || undefined;
        const entry = { pid: Number(pid), name, ppid: Number(ppid), pgid: Number(pgid), zombie: (stat ?? '').startsWith('Z') };
        if (Number.isInteger(entry.pid)) table.set(entry.pid, entry);
      }
      resolve(table);
    });
  });
}
