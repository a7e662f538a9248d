/**
 * The notifications a launch raises (listening with Open / Copy, failed,
 * exited), each with its next step as a button.
 */
import * as vscode from 'vscode';
import { formatEndpoint } from '../engine/sockets/address';
import { type LaunchedServer } from '../engine/launch/launchedServer';
import { describeExit, type ExitInfo } from '../engine/launch/launchEvents';
import type { LaunchError } from '../engine/launch/launchError';
import type { Socket } from '../engine/sockets/socket';
import type { UserMessages } from '../messages/userMessages';
import { socketUrl } from '../engine/sockets/socketUrl';
import { openInBrowser, openInSimpleBrowser } from '../services/openUrl';
import type { ServerTerminalListener } from './serverTerminal';
import type { OpenOnReady } from '../config/launchSettings';
import { isBrowsable } from '../engine/sockets/localAddresses';
import { withLabel } from '../engine/sockets/portsAttributes';

/** What the notification names: the URL (https when it speaks TLS) and the user's label for the port. */
export interface ListenerAddress {
  readonly url?: string;
  readonly label?: string;
}

/** Shows what a launch needs the user to know, with the next step as a button. */
export class LaunchNotifier implements ServerTerminalListener {
  constructor(
    private readonly nameOf: (server: LaunchedServer) => string,
    private readonly showTerminal: (server: LaunchedServer) => void,
    private readonly onClosed: (server: LaunchedServer) => void,
    private readonly onListening: (server: LaunchedServer, socket: Socket) => void,
    private readonly messages: UserMessages,
    private readonly openOnReadyOf: (server: LaunchedServer) => OpenOnReady = () => 'notify',
    private readonly addressOf: (server: LaunchedServer, socket: Socket) => Promise<ListenerAddress> = async (_, socket) => ({ url: socketUrl(socket) }),
    /** A listener turned out to speak TLS: the terminal says so under its "listening on http://…" line. */
    private readonly onSecure: (server: LaunchedServer, url: string) => void = () => undefined,
  ) {}

  /** Launches whose first http(s) address was opened (`openOnReady`): later ones are not. */
  private readonly opened = new WeakSet<LaunchedServer>();

  listening(server: LaunchedServer, socket: Socket): void {
    this.onListening(server, socket);
    const mode = this.openOnReadyOf(server);
    void this.addressOf(server, socket).then((address) => {
      if (address.url?.startsWith('https:')) this.onSecure(server, address.url);
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
    this.messages.status(vscode.l10n.t('{0}: opened {1}', this.nameOf(server), url));
  }

  private notifyListening(server: LaunchedServer, socket: Socket, { url, label }: ListenerAddress): void {
    const where = withLabel(url ?? formatEndpoint(socket.local), label);
    const open = vscode.l10n.t('Open in Browser');
    const simple = vscode.l10n.t('Open in Simple Browser');
    const copy = vscode.l10n.t('Copy');
    const actions = url ? [open, simple, copy] : [copy];
    void this.messages
      .info(vscode.l10n.t('{0}: listening on {1}', this.nameOf(server), where), ...actions)
      .then(async (choice) => {
        if (choice === open && url) await openInBrowser(url);
        else if (choice === simple && url) await openInSimpleBrowser(url);
        else if (choice === copy) await vscode.env.clipboard.writeText(url ?? formatEndpoint(socket.local));
      });
  }

  readyTimeout(server: LaunchedServer): void {
    const seconds = Math.round((server.options.readyTimeoutMs ?? 0) / 1000);
    const show = vscode.l10n.t('Show Terminal');
    const stop = vscode.l10n.t('Stop');
    void this.messages
      .warn(
        vscode.l10n.t('{0} has not started listening after {1} s. It keeps running: check its output, or stop it.', this.nameOf(server), seconds),
        show,
        stop,
      )
      .then((choice) => {
        if (choice === show) this.showTerminal(server);
        else if (choice === stop) void server.stop();
      });
  }

  failed(server: LaunchedServer, error: LaunchError): void {
    this.error(server, vscode.l10n.t('{0} could not start: {1}', this.nameOf(server), error.message), error.lastLines);
  }

  exitedBeforeListening(server: LaunchedServer, info: ExitInfo): void {
    // A command-not-found exit was already reported as a launch error.
    if (info.code === 127 || info.code === 126) return;
    this.error(server, vscode.l10n.t('{0} exited with {1} before it listened on any port.', this.nameOf(server), describeExit(info)), info.lastLines);
  }

  closed(server: LaunchedServer): void {
    this.onClosed(server);
  }

  private error(server: LaunchedServer, message: string, lastLines: readonly string[]): void {
    // eslint-disable-next-line no-control-regex
    const tail = lastLines.map((l) => l.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").trim()).filter((l) => l !== "").slice(-3).join(" ⏎ ");
    const show = vscode.l10n.t('Show Terminal');
    void this.messages
      .error(tail ? `${message} ${vscode.l10n.t('Last output: {0}', tail)}` : message, show)
      .then((choice) => {
        if (choice === show) this.showTerminal(server);
      });
  }
}
