/**
 * activate() builds the parts and hands them their dependencies; it reads as
 * the table of contents of the extension. Every disposable goes into
 * `context.subscriptions`; deactivate() stops the servers we started.
 */
import * as vscode from 'vscode';
import type { PortZeroApi } from './api';
import { registerFreePortCommand } from './commands/freePortCommand';
import { registerSocketCommands } from './commands/socketCommands';
import { readSocketEngine } from './config/socketEngineSetting';
import { PortAllocator } from './engine/ports/allocator';
import { createSocketSource } from './engine/sockets/createSocketSource';
import { PollScheduler } from './engine/sockets/pollScheduler';
import { Launcher } from './launch/launcher';
import { registerPortZeroTaskProvider } from './launch/portZeroTaskProvider';
import { RecentLaunches } from './launch/recentLaunches';
import { registerStartOnFreePort } from './launch/startOnFreePort';
import { registerStartedServerCommands } from './launch/startedServerCommands';
import { userMessages } from './messages/userMessages';
import { FreePorts } from './services/freePorts';
import { ActivationTiming } from './services/activationTiming';
import { Refresher } from './services/refresher';
import { SocketActions } from './services/socketActions';
import { StopPrompts } from './services/stopPrompts';
import { registerShowStartedServers, ServersStatusBar } from './statusBar/serversStatusBar';
import { registerFilterCommands, SocketFilterState } from './tree/socketFilters';
import { SOCKETS_VIEW_ID, SocketTreeProvider } from './tree/socketTree';

let launcher: Launcher | undefined;

export function activate(context: vscode.ExtensionContext): PortZeroApi {
  const enteredAt = performance.now();
  const log = vscode.window.createOutputChannel('Port Zero', { log: true });
  const scheduler = PollScheduler.shared;
  const socketSource = createSocketSource({ engine: readSocketEngine(log), onProblem: (message, error) => log.warn(message, error) });
  const freePorts = new FreePorts(PortAllocator.forCurrentUser(), userMessages);
  launcher = new Launcher(socketSource, freePorts, log, userMessages, scheduler);
  const filters = new SocketFilterState(context.workspaceState);
  // Connections hidden (the default): every scan skips them.
  const refresher = new Refresher(socketSource, log, scheduler, {
    listenersOnly: () => !filters.filter.connections, onDidChangeListenersOnly: filters.onDidChange,
  });
  const tree = new SocketTreeProvider(refresher, filters, launcher);
  const view = vscode.window.createTreeView(SOCKETS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  const stopPrompts = new StopPrompts();
  const socketActions = new SocketActions(refresher, launcher, stopPrompts);
  const status = new ServersStatusBar(launcher);
  context.subscriptions.push(
    log,
    userMessages,
    launcher,
    refresher,
    filters,
    tree,
    view,
    status,
    { dispose: () => scheduler.dispose() },
    { dispose: () => socketSource.dispose?.() },
    refresher.followVisibility(view),
    refresher.onDidSnapshot((snapshot) => freePorts.releaseListening(snapshot.sockets)),
    registerFreePortCommand(freePorts),
    registerPortZeroTaskProvider(launcher),
    registerStartOnFreePort(launcher, new RecentLaunches(context.workspaceState), log),
    registerStartedServerCommands(launcher, (id) => tree.nodeOf(id)),
    registerSocketCommands((id) => tree.nodeOf(id), socketActions, refresher),
    registerFilterCommands(filters),
    registerShowStartedServers(launcher, socketActions),
  );
  const activation = new ActivationTiming(enteredAt, tree.onDidRender, log);
  context.subscriptions.push(activation);
  activation.returned();
  return {
    socketSource, allocator: freePorts.allocator, scheduler, launches: launcher,
    sockets: { tree, view, refresher, filters, stopPrompts, status }, messages: userMessages, activation,
  };
}

/** Servers we started must not outlive the window: they would keep their ports. */
export async function deactivate(): Promise<void> {
  await launcher?.stopAll();
}
