/**
 * What systeminformation's process list lacks, read once per process (pid +
 * start time) from the platform's own sources, as ProcessFacts does for
 * procfs:
 *
 * | platform | cwd                                  | owner                                  |
 * |----------|--------------------------------------|----------------------------------------|
 * | Linux    | /proc/<pid>/cwd                      | uid: the owner of /proc/<pid>          |
 * | macOS    | one `lsof -a -d cwd -Fn -p <pids>`   | the list's `user` column (ps)          |
 * | Windows  | none cheap: the workspace filter says it can't apply | `tasklist /V`: `DOMAIN\name` or `N/A` |
 *
 * It also keeps one start time per process: the list derives it from ps's
 * elapsed seconds, so it wobbles by a second between reads, and a row's id
 * (and a Stop's identity check) must not.
 */
import { CommandRunner, runCommand } from './commandRunner';
import { sameStart } from './processIdentity';
import type { ProcessInfo } from './processInfo';
import { nodeProcReader, ProcReader } from './procReader';
import { readCwds } from './lsofCwd';
import { readOwners } from './tasklistOwners';

export interface ListedProcessFactsOptions {
  readonly platform?: NodeJS.Platform;
  readonly run?: CommandRunner;
  readonly reader?: ProcReader;
  readonly procRoot?: string;
}

interface Facts {
  readonly startTime?: number;
  cwd?: string;
  uid?: number;
  user?: string;
}

export class ListedProcessFacts {
  private readonly cache = new Map<number, Facts>();
  private readonly platform: NodeJS.Platform;
  private readonly run: CommandRunner;
  private readonly reader: ProcReader;
  private readonly procRoot: string;

  constructor(options: ListedProcessFactsOptions = {}) {
    this.platform = options.platform ?? process.platform;
    this.run = options.run ?? runCommand;
    this.reader = options.reader ?? nodeProcReader();
    this.procRoot = options.procRoot ?? '/proc';
  }

  /** The process with the start time first seen for it, when this is the same process. */
  stable(info: ProcessInfo): ProcessInfo {
    const known = this.known(info);
    return known?.startTime === undefined ? info : { ...info, startTime: known.startTime };
  }

  /** Every process with its cwd and owner, reading the platform only for processes not seen before. */
  async complete(infos: readonly ProcessInfo[]): Promise<ProcessInfo[]> {
    const fresh: number[] = [];
    for (const info of infos) {
      if (this.known(info)) continue;
      this.cache.set(info.pid, { startTime: info.startTime });
      fresh.push(info.pid);
    }
    if (fresh.length > 0) await this.read(fresh);
    return infos.map((info) => {
      const facts = this.cache.get(info.pid)!;
      return {
        ...info,
        ...(facts.startTime !== undefined ? { startTime: facts.startTime } : {}),
        ...(facts.cwd !== undefined ? { cwd: facts.cwd } : {}),
        ...(facts.uid !== undefined ? { uid: facts.uid } : {}),
        ...(facts.user !== undefined ? { user: facts.user } : {}),
      };
    });
  }

  /** Forgets processes that are gone, so the cache does not grow with pid churn. */
  retain(live: { has(pid: number): boolean }): void {
    for (const pid of this.cache.keys()) if (!live.has(pid)) this.cache.delete(pid);
  }

  private known(info: ProcessInfo): Facts | undefined {
    const facts = this.cache.get(info.pid);
    if (!facts) return undefined;
    if (facts.startTime === undefined || info.startTime === undefined) return facts;
    return sameStart(facts.startTime, info.startTime, info.startClock, this.platform) ? facts : undefined;
  }

  private async read(pids: readonly number[]): Promise<void> {
    if (this.platform === 'linux') {
      for (const pid of pids) {
        const facts = this.cache.get(pid)!;
        facts.cwd = this.reader.readlink(`${this.procRoot}/${pid}/cwd`);
        facts.uid = this.reader.stat(`${this.procRoot}/${pid}`)?.uid;
      }
    } else if (this.platform === 'darwin') {
      const cwds = await readCwds(this.run, pids);
      for (const pid of pids) this.cache.get(pid)!.cwd = cwds.get(pid);
    } else if (this.platform === 'win32') {
      const owners = await readOwners(this.run);
      for (const pid of pids) this.cache.get(pid)!.user = owners.get(pid);
    }
  }
}
