/**
 * /proc/<pid>/stat (proc_pid_stat(5)): the one parser of it, used by the
 * socket table, the process table, identity checks, the tests and the test host.
 */
import { ProcReader } from './procReader';

/** The fields of /proc/<pid>/stat the socket table needs (proc_pid_stat(5)). */
export interface ProcStat {
  readonly pid: number;
  /** `comm`: at most 15 bytes, and it may itself contain spaces and parentheses. */
  readonly name: string;
  /** Field 3: R, S, D, Z (zombie: exited, not yet reaped), X, … */
  readonly state: string;
  readonly ppid: number;
  /** Field 5, the process group: detached launches lead their own. */
  readonly pgid: number;
  /** Field 6, the session: a detached launch leads its own, and only setsid() leaves it. */
  readonly session: number;
  /** Field 22, clock ticks after boot: with the pid, a process's identity (pids are reused). */
  readonly startTime: number;
  /** Field 9 holds PF_KTHREAD: a kernel thread, which has no environment or program of its own. */
  readonly kernelThread: boolean;
}

const PF_KTHREAD = 0x00200000;

/**
 * comm is wrapped in parentheses but may contain `)` and spaces (`(a) b)`),
 * so the fields after it are found from the *last* `)`.
 */
export function parseStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const pid = Number(text.slice(0, open).trim());
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const ppid = Number(rest[1]);
  const pgid = Number(rest[2]);
  const session = Number(rest[3]);
  const startTime = Number(rest[19]);
  const flags = Number(rest[6]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid) || !Number.isInteger(startTime) || rest.length < 20) {
    return undefined;
  }
  const kernelThread = Number.isInteger(flags) && (flags & PF_KTHREAD) !== 0;
  return { pid, name: text.slice(open + 1, close), state: rest[0], ppid, pgid, session, startTime, kernelThread };
}

export function readStat(reader: ProcReader, procRoot: string, pid: number): ProcStat | undefined {
  const buf = reader.readFile(`${procRoot}/${pid}/stat`);
  return buf && parseStat(buf.toString('latin1'));
}

export function listPids(reader: ProcReader, procRoot: string): number[] {
  const pids: number[] = [];
  for (const entry of reader.readdir(procRoot) ?? []) {
    const c = entry.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) pids.push(Number(entry));
  }
  return pids;
}

/** Exited but not yet reaped (Z) or dead (X): it holds nothing but its pid. */
export function hasExited(stat: Pick<ProcStat, 'state'>): boolean {
  return stat.state === 'Z' || stat.state === 'X';
}
