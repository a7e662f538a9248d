/**
 * Every launch runs as a `port-zero` task whose CustomExecution drives a
 * LaunchedServer in a ServerTerminal: the user sees it where tasks run, and
 * we own the process tree, its port and its stop.
 */
import * as vscode from 'vscode';
import type { FreePorts } from '../services/freePorts';
import type { LaunchedServer } from '../engine/launch/launchedServer';
import { LaunchJournal, type LaunchRecord } from '../engine/launch/launchJournal';
import { recoverOrphans } from './orphanRecovery';
import type { NamedProcesses } from '../engine/launch/launchTree';
import { describeExit, type ExitInfo } from '../engine/launch/launchEvents';
import { formatEndpoint } from '../engine/sockets/address';
import { socketUrl } from '../engine/sockets/socketUrl';
import { LaunchedServers } from '../engine/launch/launchedServers';
import type { PollScheduler } from '../engine/sockets/pollScheduler';
import type { Socket, SocketSource } from '../engine/sockets/socket';
import type { StartedServer } from '../engine/view/viewNodes';
import { UserMessages, userMessages } from '../messages/userMessages';
import { LaunchNotifier } from './launchNotifier';
import { messageTerminal } from './messageTerminal';
import { portHolders } from '../engine/sockets/portHolders';
import type { LaunchChoice } from './recentLaunches';
import type { WebAddressesService } from '../services/webAddresses';
import type { OpenOnReady } from '../config/launchSettings';
import { launchOptionsFor, taskRefusal, PORT_ZERO_PROBLEM_MATCHER, PORT_ZERO_TASK_TYPE, PortZeroTaskDefinition } from './portZeroTask';
import { ServerTerminal, workbenchRoundTrip } from './serverTerminal';
import type { StartedServers } from '../services/startedServers';

/** What the launcher knows of a launch beside the engine's LaunchedServer. */
interface Launch {
  readonly id: string;
  readonly name: string;
  /** A task's launch: builds the same task again, variables already substituted, for a Restart once its terminal closed. */
  readonly rerun?: () => vscode.Task;
  readonly openOnReady?: OpenOnReady;
  /** Port Zero's own terminal (Start on Free Port, an adopted server); a task's terminal is VS Code's. */
  terminal?: vscode.Terminal;
  /** How it ended, while it stays under Started here (`code 143`); undefined while it runs. */
  exited?: string;
}

const RUNNING = new Set(['starting', 'waiting', 'listening', 'stopping']);

export class Launcher implements vscode.Disposable, StartedServers {
  private readonly launched: LaunchedServers;
  private readonly started = new Map<LaunchedServer, Launch>();
  private readonly terminals = new WeakMap<LaunchedServer, ServerTerminal>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly notifier: LaunchNotifier;
  private nextId = 1;

  constructor(
    private readonly socketSource: SocketSource,
    private readonly freePorts: FreePorts,
    private readonly log: vscode.LogOutputChannel,
    /** Every notification Port Zero shows goes through it; observers subscribe to `onDidShow`. */
    readonly messages: UserMessages = userMessages,
    scheduler?: PollScheduler,
    /** Where launches are recorded for the next window, should this one die (see LaunchJournal). */
    readonly journal?: LaunchJournal,
    /** https and the user's label for the "listening on" notification; without it, plain http and no label. */
    private readonly web?: WebAddressesService,
  ) {
    this.launched = new LaunchedServers({ socketSource, allocatePort: (host) => this.freePorts.forHost(host), scheduler });
    this.launched.on('changed', () => {
      this.record();
      this.changeEmitter.fire();
    });
    this.notifier = new LaunchNotifier({
      nameOf: (server) => this.started.get(server)?.name ?? server.options.command,
      showTerminal: (server) => this.showTerminal(server),
      restart: (server) => void this.restart(this.started.get(server)?.id ?? ''),
      ended: (server, info) => this.ended(server, info),
      closed: (server) => void this.forget(server),
      onListening: (_server, socket) => this.freePorts.releaseListening([socket]),
      openOnReadyOf: (server) => this.started.get(server)?.openOnReady ?? 'notify',
      addressOf: async (server, socket) => ({ url: await this.urlOf(server, socket), label: web?.labelOf(socket, server.owners.get(socket.id)) }),
      onSecure: (server, url) => this.terminals.get(server)?.secureAddress(url),
      holderOf: async (port) => portHolders(await this.socketSource.snapshot({ listenersOnly: true }), { port }).holders
        .map((h) => `${h.process?.name ?? '?'} (pid ${h.pid})`).join(', ') || undefined,
    }, messages);
  }

