import * as vscode from 'vscode';
import type { PortZeroApi } from './api';
import { registerFreePortCommand } from './commands/freePortCommand';
import { PortAllocator } from './engine/allocator';
import { createSocketSource } from './engine/createSocketSource';
import { Launches } from './launch/launches';
import { registerPortZeroTaskProvider } from './launch/portZeroTaskProvider';
import { RecentLaunches } from './launch/recentLaunches';
import { registerStartOnFreePort } from './launch/startOnFreePort';

let launches: Launches | undefined;

export function activate(context: vscode.ExtensionContext): PortZeroApi {
  const log = vscode.window.createOutputChannel('Port Zero', { log: true });
  const socketSource = createSocketSource();
  const allocator = PortAllocator.forCurrentUser();
  launches = new Launches(socketSource, allocator, log);
  context.subscriptions.push(
    log,
    launches,
    registerFreePortCommand(),
    registerPortZeroTaskProvider(launches),
    registerStartOnFreePort(launches, new RecentLaunches(context.workspaceState), log),
  );
  return { socketSource, allocator, launches };
}

/** Servers we started must not outlive the window: they would keep their ports. */
export async function deactivate(): Promise<void> {
  await launches?.stopAll();
}
