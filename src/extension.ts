/**
 * activate() builds the parts and hands them their dependencies; it reads as
 * the table of contents of the extension. Every disposable goes into
 * `context.subscriptions`; deactivate() stops the servers we started.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PortZeroApi } from './api';
import { registerFreePortCommand } from './commands/freePortCommand';
import { registerContainerCommands } from './commands/containerCommands';
import { registerSocketCommands } from './commands/socketCommands';
import { StopOnPort } from './commands/stopOnPortCommand';
import { registerTerminalCommands } from './commands/terminalCommands';
import { readSocketEngine } from './config/socketEngineSetting';
import { ContainerSource } from './engine/containers/containerSource';
import { LaunchJournal } from './engine/launch/launchJournal';
import { PortAllocator } from './engine/ports/allocator';
import { createSocketSource } from './engine/sockets/createSocketSource';
import { PollScheduler } from './engine/sockets/pollScheduler';
import { Endpoint, ownTcpListeners } from './engine/sockets/socket';
import { Launcher } from './launch/launcher';
import { registerPortZeroTaskProvider } from './launch/portZeroTaskProvider';
import { warnWithoutReadySignal } from './launch/readySignalCheck';
import { RecentLaunches } from './launch/recentLaunches';
import { registerStartOnFreePort } from './launch/startOnFreePort';
import { registerStartedServerCommands } from './launch/startedServerCommands';
import { userMessages } from './messages/userMessages';
import { EditorGuard } from './services/editorGuard';
import { FreePorts } from './services/freePorts';
import { ActivationTiming } from './services/activationTiming';
import { ContainerActions } from './services/containerActions';
import { registerOpenUrlCommand } from './services/openUrl';
import { Refresher } from './services/refresher';
import { SocketActions } from './services/socketActions';
import { StopPrompts } from './services/stopPrompts';
import { TerminalShells } from './services/terminalShells';
import { WebAddressesService } from './services/webAddresses';
import { registerShowStartedServers, ServersStatusBar } from './statusBar/serversStatusBar';
import { registerFilterCommands, SocketFilterState } from './tree/socketFilters';
import { SOCKETS_VIEW_ID, SocketTreeProvider } from './tree/socketTree';
import { putCliOnPath } from './terminal/cliOnPath';
import { notifyPortInUse } from './terminal/portInUseNotifier';

let launcher: Launcher | undefined;

export function activate(context: vscode.ExtensionContext): PortZeroApi {
  const enteredAt = performance.now();
  const log = vscode.window.createOutputChannel('Port Zero', { log: true });
  const scheduler = PollScheduler.shared;
  const socketSource = createSocketSource({ engine: readSocketEngine(log), onProblem: (message, error) => log.warn(message, error) });
  // Said to the user: a store that moved or went unreserved changes what a port promises.
  const storeProblem = (message: string): void => {
    log.warn(message);
    void userMessages.warn(message);
  };
  const ownListeners = async (): Promise<Endpoint[]> => ownTcpListeners((await socketSource.snapshot({ listenersOnly: true })).sockets);
  const freePorts = new FreePorts(() => PortAllocator.forCurrentUser(storeProblem, undefined, ownListeners), userMessages);
  const journal = new LaunchJournal(path.join(context.globalStorageUri.fsPath, 'launches'));
  const web = new WebAddressesService(log);
  launcher = new Launcher(socketSource, freePorts, log, userMessages, scheduler, journal, web);
  const filters = new SocketFilterState(context.workspaceState);
  const containerSource = new ContainerSource({ followEvents: true, onProblem: (message) => log.info(message), onLateChange: () => refresher.containersChanged() });
  // Connections hidden (the default): every scan skips them.
  const refresher = new Refresher(socketSource, log, scheduler, {
    listenersOnly: () => !filters.filter.connections, onDidChangeListenersOnly: filters.onDidChange, containers: containerSource,
  });
  const editor = new EditorGuard();
  const terminals = new TerminalShells();
  const tree = new SocketTreeProvider(refresher, filters, launcher, { editor, web, terminals });
  const view = vscode.window.createTreeView(SOCKETS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.showMessagesIn(view);
  const stopPrompts = new StopPrompts();
  const socketActions = new SocketActions(refresher, launcher, stopPrompts, web, editor);
  const containers = new ContainerActions(containerSource, refresher, log);
  const status = new ServersStatusBar(launcher);
  context.subscriptions.push(
    log,
    userMessages,
    web,
    launcher,
    refresher,
    filters,
    terminals,
    tree,
    view,
    status,
    { dispose: () => scheduler.dispose() },
    { dispose: () => socketSource.dispose?.() },
    { dispose: () => containerSource.dispose() },
    refresher.followVisibility(view),
    refresher.onDidSnapshot((snapshot) => freePorts.releaseListening(snapshot.sockets)),
    registerFreePortCommand(freePorts, userMessages, log),
    registerPortZeroTaskProvider(launcher),
    warnWithoutReadySignal(userMessages),
    registerStartOnFreePort(launcher, new RecentLaunches(context.workspaceState), log),
    registerStartedServerCommands(launcher, (id) => tree.nodeOf(id)),
    registerSocketCommands((id) => tree.nodeOf(id), socketActions, refresher),
    registerTerminalCommands((id) => tree.nodeOf(id), terminals),
    notifyPortInUse({ refresher, shells: terminals, actions: socketActions, freePorts }, log),
    registerContainerCommands((id) => tree.nodeOf(id), containers),
    new StopOnPort(refresher, socketActions, launcher, containers).register(),
    registerFilterCommands(filters),
    registerShowStartedServers(launcher, socketActions),
    registerOpenUrlCommand(),
    putCliOnPath(context, freePorts, log),
  );
  launcher.recoverOrphans((servers) => stopPrompts.askAboutOrphans(servers)).catch((e) => log.error('Looking for servers a lost window left running failed.', e));
  const activation = new ActivationTiming(enteredAt, tree.onDidRender, log);
  context.subscriptions.push(activation);
  activation.returned();
  return {
    socketSource, get allocator() { return freePorts.allocator; }, scheduler, launcher,
    sockets: { tree, view, refresher, filters, stopPrompts, status, containers }, messages: userMessages, activation,
  };
}

/** Servers we started must not outlive the window: they would keep their ports. */
export async function deactivate(): Promise<void> {
  await launcher?.stopAll();
}
