/**
 * A process as recorded in a reservation or shown in a row: its pid plus,
 * where the OS tells us, when it started, so a pid reused by an unrelated
 * process after ours died is not mistaken for it.
 */
import * as fs from 'node:fs';
import { CommandRunner, runCommand, runPowerShell } from './commandRunner';
import type { ProcessInfo, StartClock } from './processInfo';
import { hasExited, parseStat, ProcStat } from './procStat';

export interface ProcessIdentity {
  pid: number;
  /** When it started, in the unit `clock` names. */
  start?: number;
  /** Undefined means `procStat` (clock ticks since boot, field 22 of /proc/<pid>/stat). */
  clock?: StartClock;
}

export function identityOf(process: ProcessInfo): ProcessIdentity {
  return { pid: process.pid, start: process.startTime, clock: process.startClock };
}

/** /proc/<pid>/stat parsed; undefined where /proc or the pid is absent. */
export function readProcStat(pid: number): ProcStat | undefined {
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

/** True while the very process recorded (same pid, same start in /proc) still runs. */
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

/**
 * How far two listed start times of one process may differ. `ps` prints the
 * elapsed time to the second and the list turns it into a start by
 * subtracting it from the clock when parsing, so two reads of one process
 * differ by up to a second plus the time ps took. A different process on the
 * same pid within that window would need the pid counter to wrap (99,999 on
 * macOS) in three seconds. Windows prints CreationDate itself: exact.
 */
export const LISTED_START_TOLERANCE_MS = 3000;

export function sameStart(a: number, b: number, clock: StartClock | undefined, platform: NodeJS.Platform): boolean {
  if (clock !== 'processList' || platform === 'win32') return a === b;
  return Math.abs(a - b) <= LISTED_START_TOLERANCE_MS;
}

/**
 * A listed start (`yyyy-MM-dd HH:mm:ss`, local time, as systeminformation
 * formats both) as ms since the epoch. In a .NET custom format `:` is the
 * culture's time separator, not a literal (Finnish and some Indic cultures
 * print `10.05.33`), so any non-digits between the fields are accepted.
 */
export function parseListedStart(text: string): number | undefined {
  const fields = /^(\d{4})\D(\d{1,2})\D(\d{1,2})\D+(\d{1,2})\D(\d{1,2})\D(\d{1,2})$/.exec(text.trim());
  if (!fields) return undefined;
  const [year, month, day, hours, minutes, seconds] = fields.slice(1).map(Number);
  const date = new Date(year, month - 1, day, hours, minutes, seconds);
  // Date rolls 2020-13-45 over into 2021: a field out of range is not a time we were given.
  return date.getMonth() === month - 1 && date.getDate() === day && date.getHours() === hours && date.getMinutes() === minutes ? date.getTime() : undefined;
}

/** POSIX `ps -o etime`: `[[dd-]hh:]mm:ss`, in ms. */
export function parseElapsed(text: string): number | undefined {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const [days, hours, minutes, seconds] = [m[1], m[2], m[3], m[4]].map((v) => Number(v ?? 0));
  return (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000;
}

export interface IdentityDeps {
  readonly platform?: NodeJS.Platform;
  readonly run?: CommandRunner;
  readonly now?: () => number;
}

/**
 * The same format systeminformation gives CreationDate, so the two strings
 * compare. Single quotes only: a double quote inside a -Command argument
 * must survive two rounds of Windows command-line quoting.
 */
export function windowsStartScript(pid: number): string {
  return `Get-CimInstance Win32_Process -Filter 'ProcessId=${pid}' | ForEach-Object { $_.CreationDate.ToString('yyyy-MM-dd HH:mm:ss') }`;
}

/**
 * The start `pid` has now, taken the way the process list takes it: null
 * when no process has the pid (or it is a zombie), undefined when it can't be
 * told (the tool is missing or printed something else).
 */
export async function listedStartNow(pid: number, deps: IdentityDeps = {}): Promise<number | null | undefined> {
  const platform = deps.platform ?? process.platform;
  const run = deps.run ?? runCommand;
  try {
    if (platform === 'win32') {
      const out = await runPowerShell(run, windowsStartScript(pid));
      const line = out.stdout.trim();
      return line === '' ? null : parseListedStart(line);
    }
    const now = (deps.now ?? Date.now)();
    const out = await run('ps', ['-o', 'stat=,etime=', '-p', String(pid)]);
    const [stat, etime] = out.stdout.trim().split(/\s+/);
    // ps's STAT starts with the state letter /proc/<pid>/stat has.
    if (!stat || hasExited({ state: stat.charAt(0) })) return null;
    const elapsed = parseElapsed(etime ?? '');
    return elapsed === undefined ? undefined : now - elapsed;
  } catch {
    return undefined;
  }
}

/** Whether the very process `who` names still runs, read the way its start was taken. */
export async function isRunning(who: ProcessIdentity, deps: IdentityDeps = {}): Promise<boolean> {
  if (who.clock !== 'processList') return isAlive(who);
  const start = await listedStartNow(who.pid, deps);
  if (start === null) return false;
  // Nothing to compare with: the pid's existence is all that can be said.
  if (start === undefined || who.start === undefined) return start !== undefined || isAlive({ pid: who.pid });
  return sameStart(who.start, start, who.clock, deps.platform ?? process.platform);
}

/**
 * What a launch records of its root off Linux, read the way isRunning reads
 * it back (`ps` on macOS, PowerShell on Windows); the pid alone where the
 * start can't be told.
 */
export async function listedIdentity(pid: number, deps: IdentityDeps = {}): Promise<ProcessIdentity> {
  const start = await listedStartNow(pid, deps);
  return typeof start === 'number' ? { pid, start, clock: 'processList' } : { pid };
}
