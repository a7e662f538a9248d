/**
 * The Ports view's item commands: each finds the row it was invoked on and
 * hands it to the shared SocketActions.
 */
import * as vscode from 'vscode';
import type { Socket } from '../engine/sockets/socket';
import { endpointText } from '../engine/sockets/socketUrl';
import type { ProcessInfo } from '../engine/proc/processInfo';
import type { ProcessNode, TerminalNode, ViewNode } from '../engine/view/viewNodes';
import type { Refresher } from '../services/refresher';
import { SocketCommand } from '../services/commandIds';
import { httpSocketOf, SocketActions } from '../services/socketActions';

/** A terminal's processes that hold a listener, its shell excepted: what its Stop stops. */
function listeningProcessesOf(node: TerminalNode): ProcessNode[] {
  return node.children.filter((p): p is ProcessNode => p.kind === 'process' && p.process.pid !== node.terminal.shellPid
    && p.children.some((s) => s.kind === 'socket' && s.listener));
}

/** Stop on a terminal: each process holding a listener, one question each, never the shell (that is Kill Terminal). */
async function stopListeners(node: TerminalNode, actions: SocketActions): Promise<void> {
  for (const p of listeningProcessesOf(node)) await actions.stopProcess(p.process);
}

/** The sockets a row stands for: itself, a started server's or a terminal's listeners. */
function socketsOf(node: ViewNode | undefined): readonly Socket[] {
  if (node?.kind === 'socket') return [node.socket];
  if (node?.kind === 'startedServer') return node.server.listening;
  if (node?.kind === 'terminal') return node.children.flatMap((p) => p.children.flatMap((s) => (s.kind === 'socket' && s.listener ? [s.socket] : [])));
  if (node?.kind === 'containerPort') return [node.socket];
  if (node?.kind === 'container') return node.children.flatMap((p) => (p.kind === 'containerPort' ? [p.socket] : []));
  return [];
}

/** The listener Copy URL and Open use for a row, with its process (portsAttributes may match its command line). */
function webTargetOf(node: ViewNode | undefined): [Socket | undefined, ProcessInfo | undefined] {
  const socket = httpSocketOf(socketsOf(node));
  if (socket === undefined || node === undefined) return [undefined, undefined];
  if (node.kind === 'startedServer') return [socket, node.server.owners?.get(socket.id) ?? node.process];
  if (node.kind === 'terminal') return [socket, listeningProcessesOf(node).find((p) => p.process.pid === socket.pid)?.process];
  if (node.kind === 'container') return [socket, undefined];
  return [socket, node.kind === 'socket' || node.kind === 'containerPort' ? node.process : undefined];
}

/** Why a copy found nothing: the command ran without a row (from the palette, or a row that is gone). */
function noRow(node: ViewNode | undefined, what: string): string {
  return node === undefined
    ? vscode.l10n.t('Nothing copied: choose {0} in the Port Zero view and use its context menu.', what)
    : vscode.l10n.t('Nothing copied: this row is not {0}.', what);
}

export function registerSocketCommands(
  nodeOf: (id: string) => ViewNode | undefined, actions: SocketActions, refresher: Refresher,
): vscode.Disposable {
  const socketCommand = (id: string, run: (node: ViewNode | undefined) => Promise<void>): vscode.Disposable =>
    vscode.commands.registerCommand(id, (element?: string) => run(element === undefined ? undefined : nodeOf(element)));
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SocketCommand.refresh, () => refresher.refresh()),
    socketCommand(SocketCommand.copyLocalAddress, (n) =>
      actions.copy(n?.kind === 'socket' ? endpointText(n.socket, 'local') : undefined, noRow(n, vscode.l10n.t('a socket'))),
    ),
    socketCommand(SocketCommand.copyPeerAddress, (n) =>
      actions.copy(
        n?.kind === 'socket' ? endpointText(n.socket, 'peer') : undefined,
        n?.kind === 'socket' ? vscode.l10n.t('Nothing copied: {0} has no peer address (it is not a connection).', endpointText(n.socket, 'local') ?? '') : noRow(n, vscode.l10n.t('a connection')),
      ),
    ),
    socketCommand(SocketCommand.copyUrl, async (n) =>
      actions.copy(await actions.urlOf(...webTargetOf(n)), n === undefined ? noRow(n, vscode.l10n.t('a listening TCP socket')) : vscode.l10n.t('Nothing copied: this row has no TCP listener to build a URL from.')),
    ),
    socketCommand(SocketCommand.openInBrowser, (n) => actions.open(...webTargetOf(n), 'browser')),
    socketCommand(SocketCommand.openInSimpleBrowser, (n) => actions.open(...webTargetOf(n), 'simpleBrowser')),
    socketCommand(SocketCommand.stopProcess, (n) => {
      if (n?.kind === 'startedServer') return actions.stopStartedServer(n.server.id, n.server.name);
      if (n?.kind === 'socket') return actions.stopProcess(n.process, { socketUid: n.socket.uid });
      if (n?.kind === 'process') return actions.stopProcess(n.process);
      if (n?.kind === 'terminal') return stopListeners(n, actions);
      return Promise.resolve();
    }),
  );
}
