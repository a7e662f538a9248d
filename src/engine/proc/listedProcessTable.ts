/**
 * The process table where there is no /proc, from the platform's own list:
 * `ps` on macOS, Win32_Process on Windows. Start times are ms since the
 * epoch taken the way processIdentity's `processList` clock takes them, so
 * a row's identity, a launch's root and a table entry compare.
 */
import { CommandRunner, runPowerShell } from './commandRunner';
import type { ProcessEntry } from './processEntry';
import { parseElapsed, parseListedStart } from './processIdentity';
import { hasExited } from './procStat';

/** `ps` columns: etime as processIdentity reads it, comm last as the one column that may hold spaces. */
export const PS_TABLE_ARGS = ['-A', '-o', 'pid=,ppid=,pgid=,stat=,etime=,comm='];

export async function readPsTable(run: CommandRunner, now: () => number): Promise<Map<number, ProcessEntry>> {
  const at = now();
  const out = await run('ps', PS_TABLE_ARGS);
  if (out.code !== 0) throw new Error(`ps could not list processes: ${out.stderr.trim() || `exit code ${out.code}`}`);
  return parsePsTable(out.stdout, at);
}

export function parsePsTable(stdout: string, now: number): Map<number, ProcessEntry> {
  const table = new Map<number, ProcessEntry>();
  for (const line of stdout.split('\n')) {
    const [pid, ppid, pgid, stat, etime, ...comm] = line.trim().split(/\s+/);
    if (pid === undefined || ppid === undefined || pgid === undefined || etime === undefined) continue;
    const name = comm.join(' ').split('/').pop() || undefined;
    const elapsed = parseElapsed(etime);
    const startTime = elapsed === undefined ? undefined : now - elapsed;
    const entry: ProcessEntry = { pid: Number(pid), name, ppid: Number(ppid), pgid: Number(pgid), startTime, startClock: 'processList', zombie: hasExited({ state: (stat ?? '').charAt(0) }) };
    if (Number.isInteger(entry.pid)) table.set(entry.pid, entry);
  }
  return table;
}

/**
 * The properties systeminformation selects, minus those nothing here reads,
 * so the two outputs share one documented shape (Caption is the
 * executable's name). CreationDate in the format processIdentity's
 * windowsStartScript prints; the System Idle Process has none. Single
 * quotes only: see windowsStartScript.
 */
export const WIN32_TABLE_SCRIPT = 'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,Caption,'
  + "@{n='CreationDate';e={if ($_.CreationDate) { $_.CreationDate.ToString('yyyy-MM-dd HH:mm:ss') }}} | ConvertTo-Json -Compress";

export async function readWin32Table(run: CommandRunner): Promise<Map<number, ProcessEntry>> {
  const out = await runPowerShell(run, WIN32_TABLE_SCRIPT);
  if (out.stdout.trim() === '') throw new Error(`Win32_Process could not be listed: ${out.stderr.trim() || `exit code ${out.code}`}`);
  return parseWin32Processes(out.stdout);
}

interface Win32Process {
  readonly ProcessId?: unknown;
  readonly ParentProcessId?: unknown;
  readonly Caption?: unknown;
  readonly CreationDate?: unknown;
}

/**
 * ConvertTo-Json output: an array, or a bare object for a single process.
 * Windows has no process groups or sessions, and keeps a process's
 * ParentProcessId after the parent exits, when the pid may go to another
 * process: a child older than the process now holding its parent's pid is
 * not that process's child, and is listed with no parent (0).
 */
export function parseWin32Processes(json: string): Map<number, ProcessEntry> {
  const parsed = JSON.parse(json) as Win32Process | Win32Process[];
  const table = new Map<number, ProcessEntry>();
  for (const row of Array.isArray(parsed) ? parsed : [parsed]) {
    const { ProcessId: pid, ParentProcessId: ppid, Caption: name, CreationDate: created } = row;
    if (typeof pid !== 'number' || typeof ppid !== 'number') continue;
    const startTime = typeof created === 'string' ? parseListedStart(created) : undefined;
    table.set(pid, { pid, name: typeof name === 'string' ? name : undefined, ppid, startTime, startClock: 'processList', zombie: false });
  }
  for (const [pid, entry] of table) {
    const parent = table.get(entry.ppid);
    if (parent?.startTime !== undefined && entry.startTime !== undefined && entry.startTime < parent.startTime) table.set(pid, { ...entry, ppid: 0 });
  }
  return table;
}
