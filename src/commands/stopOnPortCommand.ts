/**
 * Port Zero: Stop the Process on a Port… — what users of kill-port tools ask
 * for most: name a port (typed, or passed by a keybinding or a task), see who
 * holds it, stop it under the same rules and confirmation as Stop Process.
 */
import * as vscode from 'vscode';
import { containersOnPort } from '../engine/containers/publishedPorts';
import { userName } from '../engine/proc/userNames';
import { formatEndpoint } from '../engine/sockets/address';
import { formatPortQuery, parsePortQuery, PortHolder, portHolders, PortQuery, PortQueryProblem } from '../engine/sockets/portHolders';
import type { Socket } from '../engine/sockets/socket';
import { escapeIcons } from '../messages/plainText';
import { userMessages } from '../messages/userMessages';
import type { Refresher } from '../services/refresher';
import type { ContainerActions } from '../services/containerActions';
import type { SocketActions } from '../services/socketActions';
import type { StartedServers } from '../services/startedServers';

export const STOP_PROCESS_ON_PORT = 'portZero.stopProcessOnPort';

function problemText(problem: PortQueryProblem): string {
  switch (problem) {
    case 'empty': return vscode.l10n.t('Type a port, such as 5173, 127.0.0.1:5173 or [::1]:5173.');
    case 'notAPort': return vscode.l10n.t('A port is a whole number, such as 5173.');
    case 'portOutOfRange': return vscode.l10n.t('A port is between 1 and 65535.');
    case 'notAnAddress': return vscode.l10n.t('Before the colon, give an IP address of this machine (127.0.0.1, [::1]) or localhost.');
    case 'ipv6WithoutBrackets': return vscode.l10n.t('Put an IPv6 address in brackets: [::1]:5173.');
  }
}

/** `TCP 127.0.0.1:5173 (LISTEN)`: one line per socket in the question and the pick. */
function socketLine(socket: Socket): string {
  return `${socket.protocol.toUpperCase()} ${formatEndpoint(socket.local)} (${socket.state})`;
}

export class StopOnPort {

  constructor(
    private readonly refresher: Refresher,
    private readonly actions: SocketActions,
    private readonly started: StartedServers,
    private readonly containers?: ContainerActions,
  ) {}

  register(): vscode.Disposable {
    return vscode.commands.registerCommand(STOP_PROCESS_ON_PORT, (port?: unknown) => this.run(port));
  }

  async run(argument?: unknown): Promise<void> {
    const query = argument === undefined || argument === null ? await this.ask() : this.fromArgument(argument);
    if (query === undefined) return;
    let holders: ReturnType<typeof portHolders>;
    try {
      holders = portHolders(await this.refresher.refresh(), query);
    } catch (error) {
      void userMessages.error(vscode.l10n.t('Port Zero could not read the socket table: {0}', error instanceof Error ? error.message : String(error)));
      return;
    }
    const where = formatPortQuery(query);
    // A container's port is stopped as the container, never by signalling the forwarder that holds it.
    const [container] = containersOnPort(this.refresher.containers, query);
    if (container && this.containers) return this.containers.run('stop', container);
    if (holders.holders.length === 0 && holders.unowned.length === 0) {
      void userMessages.info(vscode.l10n.t('Nobody listens on {0}.', where));
      return;
    }
    if (holders.holders.length === 0) {
      const owners = [...new Set(holders.unowned.map((s) => (s.uid === undefined ? vscode.l10n.t('another user') : userName(s.uid))))];
      void userMessages.error(vscode.l10n.t('{0} is held by another user\'s process ({1}): Port Zero can\'t stop it.', where, owners.join(', ')));
      return;
    }
    const holder = holders.holders.length === 1 ? holders.holders[0] : await this.pick(where, holders.holders);
    if (holder !== undefined) await this.stop(where, holder);
  }

  private fromArgument(argument: unknown): PortQuery | undefined {
    const query = typeof argument === 'number' || typeof argument === 'string' ? parsePortQuery(argument) : 'notAPort';
    if (typeof query === 'object') return query;
    void userMessages.error(vscode.l10n.t('{0} was given {1}: {2}', STOP_PROCESS_ON_PORT, JSON.stringify(argument) ?? String(argument), problemText(query)));
    return undefined;
  }

  private async ask(): Promise<PortQuery | undefined> {
    const text = await vscode.window.showInputBox({
      title: vscode.l10n.t('Stop the Process on a Port'),
      prompt: vscode.l10n.t('The port whose process to stop: 5173, 127.0.0.1:5173 or [::1]:5173'),
      placeHolder: '5173',
      ignoreFocusOut: true,
      validateInput: (value) => {
        const query = parsePortQuery(value);
        return typeof query === 'object' ? undefined : problemText(query);
      },
    });
    if (text === undefined) return undefined;
    const query = parsePortQuery(text);
    return typeof query === 'object' ? query : undefined;
  }

  private ownerText(holder: PortHolder): string {
    const uid = holder.process?.uid ?? holder.sockets[0]?.uid;
    return holder.process?.user ?? (uid === undefined ? vscode.l10n.t('unknown user') : userName(uid));
  }

  private async pick(where: string, holders: readonly PortHolder[]): Promise<PortHolder | undefined> {
    const items = holders.map((holder) => ({
      label: `$(server-process) ${escapeIcons(holder.process?.name ?? '?')} (${holder.pid})`,
      description: escapeIcons(this.ownerText(holder)),
      detail: escapeIcons([holder.process?.commandLine, holder.sockets.map(socketLine).join(', ')].filter(Boolean).join(' · ')),
      holder,
    }));
    const chosen = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('{0} processes hold {1}: which one to stop?', holders.length, where),
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
    return chosen?.holder;
  }

  private async stop(where: string, holder: PortHolder): Promise<void> {
    const process = holder.process;
    if (process === undefined) {
      void userMessages.error(vscode.l10n.t('{0} is held by process {1}, which Port Zero can\'t read: it may have just exited.', where, holder.pid));
      return;
    }
    // A server Port Zero started is stopped as one: its whole tree, and the question about programs it started.
    const launch = this.started.servers.find((s) => s.rootPid === holder.pid || s.listening.some((l) => l.pid === holder.pid));
    if (launch) {
      await this.actions.stopStartedServer(launch.id, launch.name);
      return;
    }
    await this.actions.stopProcess(process, {
      where,
      socketUid: holder.sockets[0]?.uid,
      holds: holder.sockets.map(socketLine),
      user: this.ownerText(holder),
    });
  }
}