  get servers(): readonly (StartedServer & { readonly server: LaunchedServer })[] {
    return this.launched.all().flatMap((server) => {
      const meta = this.started.get(server);
      if (!meta) return [];
      const running = RUNNING.has(server.state);
      return [{ id: meta.id, name: meta.name, rootPid: server.pid, listening: running ? server.sockets : [], owners: server.owners, exited: running ? undefined : meta.exited, server }];
    });
  }

  /** The task for a definition; VS Code substitutes variables before our execution runs. */
  createTask(definition: PortZeroTaskDefinition, scope: vscode.WorkspaceFolder | vscode.TaskScope, name: string): vscode.Task {
    const execution = new vscode.CustomExecution(async (resolved) => this.terminalFor(resolved, scope, name));
    const task = new vscode.Task(definition, scope, name, 'Port Zero', execution, [PORT_ZERO_PROBLEM_MATCHER]);
    task.isBackground = true;
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    return task;
  }

  /** The terminal a server's output goes to: what the user reads there is what it wrote. */
  terminalOf(server: LaunchedServer): ServerTerminal | undefined {
    return this.terminals.get(server);
  }

  /** Task terminals carry the task's name; an exact match wins over a decorated one. */
  showTerminal(server: LaunchedServer): boolean {
    const terminal = this.vscodeTerminalOf(server);
    terminal?.show();
    return terminal !== undefined;
  }

  private vscodeTerminalOf(server: LaunchedServer): vscode.Terminal | undefined {
    const meta = this.started.get(server);
    if (meta === undefined) return undefined;
    if (meta.terminal) return vscode.window.terminals.includes(meta.terminal) ? meta.terminal : undefined;
    return vscode.window.terminals.find((t) => t.name === meta.name) ?? vscode.window.terminals.find((t) => t.name.includes(meta.name));
  }

  async processes(id: string): Promise<NamedProcesses> {
    return (await this.servers.find((s) => s.id === id)?.server.processes()) ?? { members: [], outsiders: [] };
  }

  /** Stops one server's whole process tree (the tree's and the status bar's Stop). */
  async stop(id: string, options: { readonly outsiders?: boolean } = {}): Promise<void> {
    await this.servers.find((s) => s.id === id)?.server.stop(options);
  }

  /**
   * Stops the server's whole tree and starts it again in its terminal: the
   * same command, and for a named port the same port. A task whose terminal
   * has closed runs again as a task.
   */
  async restart(id: string): Promise<void> {
    const server = this.launched.all().find((s) => this.started.get(s)?.id === id);
    const meta = server && this.started.get(server);
    if (!server || !meta) return;
    const terminal = this.terminals.get(server);
    meta.exited = undefined;
    if (terminal?.isOpen) {
      this.vscodeTerminalOf(server)?.show(true);
      return terminal.restart();
    }
    await this.forget(server);
    if (meta.rerun) await vscode.tasks.executeTask(meta.rerun());
  }

  /** https when the user's portsAttributes say so or it answers TLS (see WebAddresses); without them, http. */
  private urlOf(server: LaunchedServer, socket: Socket): Promise<string | undefined> {
    return this.web ? this.web.urlOf(socket, server.owners.get(socket.id)) : Promise.resolve(socketUrl(socket));
  }

  /** Forgets a launch that has ended and closes its terminal (Remove on its Started here row). */
  async remove(id: string): Promise<void> {
    const server = this.launched.all().find((s) => this.started.get(s)?.id === id);
    if (!server) return;
    const terminal = this.vscodeTerminalOf(server);
    await this.forget(server);
    terminal?.dispose();
  }

  /**
   * Start on Free Port's launch, in a terminal of Port Zero's own rather than
   * as a task: VS Code would list every run in Run Task's "recently used", and
   * answer a second start of the same command by offering to terminate the
   * first. A second start of a running command asks instead.
   */
  async launch(choice: LaunchChoice, folder: vscode.WorkspaceFolder | undefined): Promise<void> {
    const same = this.servers.find(({ server }) => RUNNING.has(server.state) && server.options.command === choice.command && server.options.cwd === choice.cwd);
    let name = choice.label;
    if (same) {
      const web = same.listening.find((s) => s.protocol === 'tcp');
      const url = web && (await this.urlOf(same.server, web));
      const answer = await this.notifier.alreadyRunning(same.server, same.name, url);
      if (answer === 'restart') return this.restart(same.id);
      if (answer !== 'another') return;
    }
    for (let n = 2; this.servers.some((s) => s.name === name); n++) name = `${choice.label} (${n})`;
    const definition: PortZeroTaskDefinition = { type: PORT_ZERO_TASK_TYPE, command: choice.command, cwd: choice.cwd, ...(choice.shell && { shell: choice.shell }) };
    const { options, openOnReady } = await launchOptionsFor(definition, folder, this.freePorts, this.settingProblem);
    const server = this.launched.create(options);
    this.track(server, name, undefined, openOnReady);
    this.open(server, name, 'terminal');
  }

