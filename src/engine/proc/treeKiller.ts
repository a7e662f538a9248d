/**
 * Stops a launched server with everything it started: the shell, npm, the
 * server, its workers, and workers that left the process group with
 * setsid() (followed by their environment mark once their parent is gone).
 * The tree is frozen (SIGSTOP) while it is collected, so a
 * supervisor such as nodemon cannot respawn a child between our scan and
 * our signal; then every member gets SIGTERM, and SIGKILL after the grace
 * period. It resolves only when every pid it found is gone.
 *
 * The root counts as alive only while the table shows it with the start it
 * had at the first read: it may die during the grace period and its pid go
 * to a newcomer, whose children are not ours. The init of a pid namespace
 * is never a member (see pidNamespace.ts), nor, once the root is dead,
 * another user's process (see launchMembers.ts).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CommandRunner, runCommand } from './commandRunner';
import { isRunning, listedStartNow, ProcessIdentity, sameStart } from './processIdentity';
import { taskkill, taskkillVerdict } from './processStop';
import { ProcessTable, readProcessTable } from './processTable';
import { launchMembers } from './launchMembers';
import { isNamespaceInit } from './pidNamespace';

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
  /** Marked pids holding the port the launch was handed: they are the server (see launchMembers). */
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
  const tree = new PosixTree(rootPid, platform, options, options.readTable ?? (() => readProcessTable({ platform, mark: options.mark })));
  await tree.freezeAndTerminate();
  const forced = await tree.awaitGrace(options.graceMs ?? 3000);
  await tree.kill(forced, options.killTimeoutMs ?? 3000);
  return { pids: tree.pids(), forced };
}

/** The members of one tree as they are found, each with its start time so a reused pid is not taken for it. */
class PosixTree {
  private readonly members = new Map<number, number | undefined>();
  private table: ProcessTable = new Map();
  private readonly pollMs: number;
  /** The root's start at the first read; null once it was not alive then. */
  private rootStart: number | undefined | null = null;

  constructor(
    private readonly rootPid: number,
    private readonly platform: NodeJS.Platform,
    private readonly options: KillTreeOptions,
    private readonly readTable: () => Promise<ProcessTable>,
  ) {
    this.pollMs = options.pollMs ?? 20;
  }

  pids(): number[] {
    return [...this.members.keys()];
  }

  /** Stops each member found (so none can spawn unseen) until no new one appears, then SIGTERMs them all. */
  async freezeAndTerminate(): Promise<void> {
    this.table = await this.readTable();
    const root = this.table.get(this.rootPid);
    if (this.options.rootAlive !== false && root !== undefined && !root.zombie) this.rootStart = root.startTime;
    try {
      let fresh = this.collect();
      for (let round = 0; fresh.length > 0 && round < 10; round++) {
        signal(fresh, 'SIGSTOP');
        this.table = await this.readTable();
        fresh = this.collect();
      }
      signal(this.pids(), 'SIGTERM');
    } finally {
      signal(this.pids(), 'SIGCONT');
    }
  }

  /** Waits up to `graceMs` for the members to exit, SIGTERMing late joiners; returns those still alive. */
  async awaitGrace(graceMs: number): Promise<number[]> {
    const deadline = Date.now() + graceMs;
    let alive = this.pids();
    while (alive.length > 0 && Date.now() < deadline) {
      await delay(this.pollMs);
      this.table = await this.readTable();
      signal(this.collect(), 'SIGTERM');
      alive = this.alive();
    }
    return alive;
  }

  /** SIGKILLs the survivors until they are gone; throws TreeSurvivorsError after `timeoutMs`. */
  async kill(survivors: number[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let alive = survivors;
    while (alive.length > 0) {
      signal(alive, 'SIGKILL');
      if (Date.now() > deadline) throw new TreeSurvivorsError(alive);
      await delay(this.pollMs);
      this.table = await this.readTable();
      this.collect();
      alive = this.alive();
    }
  }

  private alive(): number[] {
    return this.pids().filter((pid) => this.isAlive(pid));
  }

  private isAlive(pid: number, first = this.members.get(pid)): boolean {
    const entry = this.table.get(pid);
    if (entry === undefined || entry.zombie) return false;
    // ps-derived starts (macOS) move by a second between reads; a reused pid moves further.
    if (first === undefined || entry.startTime === undefined) return entry.startTime === first;
    return sameStart(entry.startTime, first, entry.startClock, this.platform);
  }

  /** Adds pids that joined the tree since the last look and returns them. */
  private collect(): number[] {
    const known = this.pids().filter((pid) => this.isAlive(pid));
    const alive = this.rootStart !== null && this.isAlive(this.rootPid, this.rootStart);
    const root = { pid: this.rootPid, alive, known, listening: this.options.listening, uid: process.getuid?.() };
    const { members, outsiders } = launchMembers(this.table, root);
    const found = this.options.stopOutsiders ? [...members, ...outsiders] : [...members];
    const fresh = found.filter((pid) => !this.members.has(pid) && !isNamespaceInit(pid));
    for (const pid of fresh) this.members.set(pid, this.table.get(pid)?.startTime);
    return fresh;
  }
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
