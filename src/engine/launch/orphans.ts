/**
 * Launches of an extension host that died without stopping them, found again
 * from its journal: which still have processes, and stopping those.
 */
import { IdentityDeps, isRunning } from '../proc/processIdentity';
import type { ProcessTable } from '../proc/processTable';
import { killTree } from '../proc/treeKiller';
import { isTcpListener, type SocketSource } from '../sockets/socket';
import { LaunchJournal, type LaunchRecord, type OrphanedJournal } from './launchJournal';
import { LaunchTree, type ProcessName } from './launchTree';

export interface Orphan {
  readonly journal: OrphanedJournal;
  readonly record: LaunchRecord;
  /** Its processes still running: members, and marked processes holding the port it was handed. */
  readonly survivors: readonly ProcessName[];
  /** Pids holding a TCP listener on the port the launch was handed: whatever else they are, they are the server. */
  readonly listening: ReadonlySet<number>;
}

/** How the platform is read: the real one unless a test says otherwise. */
export interface OrphanDeps {
  /** Reads a root's start back the way it was recorded (see processIdentity's isRunning). */
  readonly identity?: IdentityDeps;
  readonly readTable?: (mark: string) => Promise<ProcessTable>;
}

/**
 * Every launch of a dead host that still has a process running; journals
 * with none left are forgotten. A root counts only with the start time it
 * was recorded with: after a crash, its pid may name another program
 * (Windows hands pids out again quickly), whose tree is none of ours.
 */
export async function findOrphans(journal: LaunchJournal, source: SocketSource, deps: OrphanDeps = {}): Promise<Orphan[]> {
  const journals = journal.orphans();
  if (journals.length === 0) return [];
  const listeners = (await source.snapshot()).sockets.filter(isTcpListener);
  const found: Orphan[] = [];
  for (const dead of journals) {
    let any = false;
    for (const record of dead.launches) {
      const tree = new LaunchTree(record.root.pid, record.mark, deps.readTable);
      const listening = new Set(listeners.flatMap((s) => (s.pid !== undefined && s.local.port === record.port ? [s.pid] : [])));
      const { members } = await tree.named(await isRunning(record.root, deps.identity), listening);
      if (members.length === 0) continue;
      any = true;
      found.push({ journal: dead, record, survivors: members, listening });
    }
    if (!any) LaunchJournal.forget(dead);
  }
  return found;
}

/** Stops an orphan's processes (never the programs it only started, as with any Stop). */
export async function stopOrphan(orphan: Orphan, deps: OrphanDeps = {}): Promise<void> {
  const { root, mark } = orphan.record;
  const { platform, run } = deps.identity ?? {};
  await killTree(root.pid, { rootAlive: await isRunning(root, deps.identity), mark, listening: orphan.listening, platform, run });
}
