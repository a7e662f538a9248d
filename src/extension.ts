import * as vscode from 'vscode';
import type { PortZeroApi } from './api';
import { registerFreePortCommand } from './commands/freePortCommand';
import { readAllocatorSettings } from './services/freePorts';
import { registerSocketCommands } from './commands/socketCommands';
import { SocketActions } from './services/socketActions';
import { StopPrompts } from './services/stopPrompts';
import { PortAllocator } from './engine/ports/allocator';
import { createSocketSource } from './engine/sockets/createSocketSource';
import { readSocketEngine } from './config/socketEngineSetting';
import type { Socket } from './engine/sockets/socket';
import { isListener } from './engine/sockets/socket';
import { Launcher } from './launch/launcher';
import { userMessages } from './messages/userMessages';
import { registerPortZeroTaskProvider } from './launch/portZeroTaskProvider';
import { RecentLaunches } from './launch/recentLaunches';
import { registerStartOnFreePort } from './launch/startOnFreePort';
import { registerStartedServerCommands } from './launch/startedServerCommands';
import { Refresher } from './services/refresher';
import { registerShowStartedServers, ServersStatusBar } from './statusBar/serversStatusBar';
import { registerFilterCommands, SocketFilterState } from './tree/socketFilters';
import { SOCKETS_VIEW_ID, SocketTreeProvider } from './tree/socketTree';

let launches: Launcher | undefined;

export function activate(context: vscode.ExtensionContext): PortZeroApi {
  const log = vscode.window.createOutputChannel('Port Zero', { log: true });
  const socketSource = createSocketSource({ engine: readSocketEngine(log) });
  const allocator = PortAllocator.forCurrentUser();
  launches = new Launcher(socketSource, allocator, log);
  const refresher = new Refresher(socketSource, log);
  const filters = new SocketFilterState(context.workspaceState);
  const tree = new SocketTreeProvider(refresher, filters, launches);
  const view = vscode.window.createTreeView(SOCKETS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const stopPrompts = new StopPrompts();
  const socketActions = new SocketActions(refresher, launches, stopPrompts);
  const status = new ServersStatusBar(launches);
  context.subscriptions.push(
    log,
    userMessages,
    launches,
    refresher,
    filters,
    tree,
    view,
    status,
    refresher.followVisibility(view),
    // A port seen listening needs no reservation any more.
    refresher.onDidSnapshot((s) => allocator.releaseIfBound(listeningPorts(s.sockets), readAllocatorSettings().reservationMs)),
    registerFreePortCommand(allocator),
    registerPortZeroTaskProvider(launches),
    registerStartOnFreePort(launches, new RecentLaunches(context.workspaceState), log),
    registerStartedServerCommands(launches, (id) => tree.nodeOf(id)),
    registerSocketCommands((id) => tree.nodeOf(id), socketActions, refresher),
    registerFilterCommands(filters),
    registerShowStartedServers(launches, socketActions),
  );
  return { socketSource, allocator, launches, sockets: { tree, view, refresher, filters, stopPrompts, status }, messages: userMessages };
}

/** Servers we started must not outlive the window: they would keep their ports. */
export async function deactivate(): Promise<void> {
  await launches?.stopAll();
}

function listeningPorts(sockets: readonly Socket[]): number[] {
  return sockets.filter(isListener).map((s) => s.local.port);
}
