/**
 * Stops a launched server with everything it started: the shell, npm, the
 * server, its workers, and workers that left the process group with
 * setsid() (followed by their environment mark once their parent is gone).
 * The tree is frozen (SIGSTOP) while it is collected, so a
 * supervisor such as nodemon cannot respawn a child between our scan and
 * our signal; then every member gets SIGTERM, and SIGKILL after the grace
 * period. It resolves only when every pid it found is gone.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CommandRunner, runCommand } from './commandRunner';
import { isRunning, listedStartNow, ProcessIdentity, sameStart } from './processIdentity';
import { taskkill, taskkillVerdict } from './processStop';
import { ProcessTable, readProcessTable } from './processTable';
import { launchMembers } from './launchMembers';

export interface KillTreeOptions {
  /** Whether the root pid is still ours (not yet exited): once reaped, the pid may be reused. */
  readonly rootAlive?: boolean;
  readonly graceMs?: number;
  readonly pollMs?: number;
  /** How long SIGKILLed processes get to disappear before we give up and report them. */
  readonly killTimeoutMs?: number;
  /**
   * `NAME=value` put in the launch's environment: a process that carries it
   * belongs to the tree even after a double fork and setsid() took it out
   * of both the parent chain and the process group (Linux only).
   */
  readonly mark?: string;
  /** Marked processes outside the tree (see launchMembers) are stopped only when this is true. */
  readonly stopOutsiders?: boolean;
  /** Pids holding the launch's listening sockets: marked or not, they are the server. */
  readonly listening?: ReadonlySet<number>;
  readonly platform?: NodeJS.Platform;
  readonly readTable?: () => Promise<ProcessTable>;
  /** Windows: runs taskkill and PowerShell; replaced in tests. */
  readonly run?: CommandRunner;
}

export interface KillTreeResult {
  /** Every pid found in the tree. */
  readonly pids: readonly number[];
  /** The ones that outlived the grace period and were SIGKILLed. */
  readonly forced: readonly number[];
}

export class TreeSurvivorsError extends Error {
  constructor(readonly survivors: readonly number[]) {
    super(`processes still alive after SIGKILL: ${survivors.join(', ')}`);
  }
}

export async function killTree(rootPid: number, options: KillTreeOptions = {}): Promise<KillTreeResult> {
  const platform = options.platform ?? process.platform;
  if (platform === 'win32') return killWindowsTree(rootPid, options);
  const readTable = options.readTable ?? (() => readProcessTable({ platform, mark: options.mark }));
  const graceMs = options.graceMs ?? 3000;
  const pollMs = options.pollMs ?? 20;
  const members = new Map<number, number | undefined>();

  const isAlive = (table: ProcessTable, pid: number): boolean => {
    const entry = table.get(pid);
    if (entry === undefined || entry.zombie) return false;
    const first = members.get(pid);
    // ps-derived starts (macOS) move by a second between reads; a reused pid moves further.
    if (first === undefined || entry.startTime === undefined) return entry.startTime === first;
    return sameStart(entry.startTime, first, entry.startClock, platform);
  };
  /** Adds pids that joined the tree since the last look and returns them. */
  const collect = (table: ProcessTable): number[] => {
    const known = [...members.keys()].filter((pid) => isAlive(table, pid));
    const tree = launchMembers(table, { pid: rootPid, alive: options.rootAlive !== false, known, listening: options.listening });
    const found = options.stopOutsiders ? [...tree.members, ...tree.outsiders] : [...tree.members];
    const fresh = found.filter((pid) => !members.has(pid));
    for (const pid of fresh) members.set(pid, table.get(pid)?.startTime);
    return fresh;
  };

  let table = await readTable();
  try {
    let fresh = collect(table);
    for (let round = 0; fresh.length > 0 && round < 10; round++) {
      signal(fresh, 'SIGSTOP');
      table = await readTable();
      fresh = collect(table);
    }
    signal([...members.keys()], 'SIGTERM');
  } finally {
    signal([...members.keys()], 'SIGCONT');
  }

  const deadline = Date.now() + graceMs;
  let alive = [...members.keys()];
  while (alive.length > 0 && Date.now() < deadline) {
    await delay(pollMs);
    table = await readTable();
    signal(collect(table), 'SIGTERM');
    alive = [...members.keys()].filter((pid) => isAlive(table, pid));
  }
  const forced = alive;
  const killDeadline = Date.now() + (options.killTimeoutMs ?? 3000);
  while (alive.length > 0) {
    signal(alive, 'SIGKILL');
    if (Date.now() > killDeadline) throw new TreeSurvivorsError(alive);
    await delay(pollMs);
    table = await readTable();
    collect(table);
    alive = [...members.keys()].filter((pid) => isAlive(table, pid));
  }
  return { pids: [...members.keys()], forced };
}

function signal(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // ESRCH: it ended between our look and the signal, which is the goal.
    }
  }
}

/**
 * Windows has no process groups or signals: taskkill walks the tree from the
 * root itself. First `/T` without /F, which asks each process to close
 * (programs with a window can, console programs are refused at once), then,
 * if the root still runs after the grace period, `/T /F`. The root's start
 * time is read first and checked again before /F: Windows hands a freed pid
 * out again quickly.
 */
async function killWindowsTree(rootPid: number, options: KillTreeOptions): Promise<KillTreeResult> {
  // Once the root exited its pid is no longer ours to name.
  if (options.rootAlive === false) return { pids: [], forced: [] };
  const deps = { platform: 'win32' as const, run: options.run ?? runCommand };
  const start = await listedStartNow(rootPid, deps);
  if (start === null) return { pids: [], forced: [] };
  const root: ProcessIdentity = { pid: rootPid, start, clock: 'processList' };
  const asked = taskkillVerdict(await taskkill(deps.run, rootPid, false));
  if (asked !== 'needsForce' && asked !== 'denied') {
    const deadline = Date.now() + (options.graceMs ?? 3000);
    while (Date.now() < deadline && (await isRunning(root, deps))) await delay(options.pollMs ?? 100);
  }
  if (!(await isRunning(root, deps))) return { pids: [rootPid], forced: [] };
  await taskkill(deps.run, rootPid, true);
  return { pids: [rootPid], forced: [rootPid] };
}
