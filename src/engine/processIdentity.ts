import * as fs from 'node:fs';

/**
 * A process as recorded in a reservation: its pid plus, where the OS tells us,
 * when it started, so a pid reused by an unrelated process after ours died is
 * not mistaken for the owner.
 */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat); Linux only. */
  start?: number;
}

interface ProcStat {
  state: string;
  start: number;
}

/** Fields 3 and 22 of /proc/<pid>/stat (proc(5)); undefined where /proc or the pid is absent. */
function readProcStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may itself hold spaces
  // or parentheses: count fields from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = Number(fields[22 - 3]);
  return Number.isFinite(start) ? { state: fields[0], start } : undefined;
}

export function processStartTime(pid: number): number | undefined {
  return readProcStat(pid)?.start;
}

let self: ProcessIdentity | undefined;

export function currentProcess(): ProcessIdentity {
  if (self === undefined || self.pid !== process.pid) {
    self = { pid: process.pid, start: processStartTime(process.pid) };
  }
  return self;
}

/** True while the very process recorded (same pid, same start) still runs. */
export function isAlive(owner: ProcessIdentity): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: the pid exists but belongs to someone else, so it is not our owner.
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    if ((e as NodeJS.ErrnoException).code === 'EPERM') return false;
    throw e;
  }
  const stat = readProcStat(owner.pid);
  if (stat === undefined) return true;
  // A killed process whose parent has not reaped it yet still answers kill(0).
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return owner.start === undefined || stat.start === owner.start;
}
