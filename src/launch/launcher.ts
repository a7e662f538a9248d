/**
 * Every launch runs as a `port-zero` task whose CustomExecution drives a
 * LaunchedServer in a ServerTerminal: the user sees it where tasks run, and
 * we own the process tree, its port and its stop.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { FreePorts } from '../services/freePorts';
import type { LaunchedServer, LaunchOptions } from '../engine/launch/launchedServer';
import { LaunchJournal, type LaunchRecord } from '../engine/launch/launchJournal';
import { findOrphans, stopOrphan } from '../engine/launch/orphans';
import type { NamedProcesses } from '../engine/launch/launchTree';
import { describeExit } from '../engine/launch/launchEvents';
import { formatEndpoint } from '../engine/sockets/address';
import { LaunchedServers } from '../engine/launch/launchedServers';
import type { PollScheduler } from '../engine/sockets/pollScheduler';
import type { SocketSource } from '../engine/sockets/socket';
import type { StartedServer } from '../engine/view/viewNodes';
import { UserMessages, userMessages } from '../messages/userMessages';
import { LaunchNotifier } from './launchNotifier';
import type { WebAddressesService } from '../services/webAddresses';
import { readLaunchSettings, type OpenOnReady } from '../config/launchSettings';
import { definitionProblems, PORT_ZERO_PROBLEM_MATCHER, PORT_ZERO_TASK_TYPE, PortZeroTaskDefinition } from './portZeroTask';
import { ServerTerminal } from './serverTerminal';
import { explainRestrictedMode } from '../messages/restrictedMode';
import type { StartedServers } from '../services/startedServers';

export class Launcher implements vscode.Disposable, StartedServers {
  private readonly launched: LaunchedServers;
  /** `rerun` builds the same task again, variables already substituted, for Restart. */
  private readonly started = new Map<LaunchedServer, { id: string; name: string; rerun: () => vscode.Task; openOnReady?: OpenOnReady }>();
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
    web?: WebAddressesService,
  ) {
    this.launched = new LaunchedServers({ socketSource, allocatePort: (host) => this.freePorts.forHost(host), scheduler });
    this.launched.on('changed', () => {
      this.record();
      this.changeEmitter.fire();
    });
    this.notifier = new LaunchNotifier(
      (server) => this.started.get(server)?.name ?? server.options.command,
      (server) => this.showTerminal(server),
      (server) => void this.forget(server),
      (_server, socket) => this.freePorts.releaseListening([socket]),
      messages,
      (server) => this.started.get(server)?.openOnReady ?? 'notify',
      web && (async (server, socket) => {
        const process = server.owners.get(socket.id);
        return { url: await web.urlOf(socket, process), label: web.labelOf(socket, process) };
      }),
      (server, url) => this.terminals.get(server)?.secureAddress(url),
    );
  }

  get servers(): readonly (StartedServer & { readonly server: LaunchedServer })[] {
    return this.launched.all().flatMap((server) => {
      const meta = this.started.get(server);
      return meta ? [{ id: meta.id, name: meta.name, rootPid: server.pid, listening: server.sockets, owners: server.owners, server }] : [];
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
    const name = this.started.get(server)?.name;
    if (name === undefined) return false;
    const terminal = vscode.window.terminals.find((t) => t.name === name) ?? vscode.window.terminals.find((t) => t.name.includes(name));
    terminal?.show();
    return terminal !== undefined;
  }

  async processes(id: string): Promise<NamedProcesses> {
    return (await this.servers.find((s) => s.id === id)?.server.processes()) ?? { members: [], outsiders: [] };
  }

  /** Stops one server's whole process tree (the tree's and the status bar's Stop). */
  async stop(id: string, options: { readonly outsiders?: boolean } = {}): Promise<void> {
    await this.servers.find((s) => s.id === id)?.server.stop(options);
  }

  /**
   * Stops the server's whole tree, then runs its task again: a new terminal,
   * the same command, and for a named port the same port.
   */
  async restart(id: string): Promise<void> {
    const entry = this.servers.find((s) => s.id === id);
    const meta = entry && this.started.get(entry.server);
    if (!entry || !meta) return;
    await entry.server.stop();
    await vscode.tasks.executeTask(meta.rerun());
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
    const refusal = this.refusal(resolved, name);
    if (refusal !== undefined) return messageTerminal(refusal);
    const def = resolved as PortZeroTaskDefinition;
    const folder = typeof scope === 'object' ? scope : vscode.workspace.workspaceFolders?.[0];
    const { options, openOnReady } = await this.launchOptions(def, folder);
    const server = this.launched.create(options);
    this.track(server, name, () => this.createTask(def, scope, name), openOnReady);
    const terminal = new ServerTerminal(server, name, this.notifier, workbenchRoundTrip);
    this.terminals.set(server, terminal);
    return terminal;
  }

  /** Why this task must not start, already told to the user; undefined when it may. */
  private refusal(resolved: vscode.TaskDefinition, name: string): string | undefined {
    // VS Code already keeps tasks from running in Restricted Mode; this holds even if that changes.
    if (!vscode.workspace.isTrusted) {
      explainRestrictedMode(this.messages);
      return vscode.l10n.t('Port Zero starts no commands in Restricted Mode.');
    }
    const problems = definitionProblems(resolved);
    if (problems.length === 0) return undefined;
    const message = vscode.l10n.t('Port Zero task "{0}" cannot start: {1}', name, problems.join(' '));
    void this.messages.error(message, vscode.l10n.t('Open tasks.json')).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.tasks.configureTaskRunner');
    });
    return message;
  }

  /** The task's fields over the folder's settings: what the engine is asked to run. */
  private async launchOptions(def: PortZeroTaskDefinition, folder: vscode.WorkspaceFolder | undefined): Promise<{ options: LaunchOptions; openOnReady: OpenOnReady }> {
    const settings = readLaunchSettings(folder, (message) => {
      this.log.warn(message);
      this.messages.settingProblem(message, 'portZero.launch');
    });
    const host = def.host ?? settings.host;
    const options: LaunchOptions = {
      command: def.command,
      cwd: def.cwd ?? folder?.uri.fsPath ?? os.homedir(),
      env: def.env,
      strategy: def.strategy ?? settings.strategy,
      host,
      port: def.portName === undefined ? undefined : await this.freePorts.named(def.portName, host, folder),
      portVariables: def.envVariables ?? settings.envVariables,
      readyTimeoutMs: (def.readyTimeoutSeconds ?? settings.readyTimeoutSeconds) * 1000,
      shell: def.shell,
    };
    return { options, openOnReady: def.openOnReady ?? settings.openOnReady };
  }

  /** Lists the server under its task's name and logs what it does. */
  private track(server: LaunchedServer, name: string, rerun: () => vscode.Task, openOnReady?: OpenOnReady): void {
    this.started.set(server, { id: `launch-${this.nextId++}`, name, rerun, openOnReady });
    this.log.info(`starting "${name}": ${server.options.command}`);
    server.on('spawn', (pid) => this.log.info(`"${name}" started as pid ${pid}`));
    server.on('listening', (socket) => this.log.info(`"${name}" listens on ${formatEndpoint(socket.local)}`));
    server.on('exit', (info) => this.log.info(`"${name}" exited with ${describeExit(info)}`));
  }

  /**
   * Looks for servers a window that died without stopping them left running
   * (see engine/launch/orphans.ts) and asks the user: stop them all, or keep
   * them in Started here with their ports. Without an answer they are left,
   * and asked about again next time.
   */
  async recoverOrphans(ask: (servers: readonly string[]) => Promise<'stop' | 'keep' | undefined>): Promise<void> {
    if (!this.journal) return;
    const orphans = await findOrphans(this.journal, this.socketSource);
    if (orphans.length === 0) return;
    const names = orphans.map((o) => `${o.record.name} (${o.survivors.map((p) => `${p.name} ${p.pid}`).join(', ')})`);
    this.log.info(`servers left running by a window that ended unexpectedly: ${names.join('; ')}`);
    const choice = await ask(names);
    if (choice === undefined) return;
    for (const orphan of orphans) {
      if (choice === 'stop') await stopOrphan(orphan).catch((e) => this.log.error(`could not stop ${orphan.record.name}`, e));
      else this.adopt(orphan.record);
    }
    for (const journal of new Set(orphans.map((o) => o.journal))) LaunchJournal.forget(journal);
  }

  /** A server a lost window started, back under Started here, with a terminal that says its output is lost. */
  private adopt(record: LaunchRecord): void {
    const server = this.launched.adopt({ command: record.command, cwd: record.cwd }, record.root, record.mark, record.port);
    const definition: PortZeroTaskDefinition = { type: PORT_ZERO_TASK_TYPE, command: record.command, cwd: record.cwd };
    this.track(server, record.name, () => this.createTask(definition, vscode.TaskScope.Workspace, record.name));
    const terminal = new ServerTerminal(server, record.name, this.notifier, workbenchRoundTrip, 'adopted');
    this.terminals.set(server, terminal);
    vscode.window.createTerminal({ name: record.name, pty: terminal });
    this.changeEmitter.fire();
  }

  /** Writes what runs now where the next window finds it, should this one die. */
  private record(): void {
    const records = this.servers.flatMap(({ id, name, server }): LaunchRecord[] => {
      const identity = server.identity;
      if (!identity) return [];
      return [{ id, name, command: server.options.command, cwd: server.options.cwd, ...identity, ports: server.sockets.map((s) => s.local.port) }];
    });
    try {
      this.journal?.write(records);
    } catch (e) {
      this.log.warn(`could not record running servers for the next window: ${e instanceof Error ? e.message : e}`);
    }
  }

  private async forget(server: LaunchedServer): Promise<void> {
    await this.launched.remove(server);
    this.started.delete(server);
    this.changeEmitter.fire();
  }

}

/**
 * The extension host's messages to the workbench travel in order, so the
 * reply to this one means all terminal output sent before it has arrived.
 * `setContext` is the cheapest command that is sure to run in the workbench.
 */
function workbenchRoundTrip(): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'portZero.outputFlushed', true);
}

/** A terminal that only says why nothing started, so the task ends with a reason. */
function messageTerminal(message: string): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[31m${message}\x1b[39m\r\n`);
      close.fire(1);
    },
    close: () => {
      write.dispose();
      close.dispose();
    },
  };
}
