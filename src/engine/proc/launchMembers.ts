/**
 * Who belongs to a process tree started as the leader of its own group and
 * session (a detached spawn) with a mark in its environment, which is how
 * every launch starts:
 * - members: the root while it lives, everything below it or below another
 *   member, everything still in its group or session (a shell's `cmd &` once
 *   the shell exited), and marked processes that hold the port the launch
 *   was handed (a daemon that double-forked and called setsid() *is* the
 *   server);
 * - outsiders: other processes that only carry the mark. The mark is
 *   inherited by everything the server starts, including long-lived programs
 *   that are not part of it: the browser `vite --open` starts, a shared build
 *   daemon, which may well listen on ports of their own. They are never
 *   stopped without the user's say.
 * Once the root is dead its group and session ids prove little (the journal
 * of a lost window may be old, and a session outlives its leader), so a
 * process there counts only if it also carries the mark and runs as the user.
 */
import type { ProcessEntry, ProcessTable } from './processTable';
import { descendantsOf } from './processTree';

export interface LaunchRoot {
  readonly pid: number;
  /** False once the root exited: its pid may then belong to a stranger. */
  readonly alive: boolean;
  /** Pids already known to belong (found earlier): their descendants belong too. */
  readonly known?: Iterable<number>;
  /** Pids holding the port the launch was handed (none for the `zero` strategy). */
  readonly listening?: ReadonlySet<number>;
  /** The user's uid: once the root is dead, a group or session member must run as it. */
  readonly uid?: number;
}

export interface LaunchMembers {
  readonly members: ReadonlySet<number>;
  readonly outsiders: ReadonlySet<number>;
}

export function launchMembers(table: ProcessTable, root: LaunchRoot): LaunchMembers {
  const live = (pid: number): boolean => {
    const entry = table.get(pid);
    return entry !== undefined && !entry.zombie;
  };
  const roots = [...(root.known ?? [])].filter(live);
  if (root.alive && live(root.pid)) roots.push(root.pid);
  // While a group or session id is in use the kernel does not hand its
  // number out as a pid; a live process with the dead root's pid therefore
  // means nothing of ours is left in that group or session.
  const idsAreOurs = root.alive || !table.has(root.pid);
  // `marked` and `uid` are undefined where the table can't tell (off Linux): the ids are then all there is.
  const users = (entry: ProcessEntry): boolean => root.uid === undefined || entry.uid === undefined || entry.uid === root.uid;
  for (const entry of table.values()) {
    if (entry.zombie) continue;
    const inGroup = idsAreOurs && (entry.pgid === root.pid || entry.session === root.pid) && (root.alive || (entry.marked !== false && users(entry)));
    if (inGroup || (entry.marked && users(entry) && root.listening?.has(entry.pid))) roots.push(entry.pid);
  }
  const members = new Set([...roots, ...descendantsOf(roots, table)].filter(live));
  const outsiders = new Set<number>();
  for (const entry of table.values()) if (entry.marked && !entry.zombie && !members.has(entry.pid)) outsiders.add(entry.pid);
  return { members, outsiders };
}
