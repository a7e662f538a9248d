/**
 * Restart, Show Terminal and Remove on a "Started here" row. Menus pass the
 * tree element's id, the status bar's picker the launch's own id; the palette
 * passes nothing and gets a pick of the servers.
 */
import * as vscode from 'vscode';
import { formatEndpoint } from '../engine/sockets/address';
import type { ViewNode } from '../engine/view/viewNodes';
import { SocketCommand } from '../services/commandIds';
import { escapeIcons } from '../messages/plainText';
import type { Launcher } from './launcher';

export function registerStartedServerCommands(launcher: Launcher, nodeOf: (id: string) => ViewNode | undefined): vscode.Disposable {
  const serverOf = async (element: unknown): Promise<string | undefined> => {
    if (typeof element === 'string') {
      if (launcher.servers.some((s) => s.id === element)) return element;
      const node = nodeOf(element);
      return node?.kind === 'startedServer' ? node.server.id : undefined;
    }
    const servers = launcher.servers;
    if (servers.length === 0) {
      void launcher.messages.info(vscode.l10n.t('Port Zero has not started any server in this window.'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      servers.map((s) => ({ label: escapeIcons(s.name), description: s.exited === undefined ? s.listening.map((l) => formatEndpoint(l.local)).join(', ') : vscode.l10n.t('exited ({0})', s.exited), id: s.id })),
      { title: vscode.l10n.t('Servers started by Port Zero') },
    );
    return picked?.id;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SocketCommand.restartServer, async (element?: unknown) => {
      const id = await serverOf(element);
      if (id !== undefined) await launcher.restart(id);
    }),
    vscode.commands.registerCommand(SocketCommand.showServerTerminal, async (element?: unknown) => {
      const id = await serverOf(element);
      const server = launcher.servers.find((s) => s.id === id)?.server;
      if (server && !launcher.showTerminal(server)) {
        void launcher.messages.warn(vscode.l10n.t('The terminal of this server was closed; its output is gone with it.'));
      }
    }),
    vscode.commands.registerCommand(SocketCommand.removeServer, async (element?: unknown) => {
      const id = await serverOf(element);
      if (id !== undefined) await launcher.remove(id);
    }),
  );
}
