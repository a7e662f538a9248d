/**
 * What a user can do with a socket or a started server, shared by the tree's
 * menus, the status bar's quick pick and the commands: copy, open, stop.
 */
import * as vscode from 'vscode';
import { printable } from '../engine/proc/printable';
import { currentUser, type Ownership } from '../engine/proc/processOwner';
import { stopWithConsent } from '../engine/proc/stopPolicy';
import { userMessages } from '../messages/userMessages';
import type { Socket } from '../engine/sockets/socket';
import type { ProcessInfo } from '../engine/proc/processInfo';
import { formatEndpoint } from '../engine/sockets/address';
import { isBrowsable } from '../engine/sockets/localAddresses';
import { socketUrl } from '../engine/sockets/socketUrl';
import { copyAddress, openInBrowser, openInSimpleBrowser } from './openUrl';
import type { Refresher } from './refresher';
import { EditorGuard } from './editorGuard';
import { StopPrompts, StopRequest } from './stopPrompts';
import type { StartedServers } from './startedServers';
import type { WebAddressesService } from './webAddresses';


/** The user-facing operations, shared by the tree's menus and the status bar's quick pick. */
export class SocketActions {
  private readonly me = currentUser();

  constructor(
    private readonly refresher: Refresher,
    private readonly started: StartedServers,
    readonly prompts: StopPrompts,
    private readonly web: WebAddressesService,
    private readonly editor: EditorGuard = new EditorGuard(),
  ) {}

  /** https when the user's portsAttributes say so or the listener answers TLS (see WebAddresses). */
  urlOf(socket: Socket | undefined, process: ProcessInfo | undefined): Promise<string | undefined> {
    return socket === undefined ? Promise.resolve(undefined) : this.web.urlOf(socket, process);
  }

  /** Copies `text` (a URL as Open opens it), or says in the status bar why there is nothing to copy (`missing`). */
  async copy(text: string | undefined, missing = vscode.l10n.t('Nothing to copy.')): Promise<void> {
    if (text === undefined) {
      userMessages.status(missing);
      return;
    }
    await copyAddress(text);
  }

  async open(socket: Socket | undefined, process: ProcessInfo | undefined, where: 'browser' | 'simpleBrowser'): Promise<void> {
    const url = await this.urlOf(socket, process);
    if (url === undefined) return;
    if (!isBrowsable(socket!.local)) {
      void userMessages.warn(vscode.l10n.t('Port Zero opens only addresses of this machine, and {0} is not one: use Copy URL if you mean it.', formatEndpoint(socket!.local)));
      return;
    }
    if (where === 'browser') await openInBrowser(url);
    else await openInSimpleBrowser(url);
  }

  /** `about`: what a process chosen by its port adds (the port, its sockets, its user, its socket's uid). */
  async stopProcess(process: ProcessInfo | undefined, about: Pick<StopRequest, 'holds' | 'user'> & { socketUid?: number; where?: string } = {}): Promise<void> {
    if (process === undefined) return;
    await this.editor.ready;
    const name = printable(process.name);
    const request = (owner: Ownership): StopRequest => ({ pid: process.pid, command: process.commandLine ?? process.name, owner, holds: about.holds, user: about.user });
    let asked: StopRequest | undefined;
    const verdict = await stopWithConsent(process, { isEditor: (p) => this.editor.covers(p), me: this.me, socketUid: about.socketUid }, {
      confirm: (owner) => this.prompts.confirmStop((asked = request(owner))),
      confirmForce: (reason) => this.prompts.confirmForceStop(asked!, reason),
    });
    switch (verdict) {
      case 'editor': void userMessages.error(vscode.l10n.t('Port Zero never stops VS Code itself: {0} (pid {1}) is part of this window.', name, process.pid)); return;
      case 'init': void userMessages.error(vscode.l10n.t('Port Zero never stops {0} (pid {1}): it is the first process of its system or container, and everything there, VS Code too, would end with it.', name, process.pid)); return;
      case 'notYours': void userMessages.error(about.where === undefined
        ? vscode.l10n.t('Port Zero stops only your own processes: {0} (pid {1}) belongs to another user.', name, process.pid)
        : vscode.l10n.t('{0} is held by another user\'s process ({1}): Port Zero can\'t stop it.', about.where, `${name} ${process.pid}, ${about.user ?? '?'}`)); return;
      case 'declined': return;
      case 'denied': void userMessages.error(vscode.l10n.t('The system refused to stop process {0}: it belongs to another user or runs with more rights than VS Code.', process.pid)); break;
      case 'running':
      case 'needsForce': void userMessages.warn(vscode.l10n.t('Process {0} is still running.', process.pid)); break;
      case 'gone': void userMessages.info(vscode.l10n.t('Process {0} had already exited.', process.pid)); break;
    }
    await this.refresher.refresh().catch(() => undefined);
  }

  async stopStartedServer(id: string, name: string): Promise<void> {
    const server = this.started.servers.find((s) => s.id === id);
    if (server?.rootPid === undefined) return;
    // Read now: the shell that started it may be gone, and a process named before its exec bears the shell's name.
    const { members, outsiders } = await this.started.processes(id);
    const request: StopRequest = { pid: members[0]?.pid ?? server.rootPid, command: name, kind: 'server', members };
    if (outsiders.length === 0) {
      if (!(await this.prompts.confirmStop(request))) return;
      await this.started.stop(id);
    } else {
      const choice = await this.prompts.confirmStopWithOutsiders(request, outsiders);
      if (choice === undefined) return;
      await this.started.stop(id, { outsiders: choice === 'all' });
    }
    await this.refresher.refresh().catch(() => undefined);
  }
}

/** The URL target of a row: a started server opens its first TCP listener, loopback preferred, then one a browser may open. */
export function httpSocketOf(sockets: readonly Socket[]): Socket | undefined {
  const candidates = sockets.filter((s) => socketUrl(s) !== undefined);
  return candidates.find((s) => s.local.loopback) ?? candidates.find((s) => isBrowsable(s.local)) ?? candidates[0];
}
