/**
 * The machine's process table: who is whose child, which group each process
 * leads or joined, which have exited, which carry a launch's mark. The one
 * reader of it: Linux walks /proc through the same ProcReader seam as the
 * socket table (/proc/<pid>/task/<tid>/children is often compiled out, so every
 * process is read); macOS asks `ps` and Windows Win32_Process
 * (listedProcessTable.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CommandRunner, runCommand } from './commandRunner';
import { readPsTable, readWin32Table } from './listedProcessTable';
import type { ProcessEntry, ProcessTable } from './processEntry';
import { nodeProcReader, ProcReader } from './procReader';
import { hasExited, listPids, ProcStat, readStat } from './procStat';

export type { ProcessEntry, ProcessTable } from './processEntry';

export interface ReadProcessTableOptions {
  readonly platform?: NodeJS.Platform;
  /** `NAME=value`, looked for in each /proc/<pid>/environ; other platforms cannot read environments cheaply. */
  readonly mark?: string;
  readonly reader?: ProcReader;
  readonly procRoot?: string;
  /** Runs `ps` or PowerShell off Linux; replaced in tests by captured output. */
  readonly run?: CommandRunner;
  readonly now?: () => number;
}

export async function readProcessTable(options: ReadProcessTableOptions = {}): Promise<ProcessTable> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return readWin32Table(options.run ?? runCommand);
  if (platform !== 'linux') return readPsTable(options.run ?? runCommand, options.now ?? Date.now);
  const reader = options.reader ?? nodeProcReader();
  const procRoot = options.procRoot ?? '/proc';
  const stats = readProcfsTable(reader, procRoot, options.mark);
  if (options.mark !== undefined) await settleEnvironments(stats, reader, procRoot, options.mark);
  const table = new Map<number, ProcessEntry>();
  for (const [pid, stat] of stats) {
    const { name, ppid, pgid, session, startTime, marked, uid } = stat;
    const looked = options.mark === undefined ? {} : { marked: marked === true, ...(uid === undefined ? {} : { uid }) };
    table.set(pid, { pid, name, ppid, pgid, session, startTime, zombie: hasExited(stat), ...looked });
  }
  return table;
}

type MarkedStat = ProcStat & { readonly marked?: boolean; readonly uid?: number; readonly environEmpty?: boolean };

/** Every process in /proc with its stat, and whether its environment carries `mark`. */
export function readProcfsTable(reader: ProcReader, procRoot: string, mark?: string): Map<number, MarkedStat> {
  const needle = mark === undefined ? undefined : Buffer.from(`\0${mark}\0`);
  const table = new Map<number, MarkedStat>();
  for (const pid of listPids(reader, procRoot)) {
    const stat = readStat(reader, procRoot, pid);
    if (!stat) continue;
    table.set(stat.pid, needle ? withMark(stat, reader, procRoot, needle) : stat);
  }
  return table;
}

/**
 * While a process is inside execve() the kernel has switched it to the new
 * program but not yet set up its environment, and /proc/<pid>/environ reads
 * as empty: a daemon caught in that instant (`setsid node srv.js` exec'ing
 * node) looks unmarked, and its launch would be declared over with the
 * daemon left running (measured: 5 of 300 `(setsid sleep 5 &); exit 0`
 * launches, read right after the shell exited). So empty environments of
 * user processes are read again a few milliseconds later; one that stays
 * empty (`env -i`) costs those milliseconds and nothing else.
 */
const SETTLE_ROUNDS = 3;
const SETTLE_MS = 5;

async function settleEnvironments(table: Map<number, MarkedStat>, reader: ProcReader, procRoot: string, mark: string): Promise<void> {
  const needle = Buffer.from(`\0${mark}\0`);
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    const unsettled = [...table.values()].filter((stat) => stat.environEmpty);
    if (unsettled.length === 0) return;
    await delay(SETTLE_MS);
    for (const before of unsettled) {
      const stat = readStat(reader, procRoot, before.pid);
      if (stat && stat.startTime === before.startTime) table.set(stat.pid, withMark(stat, reader, procRoot, needle));
      else table.set(before.pid, { ...before, environEmpty: undefined });
    }
  }
}

/** The mark, and with it the uid: a mark alone is only an environment variable, which anyone can set. */
function withMark(stat: ProcStat, reader: ProcReader, procRoot: string, needle: Buffer): MarkedStat {
  const environ = reader.readFile(`${procRoot}/${stat.pid}/environ`);
  if (environ === undefined) return stat;
  // environ is NUL-separated with no leading NUL: compare the first entry on its own.
  if (environ.includes(needle) || environ.subarray(0, needle.length - 1).equals(needle.subarray(1))) {
    const uid = reader.stat(`${procRoot}/${stat.pid}`)?.uid;
    return { ...stat, marked: true, ...(uid === undefined ? {} : { uid }) };
  }
  // Kernel threads and exited processes have no environment to wait for.
  return environ.length === 0 && !stat.kernelThread && !hasExited(stat) ? { ...stat, environEmpty: true } : stat;
}
