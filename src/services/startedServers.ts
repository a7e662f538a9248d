/**
 * What the Ports view and the status bar need from the launcher: the servers
 * Port Zero started in this window, each with the sockets it listens on, and
 * a way to stop one (its whole process tree, which the launcher knows).
 */
import type * as vscode from 'vscode';
import type { NamedProcesses } from '../engine/launch/launchTree';
import type { StartedServer } from '../engine/view/viewNodes';

export interface StartedServers {
  readonly servers: readonly StartedServer[];
  readonly onDidChange: vscode.Event<void>;
  /** Its processes as they are now: those Stop ends, and programs it started that only carry its mark (see LaunchTree). */
  processes(id: string): Promise<NamedProcesses>;
  /** Stops the server's tree; `outsiders` too only when the user said so. */
  stop(id: string, options?: { readonly outsiders?: boolean }): Promise<void>;
}
