/**
 * The notifications a launch raises (listening with Open / Copy, failed,
 * exited, already running), each with its next step. The "listening on"
 * notification lasts only while the server listens: VS Code lets an
 * extension close no notification but a progress one, so it is shown as one
 * (see UserMessages.whileRunning) and never offers Open on a stopped server.
 */
import * as vscode from 'vscode';
import { formatEndpoint } from '../engine/sockets/address';
import { type LaunchedServer } from '../engine/launch/launchedServer';
import { describeExit, type ExitInfo } from '../engine/launch/launchEvents';
import type { LaunchError } from '../engine/launch/launchError';
import { portInUse, tellingLine } from '../engine/launch/failureCause';
import type { Socket } from '../engine/sockets/socket';
import type { UserMessages } from '../messages/userMessages';
import { openInBrowser, openInSimpleBrowser, OPEN_URL_COMMAND } from '../services/openUrl';
import type { ServerTerminalListener } from './serverTerminal';
import type { OpenOnReady } from '../config/launchSettings';
import { isBrowsable } from '../engine/sockets/localAddresses';
import { withLabel } from '../engine/sockets/portsAttributes';
import { SocketCommand } from '../services/commandIds';

/** What the notification names: the URL (https when it speaks TLS) and the user's label for the port. */
export interface ListenerAddress {
  readonly url?: string;
  readonly label?: string;
}

/** What the notifier needs from the launcher, for a server it started. */
export interface LaunchHost {
  nameOf(server: LaunchedServer): string;
  showTerminal(server: LaunchedServer): void;
  restart(server: LaunchedServer): void;
  /** The launch is over (see ServerTerminalListener.ended). */
  ended(server: LaunchedServer, info: ExitInfo | undefined): void;
  closed(server: LaunchedServer): void;
  onListening(server: LaunchedServer, socket: Socket): void;
  openOnReadyOf(server: LaunchedServer): OpenOnReady;
  addressOf(server: LaunchedServer, socket: Socket): Promise<ListenerAddress>;
  /** A listener turned out to speak TLS: the terminal says so under its "listening on http://…" line. */
  onSecure(server: LaunchedServer, url: string): void;
  /** Who listens on `port` now (`python3 (pid 13245)`), for a server that says its port is in use. */
  holderOf(port: number): Promise<string | undefined>;
}

/** Shows what a launch needs the user to know, with the next step as a button. */
export class LaunchNotifier implements ServerTerminalListener {
  constructor(private readonly host: LaunchHost, private readonly messages: UserMessages) {}

  /** Launches whose first http(s) address was opened (`openOnReady`): later ones are not. */
  private readonly opened = new WeakSet<LaunchedServer>();

  listening(server: LaunchedServer, socket: Socket): void {
    this.host.onListening(server, socket);
    const mode = this.host.openOnReadyOf(server);
    void this.host.addressOf(server, socket).then((address) => {
      if (address.url?.startsWith('https:')) this.host.onSecure(server, address.url);
      if (mode === 'silent') return;
      if (mode === 'notify') this.notifyListening(server, socket, address);
      else void this.openWhenReady(server, socket, mode, address);
    });
  }

  /** The first address a browser can open, opened the moment it listens; every other address only in the terminal. */
  private async openWhenReady(server: LaunchedServer, socket: Socket, where: 'browser' | 'simpleBrowser', { url }: ListenerAddress): Promise<void> {
    if (url === undefined || !isBrowsable(socket.local) || this.opened.has(server)) return;
    this.opened.add(server);
    if (where === 'browser') await openInBrowser(url);
    else await openInSimpleBrowser(url);
    this.messages.status(vscode.l10n.t('{0}: opened {1}', this.host.nameOf(server), url));
  }

  private notifyListening(server: LaunchedServer, socket: Socket, { url, label }: ListenerAddress): void {
    const where = withLabel(url ?? formatEndpoint(socket.local), label);
    const exposed = socket.local.wildcard ? ` ${vscode.l10n.t('It listens on all interfaces — reachable from the network.')}` : '';
    const link = (title: string, action: string, target: string): { label: string; command: string; args: unknown[] } =>
      ({ label: title, command: OPEN_URL_COMMAND, args: [target, action] });
    const links = url
      ? [link(vscode.l10n.t('Open in Browser'), 'browser', url), link(vscode.l10n.t('Open in Simple Browser'), 'simpleBrowser', url), link(vscode.l10n.t('Copy URL'), 'copy', url)]
      : [link(vscode.l10n.t('Copy Address'), 'copy', formatEndpoint(socket.local))];
    this.messages.whileRunning(vscode.l10n.t('{0}: listening on {1}', this.host.nameOf(server), where) + exposed, links, whileListening(server));
  }

