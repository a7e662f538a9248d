/**
 * The Ports view's item commands: each finds the row it was invoked on and
 * hands it to the shared SocketActions.
 */
import * as vscode from 'vscode';
import type { Socket } from '../engine/sockets/socket';
import { endpointText } from '../engine/sockets/socketUrl';
import type { ProcessInfo } from '../engine/proc/processInfo';
import type { ViewNode } from '../engine/view/viewNodes';
import type { Refresher } from '../services/refresher';
import { SocketCommand } from '../services/commandIds';
import { httpSocketOf, SocketActions } from '../services/socketActions';

/** The sockets a row stands for: itself, or a started server's listeners. */
function socketsOf(node: ViewNode | undefined): readonly Socket[] {
  if (node?.kind === 'socket') return [node.socket];
  if (node?.kind === 'startedServer') return node.server.listening;
  return [];
}

/** The listener Copy URL and Open use for a row, with its process (portsAttributes may match its command line). */
function webTargetOf(node: ViewNode | undefined): [Socket | undefined, ProcessInfo | undefined] {
  const socket = httpSocketOf(socketsOf(node));
  if (socket === undefined || node === undefined) return [undefined, undefined];
  if (node.kind === 'startedServer') return [socket, node.server.owners?.get(socket.id) ?? node.process];
  return [socket, node.kind === 'socket' ? node.process : undefined];
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
      return Promise.resolve();
    }),
  );
}
