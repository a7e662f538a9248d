/**
 * How many servers Port Zero started are listening right now, and in the
 * tooltip which, at which URLs; hidden when none are. A click lists them to
 * open, copy, restart, show or stop.
 */
import * as vscode from 'vscode';
import { escapeIcons } from '../messages/plainText';
import { userMessages } from '../messages/userMessages';
import { formatEndpoint } from '../engine/sockets/address';
import { SocketCommand } from '../services/commandIds';
import { externalUrl } from '../services/openUrl';
import { socketUrl } from '../engine/sockets/socketUrl';
import { httpSocketOf, SocketActions } from '../services/socketActions';
import type { StartedServers } from '../services/startedServers';

export class ServersStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('portZero.startedServers', vscode.StatusBarAlignment.Left, 0);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly started: StartedServers) {
    this.item.name = vscode.l10n.t('Port Zero Servers');
    this.item.command = SocketCommand.showStartedServers;
    this.subscription = started.onDidChange(() => this.update());
    this.update();
  }

  /** For tests: what the item shows, undefined while hidden. */
  get text(): string | undefined {
    return this.listening() > 0 ? this.item.text : undefined;
  }

  get tooltip(): string | undefined {
    return this.listening() > 0 ? String(this.item.tooltip) : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private listening(): number {
    return this.started.servers.filter((s) => s.listening.length > 0).length;
  }

  private update(): void {
    const count = this.listening();
    if (count === 0) {
      this.item.hide();
      return;
    }
    // Not radio-tower: VS Code's own forwarded-ports item uses it in the same status bar.
    this.item.text = `$(rocket) ${count}`;
    const heading = count === 1
      ? vscode.l10n.t('1 server started by Port Zero is listening')
      : vscode.l10n.t('{0} servers started by Port Zero are listening', count);
    const lines = this.started.servers.filter((s) => s.listening.length > 0)
      .map((s) => `${s.name}: ${s.listening.map((l) => socketUrl(l) ?? formatEndpoint(l.local)).join(', ')}`);
    this.item.tooltip = [heading, ...lines].join('\n');
    this.item.show();
  }
}

interface ActionItem extends vscode.QuickPickItem {
  run(): Thenable<unknown>;
}

/** `portZero.showStartedServers`: pick a started server, then what to do with it. */
export function registerShowStartedServers(started: StartedServers, actions: SocketActions): vscode.Disposable {
  return vscode.commands.registerCommand(SocketCommand.showStartedServers, async () => {
    const servers = started.servers.filter((s) => s.listening.length > 0);
    if (servers.length === 0) {
      void userMessages.info(vscode.l10n.t('No server started by Port Zero is listening.'));
      return;
    }
    const server = servers.length === 1 ? { server: servers[0] } : await vscode.window.showQuickPick(
      servers.map((s) => ({ label: escapeIcons(s.name), description: s.listening.map((l) => formatEndpoint(l.local)).join(', '), server: s })),
      { title: vscode.l10n.t('Servers started by Port Zero') });
    if (!server) return;
    const { id, name, listening, owners } = server.server;
    const web = httpSocketOf(listening);
    const process = web && owners?.get(web.id);
    const url = await actions.urlOf(web, process);
    const items: ActionItem[] = [
      ...(web ? [
        { label: `$(globe) ${vscode.l10n.t('Open in Browser')}`, description: url, run: () => actions.open(web, process, 'browser') },
        { label: `$(preview) ${vscode.l10n.t('Open in Simple Browser')}`, run: () => actions.open(web, process, 'simpleBrowser') },
        { label: `$(link) ${vscode.l10n.t('Copy URL')}`, description: url && (await externalUrl(url)), detail: url, run: () => actions.copy(url) },
      ] : []),
      ...listening.map((l) => ({
        label: `$(copy) ${vscode.l10n.t('Copy {0}', formatEndpoint(l.local))}`, run: () => actions.copy(formatEndpoint(l.local)),
      })),
      { label: `$(terminal) ${vscode.l10n.t('Show Terminal')}`, run: () => vscode.commands.executeCommand(SocketCommand.showServerTerminal, id) },
      { label: `$(debug-restart) ${vscode.l10n.t('Restart')}`, run: () => vscode.commands.executeCommand(SocketCommand.restartServer, id) },
      { label: `$(debug-stop) ${vscode.l10n.t('Stop {0}', escapeIcons(name))}`, run: () => actions.stopStartedServer(id, name) },
    ];
    const action = await vscode.window.showQuickPick(items, { title: name });
    await action?.run();
  });
}
