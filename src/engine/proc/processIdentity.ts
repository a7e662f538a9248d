import * as fs from 'node:fs';
import { hasExited, parseStat, ProcStat } from './procStat';

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

/** /proc/<pid>/stat parsed; undefined where /proc or the pid is absent. */
function readProcStat(pid: number): ProcStat | undefined {
  try {
    return parseStat(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

export function processStartTime(pid: number): number | undefined {
  return readProcStat(pid)?.startTime;
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
  if (hasExited(stat)) return false;
  return owner.start === undefined || stat.startTime === owner.start;
}
