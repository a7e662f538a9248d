/**
 * Which of the window's terminals started a process: the nearest terminal
 * shell on its parent chain, read from the processes the refresh already has
 * (a socket source lists each owner's ancestors beside it). A process keeps
 * the terminal it was first seen under: after its shell exits (`nohup … &`)
 * it is reparented, and its terminal stays listed as closed until it ends.
 */
import type { ProcessInfo } from '../proc/processInfo';
import { portHolders } from '../sockets/portHolders';
import type { Snapshot } from '../sockets/socket';

export interface TerminalShell {
  /** Stable for the terminal's lifetime; never shown. */
  readonly key: string;
  /** As the terminal's tab shows it. */
  readonly name: string;
  readonly shellPid: number;
  /** False once the terminal was closed: listed while processes it started live on. */
  readonly open: boolean;
}

/** Deeper chains than this are a loop in a stale table, not a process tree. */
const MAX_DEPTH = 128;

const identity = (p: ProcessInfo): string => `${p.pid}:${p.startTime ?? ''}`;

export class TerminalAttribution {
  private readonly shells = new Map<string, TerminalShell>();
  /** Process identity (pid and start time) → key of the terminal it was first attributed to. */
  private readonly remembered = new Map<string, string>();

  opened(key: string, name: string, shellPid: number): void {
    this.shells.set(key, { key, name, shellPid, open: true });
  }

  renamed(key: string, name: string): void {
    const shell = this.shells.get(key);
    if (shell && shell.name !== name) this.shells.set(key, { ...shell, name });
  }

  closed(key: string): void {
    const shell = this.shells.get(key);
    if (shell) this.shells.set(key, { ...shell, open: false });
  }

  get terminals(): readonly TerminalShell[] {
    return [...this.shells.values()];
  }

  /**
   * The terminal of each of `pids` that has one. Walks parents in
   * `processes` (one lookup per ancestor, shared by siblings), and forgets
   * processes no longer in it, and closed terminals none of whose processes live.
   */
  attribute(processes: ReadonlyMap<number, ProcessInfo>, pids: Iterable<number>): ReadonlyMap<number, TerminalShell> {
    const byShellPid = new Map<number, TerminalShell>();
    for (const shell of this.shells.values()) if (shell.open) byShellPid.set(shell.shellPid, shell);
    const walked = new Map<number, TerminalShell | null>();
    const out = new Map<number, TerminalShell>();
    for (const pid of pids) {
      const process = processes.get(pid);
      if (process === undefined) continue;
      const key = this.remembered.get(identity(process));
      const shell = key === undefined ? this.walk(pid, processes, byShellPid, walked) : this.shells.get(key);
      if (shell === undefined) continue;
      out.set(pid, shell);
      if (key === undefined) this.remembered.set(identity(process), shell.key);
    }
    this.forget(processes);
    return out;
  }

  private walk(pid: number, processes: ReadonlyMap<number, ProcessInfo>, byShellPid: ReadonlyMap<number, TerminalShell>,
    walked: Map<number, TerminalShell | null>): TerminalShell | undefined {
    const chain: number[] = [];
    let found: TerminalShell | null = null;
    for (let at: number | undefined = pid; at !== undefined && at > 0 && chain.length < MAX_DEPTH; at = processes.get(at)?.ppid) {
      const known = walked.get(at);
      if (known !== undefined) {
        found = known;
        break;
      }
      chain.push(at);
      const shell = byShellPid.get(at);
      if (shell) {
        found = shell;
        break;
      }
    }
    for (const at of chain) walked.set(at, found);
    return found ?? undefined;
  }

  private forget(processes: ReadonlyMap<number, ProcessInfo>): void {
    const live = new Set<string>();
    for (const process of processes.values()) live.add(identity(process));
    const used = new Set<string>();
    for (const [who, key] of this.remembered) {
      if (live.has(who)) used.add(key);
      else this.remembered.delete(who);
    }
    for (const [key, shell] of this.shells) if (!shell.open && !used.has(key)) this.shells.delete(key);
  }
}

/** Who holds a port, in the words a notification needs: `3000 is held by node (pid 1234) in terminal "npm: dev"`. */
export interface PortHolderFacts {
  readonly port: number;
  readonly pid: number;
  readonly name: string;
  readonly process: ProcessInfo;
  /** The terminal it was started from, when it was one of this window's. */
  readonly terminal?: TerminalShell;
}

/** The listening process of `port` (the lowest pid when several share it), with its terminal; undefined when nobody readable holds it. */
export function whoHoldsPort(snapshot: Snapshot, port: number, terminals?: Pick<TerminalAttribution, 'attribute'>): PortHolderFacts | undefined {
  const holder = portHolders(snapshot, { port }).holders.find((h) => h.process !== undefined);
  if (holder?.process === undefined) return undefined;
  const terminal = terminals?.attribute(snapshot.processes, [holder.pid]).get(holder.pid);
  return { port, pid: holder.pid, name: holder.process.name, process: holder.process, ...(terminal ? { terminal } : {}) };
}