  async stopAll(): Promise<void> {
    await this.launched.stopAll();
  }

  dispose(): void {
    void this.stopAll();
    this.changeEmitter.dispose();
  }

  /** What a port-zero task's CustomExecution runs (public so Restricted Mode can be tested without VS Code's trust dialog). */
  async terminalFor(
    resolved: vscode.TaskDefinition,
    scope: vscode.WorkspaceFolder | vscode.TaskScope,
    name: string,
  ): Promise<vscode.Pseudoterminal> {
    const refusal = taskRefusal(resolved, name, this.messages);
    if (refusal !== undefined) return messageTerminal(refusal);
    const def = resolved as PortZeroTaskDefinition;
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const { options, openOnReady } = await launchOptionsFor(def, folder, this.freePorts, this.settingProblem);
    const server = this.launched.create(options);
    this.track(server, name, () => this.createTask(def, scope, name), openOnReady);
    return this.open(server, name, 'task');
  }

  /** The terminal a launch runs in; for all but a task's, shown in a terminal of Port Zero's own. */
  private open(server: LaunchedServer, name: string, mode: 'task' | 'terminal' | 'adopted'): ServerTerminal {
    const pty = new ServerTerminal(server, name, this.notifier, workbenchRoundTrip, mode);
    this.terminals.set(server, pty);
    const meta = this.started.get(server);
    if (mode !== 'task' && meta) {
      meta.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('rocket') });
      meta.terminal.show(true);
    }
    return pty;
  }

  private readonly settingProblem = (message: string): void => {
    this.log.warn(message);
    this.messages.settingProblem(message, 'portZero.launch');
  };

  /** Lists the server under its task's name and logs what it does. */
  private track(server: LaunchedServer, name: string, rerun: (() => vscode.Task) | undefined, openOnReady?: OpenOnReady): void {
    this.started.set(server, { id: `launch-${this.nextId++}`, name, rerun, openOnReady });
    this.log.info(`starting "${name}": ${server.options.command}`);
    server.on('spawn', (pid) => this.log.info(`"${name}" started as pid ${pid}`));
    server.on('listening', (socket) => this.log.info(`"${name}" listens on ${formatEndpoint(socket.local)}`));
    server.on('exit', (info) => this.log.info(`"${name}" exited with ${describeExit(info)}`));
    server.on('launchError', (error) => {
      const meta = this.started.get(server);
      if (meta) meta.exited = error.message;
    });
  }

  /** Servers a window that died left running: stopped or taken back, as the user answers (see orphanRecovery.ts). */
  async recoverOrphans(ask: (servers: readonly string[]) => Promise<'stop' | 'keep' | undefined>): Promise<void> {
    if (this.journal) await recoverOrphans(this.journal, this.socketSource, this.log, ask, (record) => this.adopt(record));
  }

  /** A server a lost window started, back under Started here, with a terminal that says its output is lost. */
  private adopt(record: LaunchRecord): void {
    const server = this.launched.adopt({ command: record.command, cwd: record.cwd }, record.root, record.mark, record.port);
    this.track(server, record.name, undefined);
    this.open(server, record.name, 'adopted');
    this.changeEmitter.fire();
  }

  /** Writes what runs now where the next window finds it, should this one die. */
  private record(): void {
    const records = this.servers.flatMap(({ id, name, server }): LaunchRecord[] => {
      const identity = server.identity;
      if (!identity || !RUNNING.has(server.state)) return [];
      return [{ id, name, command: server.options.command, cwd: server.options.cwd, ...identity, ports: server.sockets.map((s) => s.local.port) }];
    });
    try {
      this.journal?.write(records);
    } catch (e) {
      this.log.warn(`could not record running servers for the next window: ${e instanceof Error ? e.message : e}`);
    }
  }

  /**
   * A launch that ended on its own (crashed, killed, never listened) stays
   * under Started here, marked, for Restart and Remove; one the user stopped
   * is forgotten.
   */
  private ended(server: LaunchedServer, info: ExitInfo | undefined): void {
    const meta = this.started.get(server);
    if (info?.stopped || !meta) {
      void this.forget(server);
      return;
    }
    // Without an exit, the launch failed before it ran: its error is already the reason (see track).
    if (info) meta.exited = describeExit(info);
    this.changeEmitter.fire();
  }

  private async forget(server: LaunchedServer): Promise<void> {
    await this.launched.remove(server);
    this.started.delete(server);
    this.changeEmitter.fire();
  }
}
