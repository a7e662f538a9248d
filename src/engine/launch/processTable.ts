import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';

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
  const children = new Map<number, number[]>();
  for (const entry of table.values()) {
    const list = children.get(entry.ppid);
    if (list) list.push(entry.pid);
    else children.set(entry.ppid, [entry.pid]);
  }
  const found = new Set<number>();
  const queue = [...roots].filter((pid) => table.has(pid));
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (found.has(pid)) continue;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** Parses one /proc/<pid>/stat line; the name may hold spaces and parentheses, so fields count from the last ')'. */
export function parseStat(text: string): ProcessEntry | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  // proc(5): state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime priority nice num_threads itrealvalue starttime
  const fields = text.slice(close + 2).split(' ');
  const ppid = Number(fields[1]);
  const pgid = Number(fields[2]);
  const startTime = Number(fields[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid)) return undefined;
  return { pid, ppid, pgid, startTime: Number.isFinite(startTime) ? startTime : undefined, zombie: fields[0] === 'Z' || fields[0] === 'X' };
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