  readyTimeout(server: LaunchedServer): void {
    const seconds = Math.round((server.options.readyTimeoutMs ?? 0) / 1000);
    const show = vscode.l10n.t('Show Terminal');
    const stop = vscode.l10n.t('Stop');
    void this.messages
      .warn(
        vscode.l10n.t('{0} has not started listening after {1} s. It keeps running: check its output, or stop it.', this.host.nameOf(server), seconds),
        show,
        stop,
      )
      .then((choice) => {
        if (choice === show) this.host.showTerminal(server);
        else if (choice === stop) void server.stop();
      });
  }

  failed(server: LaunchedServer, error: LaunchError): void {
    void this.error(server, vscode.l10n.t('{0} could not start: {1}.', this.host.nameOf(server), error.message), error.lastLines);
  }

  exitedBeforeListening(server: LaunchedServer, info: ExitInfo): void {
    // A command-not-found exit was already reported as a launch error.
    if (info.code === 127 || info.code === 126) return;
    void this.error(server, vscode.l10n.t('{0} exited with {1} before it listened on any port.', this.host.nameOf(server), describeExit(info)), info.lastLines);
  }

  exitedAfterListening(server: LaunchedServer, info: ExitInfo): void {
    const show = vscode.l10n.t('Show Terminal');
    const restart = vscode.l10n.t('Restart');
    void this.messages.warn(vscode.l10n.t('{0} exited ({1}).', this.host.nameOf(server), describeExit(info)), show, restart).then((choice) => {
      if (choice === show) this.host.showTerminal(server);
      else if (choice === restart) this.host.restart(server);
    });
  }

  ended(server: LaunchedServer, info: ExitInfo | undefined): void {
    this.host.ended(server, info);
  }

  closed(server: LaunchedServer): void {
    this.host.closed(server);
  }

  /** Says why, in the server's own most telling line; when that line says its port is taken, who holds it, and offers to stop them. */
  private async error(server: LaunchedServer, message: string, lastLines: readonly string[]): Promise<void> {
    const line = tellingLine(lastLines);
    const inUse = portInUse(lastLines, server.options.command);
    const port = inUse && (inUse.port ?? server.port);
    const holder = port === undefined ? undefined : await this.host.holderOf(port);
    const show = vscode.l10n.t('Show Terminal');
    const stopIt = vscode.l10n.t('Stop It');
    const why = holder === undefined
      ? (line === undefined ? '' : ` ${vscode.l10n.t('It said: {0}', line)}`)
      : ` ${vscode.l10n.t('{0} is held by {1}.', port!, holder)}`;
    const choice = await this.messages.error(`${message}${why}`, ...(holder === undefined ? [show] : [stopIt, show]));
    if (choice === show) this.host.showTerminal(server);
    else if (choice === stopIt) await vscode.commands.executeCommand(SocketCommand.stopProcessOnPort, port);
  }

  /** A second start of a launch that runs: what to do instead of stopping it. */
  async alreadyRunning(server: LaunchedServer, name: string, url: string | undefined): Promise<'restart' | 'another' | undefined> {
    const where = server.sockets[0] && formatEndpoint(server.sockets[0].local);
    const open = vscode.l10n.t('Open');
    const restart = vscode.l10n.t('Restart');
    const another = vscode.l10n.t('Start Another');
    const text = where === undefined
      ? vscode.l10n.t('{0} is already starting.', name)
      : vscode.l10n.t('{0} is already running on {1}.', name, where);
    const choice = await this.messages.info(text, ...(url ? [open] : []), restart, another);
    if (choice === open && url) await openInBrowser(url);
    return choice === restart ? 'restart' : choice === another ? 'another' : undefined;
  }
}

/** Settles once the server stops listening: stopped, exited, or restarting. */
function whileListening(server: LaunchedServer): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (server.state === 'listening') return;
      server.off('state', check);
      resolve();
    };
    server.on('state', check);
    check();
  });
}
