/**
 * Servers a window that died without stopping them left running (see
 * engine/launch/orphans.ts): the user is asked to stop them all, or keep them
 * under Started here with their ports. Without an answer they are left, and
 * asked about again next time.
 */
import type * as vscode from 'vscode';
import { LaunchJournal, type LaunchRecord } from '../engine/launch/launchJournal';
import { findOrphans, stopOrphan } from '../engine/launch/orphans';
import type { SocketSource } from '../engine/sockets/socket';

export async function recoverOrphans(
  journal: LaunchJournal,
  socketSource: SocketSource,
  log: vscode.LogOutputChannel,
  ask: (servers: readonly string[]) => Promise<'stop' | 'keep' | undefined>,
  adopt: (record: LaunchRecord) => void,
): Promise<void> {
  const orphans = await findOrphans(journal, socketSource);
  if (orphans.length === 0) return;
  const names = orphans.map((o) => `${o.record.name} (${o.survivors.map((p) => `${p.name} ${p.pid}`).join(', ')})`);
  log.info(`servers left running by a window that ended unexpectedly: ${names.join('; ')}`);
  const choice = await ask(names);
  if (choice === undefined) return;
  for (const orphan of orphans) {
    if (choice === 'stop') await stopOrphan(orphan).catch((e) => log.error(`could not stop ${orphan.record.name}`, e));
    else adopt(orphan.record);
  }
  for (const file of new Set(orphans.map((o) => o.journal))) LaunchJournal.forget(file);
}
