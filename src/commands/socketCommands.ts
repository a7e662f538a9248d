/**
 * The Ports view's item commands: each finds the row it was invoked on and
 * hands it to the shared SocketActions.
 */
import * as vscode from 'vscode';
import type { Socket } from '../engine/sockets/socket';
import { endpointText, socketUrl } from '../engine/sockets/socketUrl';
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
