import type * as vscode from 'vscode';
import type { StartedServer } from '../engine/view/viewNodes';

/**
 * What the Ports view and the status bar need from the launcher: the servers
 * Port Zero started in this window, each with the sockets it listens on, and
 * a way to stop one (its whole process tree, which the launcher knows).
 */
export interface StartedServers {
  readonly servers: readonly StartedServer[];
  readonly onDidChange: vscode.Event<void>;
  stop(id: string): Promise<void>;
}
