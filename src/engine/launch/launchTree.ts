/**
 * The processes of one launch, looked up by what ties them to it (see
 * engine/proc/launchMembers.ts): what keeps a launch alive after its shell
 * exited (`sh -c 'node srv.js &'`, `redis-server --daemonize yes`, a double
 * fork with setsid), and what Stop may end with or without asking.
 */
import type { PollJob, PollScheduler } from '../sockets/pollScheduler';
import { launchMembers, LaunchMembers } from '../proc/launchMembers';
import { ProcessIdentity, sameStart } from '../proc/processIdentity';
import { ProcessTable, readProcessTable } from '../proc/processTable';

/** A process named in a message: "python3 (4242)". */
export interface ProcessName {
  readonly pid: number;
  readonly name: string;
}

/** How often a launch whose shell exited looks for its remaining processes. */
const SURVIVOR_POLL_MS = 500;
/**
 * How soon survivors are read again before they are named: right after
 * the shell exits, a process it forked may not have reached its exec yet
 * and still bear the shell's name (seen: `bash` for python3).
 */
const NAME_SETTLE_MS = 50;

/** The launch's processes as they are now, named from one read of the table. */
export interface NamedProcesses {
  readonly members: readonly ProcessName[];
  readonly outsiders: readonly ProcessName[];
}

export class LaunchTree {
  constructor(
    readonly rootPid: number,
    /** `NAME=value`, in the environment of everything the launch starts. */
    readonly mark: string,
    private readonly readTable: (mark: string) => Promise<ProcessTable> = (mark) => readProcessTable({ mark }),
    /**
     * A launch a lost host started: its root may still run, which the table
     * tells by the pid and the start it was recorded with.
     */
    private readonly adopted?: { readonly root: ProcessIdentity; readonly platform: NodeJS.Platform },
  ) {}

  async members(rootAlive: boolean, listening: ReadonlySet<number>): Promise<LaunchMembers & { table: ProcessTable }> {
    const table = await this.readTable(this.mark);
    const alive = rootAlive || (this.adopted !== undefined && listedAs(this.adopted.root, table, this.adopted.platform));
    return { ...launchMembers(table, { pid: this.rootPid, alive, listening, uid: process.getuid?.() }), table };
  }

  /** Members, and the processes that carry only the mark, which Stop names and leaves unless the user says otherwise. */
  async named(rootAlive: boolean, listening: ReadonlySet<number>): Promise<NamedProcesses> {
    const { members, outsiders, table } = await this.members(rootAlive, listening);
    return { members: nameAll(members, table), outsiders: nameAll(outsiders, table) };
  }

  /**
   * After the root exited: polls on the scheduler until no process of the
   * launch is left, telling `onSurvivors` who still runs each time, with
   * `settled` once two reads in a row gave the same names. Marked
   * outsiders keep the launch alive only while `countOutsiders()` says so:
   * once the user stopped the launch and chose to leave them, they are not ours.
   * Resolves at once when none is left.
   */
  followSurvivors(
    scheduler: PollScheduler,
    listening: () => ReadonlySet<number>,
    onSurvivors: (survivors: NamedProcesses, settled: boolean) => void,
    countOutsiders: () => boolean,
  ): Promise<void> {
    let before = '';
    return new Promise((resolve) => {
      const job: PollJob = {
        name: `survivors of launch ${this.rootPid}`,
        run: async () => {
          const now = await this.named(false, listening()).catch((): NamedProcesses => ({ members: [], outsiders: [] }));
          const left = { members: now.members, outsiders: countOutsiders() ? now.outsiders : [] };
          if (left.members.length + left.outsiders.length === 0) {
            resolve();
            return undefined;
          }
          const names = JSON.stringify(left);
          const settled = names === before;
          before = names;
          onSurvivors(left, settled);
          return settled ? SURVIVOR_POLL_MS : NAME_SETTLE_MS;
        },
      };
      scheduler.add(job);
    });
  }
}

function nameAll(pids: ReadonlySet<number>, table: ProcessTable): ProcessName[] {
  return [...pids].sort((a, b) => a - b).map((pid) => ({ pid, name: table.get(pid)?.name ?? '?' }));
}

/** Whether the table's process on `who`'s pid is `who`: same start, taken with the same clock. */
function listedAs(who: ProcessIdentity, table: ProcessTable, platform: NodeJS.Platform): boolean {
  const entry = table.get(who.pid);
  if (entry === undefined || entry.zombie || entry.startTime === undefined || who.start === undefined) return false;
  return (entry.startClock ?? 'procStat') === (who.clock ?? 'procStat') && sameStart(entry.startTime, who.start, who.clock, platform);
}
