import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { parseStat as parseProcStat } from './processInfo';
import { descendantsOf as treeDescendants } from './processTree';

/**
 * Who is whose child right now: what stopping a whole tree needs. Linux
 * reads /proc/<pid>/stat (no spawn; /proc/<pid>/task/<tid>/children is often
 * compiled out, so every process is read); elsewhere `ps` answers.
 */
export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Identity across pid reuse: clock ticks since boot (Linux), absent elsewhere. */
  readonly startTime?: number;
  /** Exited but not yet reaped: holds nothing but its pid. */
  readonly zombie: boolean;
  /** Its environment holds the mark asked for (Linux only): it descends from our launch, wherever it moved. */
  readonly marked?: boolean;
}

export type ProcessTable = ReadonlyMap<number, ProcessEntry>;

/** `mark` (`NAME=value`) is looked for in each /proc/<pid>/environ; other platforms cannot read environments cheaply. */
export function readProcessTable(platform: NodeJS.Platform = process.platform, mark?: string): Promise<ProcessTable> {
  return platform === 'linux' ? readProcfs(mark) : readPs();
}

/** The roots and everything below them, following parent pids. */
export function descendantsOf(table: ProcessTable, roots: Iterable<number>): Set<number> {
  const present = [...roots].filter((pid) => table.has(pid));
  return new Set([...present, ...treeDescendants(present, table)]);
}

/** One /proc/<pid>/stat line as the tree killer needs it. */
export function parseStat(text: string): ProcessEntry | undefined {
  const stat = parseProcStat(text);
  if (stat === undefined) return undefined;
  const { pid, ppid, pgid, startTime, state } = stat;
  return { pid, ppid, pgid, startTime, zombie: state === 'Z' || state === 'X' };
}

async function readProcfs(mark?: string): Promise<ProcessTable> {
  const names = await fs.readdir('/proc');
  const needle = mark === undefined ? undefined : Buffer.from(`\0${mark}\0`);
  const entries = await Promise.all(
    names
      .filter((n) => /^\d+$/.test(n))
      .map(async (n) => {
        const entry = await fs.readFile(`/proc/${n}/stat`, 'utf8').then(parseStat, () => undefined);
        if (!entry || !needle) return entry;
        // environ is NUL-separated; a leading NUL lets the first variable match too.
        const environ = await fs.readFile(`/proc/${n}/environ`).catch(() => undefined);
        return environ && Buffer.concat([Buffer.from([0]), environ]).includes(needle) ? { ...entry, marked: true } : entry;
      }),
  );
  const table = new Map<number, ProcessEntry>();
  for (const entry of entries) if (entry) table.set(entry.pid, entry);
  return table;
}

function readPs(): Promise<ProcessTable> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat='], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (error) {
        reject(error);
        return;
      }
      const table = new Map<number, ProcessEntry>();
      for (const line of stdout.split('\n')) {
        const [pid, ppid, pgid, stat] = line.trim().split(/\s+/);
        if (pid === undefined || ppid === undefined || pgid === undefined) continue;
        const entry = { pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), zombie: (stat ?? '').startsWith('Z') };
        if (Number.isInteger(entry.pid)) table.set(entry.pid, entry);
      }
      resolve(table);
    });
  });
}
