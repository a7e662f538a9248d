import { ProcReader } from './procReader';
import { ProcessInfo } from '../sockets/socket';

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
  /** Field 22, clock ticks after boot: with the pid, a process's identity (pids are reused). */
  readonly startTime: number;
}

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
  const startTime = Number(rest[19]);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isInteger(pgid) || !Number.isInteger(startTime) || rest.length < 20) {
    return undefined;
  }
  return { pid, name: text.slice(open + 1, close), state: rest[0], ppid, pgid, startTime };
}

export function readStat(reader: ProcReader, procRoot: string, pid: number): ProcStat | undefined {
  const buf = reader.readFile(`${procRoot}/${pid}/stat`);
  return buf && parseStat(buf.toString('latin1'));
}

/** /proc/<pid>/cmdline is argv NUL-separated (and NUL-terminated); empty for kernel threads and zombies. */
export function parseCmdline(buf: Buffer): string | undefined {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === 0) end--;
  if (end === 0) return undefined;
  return buf.toString('utf8', 0, end).split('\0').join(' ');
}

export function listPids(reader: ProcReader, procRoot: string): number[] {
  const pids: number[] = [];
  for (const entry of reader.readdir(procRoot) ?? []) {
    const c = entry.charCodeAt(0);
    if (c >= 0x30 && c <= 0x39) pids.push(Number(entry));
  }
  return pids;
}

/** Every process in /proc with its stat. */
export function readProcessTable(reader: ProcReader, procRoot: string): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const pid of listPids(reader, procRoot)) {
    const stat = readStat(reader, procRoot, pid);
    if (stat) table.set(stat.pid, stat);
  }
  return table;
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
  private readonly cache = new Map<number, ProcessInfo>();

  constructor(private readonly reader: ProcReader, private readonly procRoot: string) {}

  get(stat: ProcStat): ProcessInfo {
    const cached = this.cache.get(stat.pid);
    if (cached && cached.startTime === stat.startTime) return cached;
    const dir = `${this.procRoot}/${stat.pid}`;
    const cmdline = this.reader.readFile(`${dir}/cmdline`);
    const info: ProcessInfo = {
      pid: stat.pid,
      ppid: stat.ppid,
      name: processName(stat.name, cmdline),
      commandLine: cmdline && parseCmdline(cmdline),
      cwd: this.reader.readlink(`${dir}/cwd`),
      startTime: stat.startTime,
      // The owner of /proc/<pid> is the process's effective uid: one stat instead of parsing status.
      uid: this.reader.stat(dir)?.uid,
    };
    this.cache.set(stat.pid, info);
    return info;
  }

  /** Forgets processes that are gone, so the cache does not grow with pid churn. */
  retain(live: { has(pid: number): boolean }): void {
    for (const pid of this.cache.keys()) if (!live.has(pid)) this.cache.delete(pid);
  }
}
