/**
 * What Port Zero knows of a process that owns sockets (name, command line,
 * owner, working directory, start time) and how it is read from procfs.
 */
import { ProcReader } from './procReader';
import type { ProcStat } from './procStat';

/**
 * How a start time was taken, which says how to take it again to compare:
 * `procStat` is clock ticks since boot from /proc/<pid>/stat (exact, Linux);
 * `processList` is ms since the epoch to the second, from systeminformation's
 * process list (`ps` elapsed time on Linux and macOS, Win32_Process
 * CreationDate on Windows).
 */
export type StartClock = 'procStat' | 'processList';

/** A process that owns sockets, as every socket source fills it. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid?: number;
  /** Process group; absent where the source cannot tell. */
  readonly pgid?: number;
  readonly name: string;
  /** argv joined with spaces; undefined when it cannot be read. */
  readonly commandLine?: string;
  readonly cwd?: string;
  /** With the pid, the process's identity (pids are reused), not for display; in the unit `startClock` says. */
  readonly startTime?: number;
  /** Undefined means `procStat`. */
  readonly startClock?: StartClock;
  readonly uid?: number;
  /** The owner's name as the process list prints it (`DOMAIN\\name` on Windows, `N/A` where it can't be read). */
  readonly user?: string;
}

/** /proc/<pid>/cmdline is argv NUL-separated (and NUL-terminated); empty for kernel threads and zombies. */
export function parseCmdline(buf: Buffer): string | undefined {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  if (end === 0) return undefined;
  return buf.toString('utf8', 0, end).split('\0').join(' ');
}

/**
 * comm is the main thread's name, which programs may rename: Node 24 calls
 * its main thread "MainThread", so every Node process would be listed under
 * that. Then the program's own name (argv[0]'s basename) says more.
 */
export function processName(comm: string, cmdline: Buffer | undefined): string {
  if (comm !== 'MainThread' || !cmdline || cmdline.length === 0) return comm;
  const nul = cmdline.indexOf(0);
  const argv0 = cmdline.toString('utf8', 0, nul < 0 ? cmdline.length : nul);
  const base = argv0.slice(argv0.lastIndexOf('/') + 1);
  return base === '' ? comm : base;
}

/**
 * Process facts (command line, cwd, uid) for owning pids, cached per pid and
 * start time: they are read once per process lifetime, not once per snapshot.
 * (A later chdir(), process.title change or reparenting is not seen: a
 * deliberate trade; socketsOfTree reads parents afresh.)
 */
export class ProcessFacts {
  /** With the comm each was read under: exec() keeps pid and start time but changes comm. */
  private readonly cache = new Map<number, { info: ProcessInfo; comm: string }>();

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  /**
   * Read again when comm changed although pid and start time did not: the
   * process exec'd another program (`sh -c 'exec gunicorn …'`, a pyenv or
   * nvm shim), and its row must name what runs now. comm is in the stat
   * line every snapshot reads anyway, so noticing costs nothing.
   */
  get(stat: ProcStat): ProcessInfo {
    const cached = this.cache.get(stat.pid);
    if (cached && cached.info.startTime === stat.startTime && cached.comm === stat.name) return cached.info;
    const dir = `${this.procRoot}/${stat.pid}`;
    const cmdline = this.reader.readFile(`${dir}/cmdline`);
    const info: ProcessInfo = {
      pid: stat.pid,
      ppid: stat.ppid,
      pgid: stat.pgid,
      name: processName(stat.name, cmdline),
      commandLine: cmdline && parseCmdline(cmdline),
      cwd: this.reader.readlink(`${dir}/cwd`),
      startTime: stat.startTime,
      // The owner of /proc/<pid> is the process's effective uid: one stat instead of parsing status.
      uid: this.reader.stat(dir)?.uid,
    };
    // Mid-exec the new comm is set before the new argv is (an empty cmdline):
    // such a read is not kept, so the next snapshot reads it whole.
    if (info.commandLine !== undefined) this.cache.set(stat.pid, { info, comm: stat.name });
    return info;
  }

  /** Forgets processes that are gone, so the cache does not grow with pid churn. */
  retain(live: { has(pid: number): boolean }): void {
    for (const pid of this.cache.keys()) if (!live.has(pid)) this.cache.delete(pid);
  }
}

/**
 * Adds the ancestors of the processes in `processes` that `read` can tell
 * (up to, not including, init): the Sockets view finds the terminal that
 * started a socket's owner by its parent chain.
 */
export function withAncestors(processes: Map<number, ProcessInfo>, read: (pid: number) => ProcessInfo | undefined): void {
  for (const owner of [...processes.values()]) {
    for (let pid = owner.ppid; pid !== undefined && pid > 1 && !processes.has(pid);) {
      const parent = read(pid);
      if (parent === undefined) break;
      processes.set(pid, parent);
      pid = parent.ppid;
    }
  }
}
