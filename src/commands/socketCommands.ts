import * as vscode from 'vscode';
import { forceKill, terminate } from '../engine/proc/processStop';
import { userMessages } from '../messages/userMessages';
import type { Socket } from '../engine/sockets/socket';
import type { ProcessInfo } from '../engine/proc/processInfo';
import { endpointText, socketUrl } from '../engine/sockets/socketUrl';
import type { ViewNode } from '../engine/view/socketView';
import { openInBrowser, openInSimpleBrowser } from '../launch/openUrl';
import type { Refresher } from '../refresh/refresher';
import type { StartedServers } from '../tree/startedServers';

export const enum SocketCommand {
  refresh = 'portZero.refreshSockets',
  copyLocalAddress = 'portZero.copyLocalAddress',
  copyPeerAddress = 'portZero.copyPeerAddress',
  copyUrl = 'portZero.copyUrl',
  openInBrowser = 'portZero.openInBrowser',
  openInSimpleBrowser = 'portZero.openInSimpleBrowser',
  stopProcess = 'portZero.stopProcess',
  showStartedServers = 'portZero.showStartedServers',
}

/** What Stop shows the user before it signals anything. */
export interface StopRequest {
  readonly pid: number;
  readonly command: string;
}

/**
 * The questions Stop asks. A modal cannot be clicked from inside the
 * extension host, so integration tests replace these two methods (the
 * instance is exported from activate()) to answer them.
 */
export class StopPrompts {
  confirmStop(request: StopRequest): Promise<boolean> {
    return StopPrompts.ask(vscode.l10n.t('Stop process {0}?', request.pid),
      vscode.l10n.t('{0}\n\nIt gets SIGTERM and can shut down cleanly.', request.command), vscode.l10n.t('Stop Process'));
  }

  confirmForceStop(request: StopRequest): Promise<boolean> {
    return StopPrompts.ask(vscode.l10n.t('Process {0} is still running after SIGTERM. Force it to stop?', request.pid),
      vscode.l10n.t('{0}\n\nSIGKILL ends it at once, without cleanup.', request.command), vscode.l10n.t('Force Stop'));
  }

  private static async ask(message: string, detail: string, button: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  }
}

/** The user-facing operations, shared by the tree's menus and the status bar's quick pick. */
export class SocketActions {
  constructor(
    private readonly refresher: Refresher,
    private readonly started: StartedServers,
    readonly prompts: StopPrompts,
  ) {}

  async copy(text: string | undefined): Promise<void> {
    if (text === undefined) return;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text), 3000);
  }

  async open(socket: Socket | undefined, where: 'browser' | 'simpleBrowser'): Promise<void> {
    const url = socket && socketUrl(socket);
    if (url === undefined) return;
    if (where === 'browser') await openInBrowser(url);
    else await openInSimpleBrowser(url);
  }

  async stopProcess(process: ProcessInfo | undefined, own: boolean): Promise<void> {
    if (process === undefined) return;
    if (!own || process.pid === globalThis.process.pid) {
      void userMessages.error(vscode.l10n.t('Port Zero stops only your own processes, and never VS Code itself.'));
      return;
    }
    const request: StopRequest = { pid: process.pid, command: process.commandLine ?? process.name };
    if (!(await this.prompts.confirmStop(request))) return;
    const who = { pid: process.pid, start: process.startTime };
    let outcome = await terminate(who);
    if (outcome === 'running' && (await this.prompts.confirmForceStop(request))) outcome = await forceKill(who);
    if (outcome === 'running') {
      void userMessages.warn(vscode.l10n.t('Process {0} is still running.', process.pid));
    } else if (outcome === 'gone') {
      void userMessages.info(vscode.l10n.t('Process {0} had already exited.', process.pid));
    }
    await this.refresher.refresh().catch(() => undefined);
  }

  async stopStartedServer(id: string, name: string): Promise<void> {
    const server = this.started.servers.find((s) => s.id === id);
    if (server?.rootPid === undefined) return;
    if (!(await this.prompts.confirmStop({ pid: server.rootPid, command: name }))) return;
    await this.started.stop(id);
    await this.refresher.refresh().catch(() => undefined);
  }
}

/** The sockets a row stands for: itself, or a started server's listeners. */
function socketsOf(node: ViewNode | undefined): readonly Socket[] {
  if (node?.kind === 'socket') return [node.socket];
  if (node?.kind === 'startedServer') return node.server.listening;
  return [];
}

/** The URL target of a row: a started server opens its first TCP listener, loopback preferred. */
export function httpSocketOf(sockets: readonly Socket[]): Socket | undefined {
  const candidates = sockets.filter((s) => socketUrl(s) !== undefined);
  return candidates.find((s) => s.local.loopback) ?? candidates[0];
}

export function registerSocketCommands(
  nodeOf: (id: string) => ViewNode | undefined, actions: SocketActions, refresher: Refresher,
): vscode.Disposable {
  const socketCommand = (id: string, run: (node: ViewNode | undefined) => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, (element?: string) => run(element === undefined ? undefined : nodeOf(element)));
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SocketCommand.refresh, () => refresher.refresh()),
    socketCommand(SocketCommand.copyLocalAddress, (n) => actions.copy(n?.kind === 'socket' ? endpointText(n.socket, 'local') : undefined)),
    socketCommand(SocketCommand.copyPeerAddress, (n) => actions.copy(n?.kind === 'socket' ? endpointText(n.socket, 'peer') : undefined)),
    socketCommand(SocketCommand.copyUrl, (n) => {
      const socket = httpSocketOf(socketsOf(n));
      return actions.copy(socket && socketUrl(socket));
    }),
    socketCommand(SocketCommand.openInBrowser, (n) => actions.open(httpSocketOf(socketsOf(n)), 'browser')),
    socketCommand(SocketCommand.openInSimpleBrowser, (n) => actions.open(httpSocketOf(socketsOf(n)), 'simpleBrowser')),
    socketCommand(SocketCommand.stopProcess, (n) => {
      if (n?.kind === 'startedServer') return actions.stopStartedServer(n.server.id, n.server.name);
      if (n?.kind === 'process' || n?.kind === 'socket') return actions.stopProcess(n.process, n.own);
      return Promise.resolve();
    }),
  );
}
