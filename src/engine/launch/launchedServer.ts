/**
 * One dev server started by Port Zero: spawns the command in its own process
 * group, streams its output, learns every address it listens on, and stops
 * the whole tree. Start it after attaching listeners; failures arrive as
 * `launchError` events, never as rejections.
 *
 * A server Port Zero started is a `LaunchedServer` here, in the engine (the
 * process tree it owns, its output, its ports), and a `StartedServer` in what
 * the views show (src/engine/view/viewNodes.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ProcessInfo } from '../proc/processInfo';
import { isRunning as rootRunning, listedIdentity, processStartTime, type ProcessIdentity } from '../proc/processIdentity';
import { Snapshot, Socket } from '../sockets/socket';
import { substitutePort } from './commandLine';
import { LaunchError, shellFailure } from './launchError';
import { MARK_VARIABLE } from './launchEnvironment';
import type { LaunchEvents, LaunchState } from './launchEvents';
import { LaunchDependencies, LaunchOptions, MAX_READY_TIMEOUT_SECONDS } from './launchOptions';
import { LaunchListeners } from './launchListeners';
import { ListenWatcher } from './listenWatcher';
import { LaunchTree, NamedProcesses } from './launchTree';
import { PollScheduler } from '../sockets/pollScheduler';
import { ServerOutput } from './serverOutput';
import { drained, missingDirectory, spawnFailure, spawnServer } from './serverProcess';
import { LaunchPlan } from './strategies';
import { planOrExplain } from './launchPlan';
import { killTree, KillTreeResult } from '../proc/treeKiller';
import { ProcessTable, readProcessTable } from '../proc/processTable';

export type { LaunchDependencies, LaunchOptions };

export class LaunchedServer extends EventEmitter<LaunchEvents> {
  private child: ChildProcess | undefined;
  private watcher: ListenWatcher | undefined;
  private tree: LaunchTree | undefined;
  /** Whose sockets discovery reads: the shell, then whatever of the launch outlived it. */
  private roots: readonly number[] = [];
  private exited: Promise<void> = Promise.resolve();
  private starting: Promise<void> = Promise.resolve();
  private stopping = false;
  private currentState: LaunchState = 'idle';
  private currentPlan: LaunchPlan | undefined;
  /** `PORT_ZERO_LAUNCH=<uuid>`, in the environment of everything the launch starts. */
  private mark = '';
  private root: ProcessIdentity | undefined;
  private readonly output: ServerOutput;
  private readonly found = new LaunchListeners();

  constructor(
    readonly options: LaunchOptions,
    private readonly dependencies: LaunchDependencies,
  ) {
    super();
    this.output = new ServerOutput(options.outputLines ?? 40);
  }

  get state(): LaunchState {
    return this.currentState;
  }

  get pid(): number | undefined {
    return this.root?.pid;
  }

  /** What finds this launch's processes again after the extension host is gone (see LaunchJournal). */
  get identity(): { readonly root: ProcessIdentity; readonly mark: string; readonly port?: number } | undefined {
    return this.root && { root: this.root, mark: this.mark, port: this.found.handedPort };
  }

  /**
   * A launch a previous extension host started and lost (it died without
   * stopping it): no pipes and no exit code, but its processes are found by
   * its root's identity, group, session and mark, watched for listeners,
   * and stopped like any other launch.
   */
  static adopt(options: LaunchOptions, dependencies: LaunchDependencies, root: ProcessIdentity, mark: string, port?: number): LaunchedServer {
    const server = new LaunchedServer(options, dependencies);
    server.root = root;
    server.mark = mark;
    server.found.handedPort = port;
    server.tree = new LaunchTree(root.pid, mark, server.readTable, { root, platform: dependencies.identity?.platform ?? process.platform });
    server.setState('waiting');
    server.watchForListeners(root.pid);
    server.exited = server.afterExit(undefined, null, null, options.command);
    return server;
  }

  /** The port the server was told, or for `zero` the first one it listened on. */
  get port(): number | undefined {
    return this.currentPlan?.port || this.found.sockets[0]?.local.port;
  }

  get sockets(): readonly Socket[] {
    return this.found.sockets;
  }

  /** Socket id → the process holding it, read in the same poll that found the socket. */
  get owners(): ReadonlyMap<string, ProcessInfo> {
    return this.found.owners;
  }

  get lastLines(): readonly string[] {
    return this.output.lastLines();
  }

  write(data: string | Buffer): void {
    this.child?.stdin?.write(data);
  }

  /** Flow control for a reader slower than the server (a terminal): see ServerOutput. */
  pauseOutput(): void {
    this.output.pause();
  }

  resumeOutput(): void {
    this.output.resume();
  }

  start(): Promise<void> {
    if (this.isRunning()) return Promise.reject(new Error('this server is already running: stop it first'));
    this.starting = this.launch();
    return this.starting;
  }

  private async launch(): Promise<void> {
    this.reset();
    const missing = await missingDirectory(this.options.cwd);
    if (missing) return this.fail(new LaunchError('cwdMissing', missing));
    const plan = await planOrExplain(this.options, this.dependencies.allocatePort);
    if (plan instanceof LaunchError) return this.fail(plan);
    this.currentPlan = plan;
    // `zero` hands out no port, so no process outside the tree is ever taken for the server by one.
    this.found.handedPort = plan.port || undefined;
    const commandLine = substitutePort(this.options.command, plan.port);
    const child = await this.spawnChild(plan, commandLine);
    if (!child) return;
    this.child = child;
    this.root = child.pid === undefined ? undefined : { pid: child.pid, start: processStartTime(child.pid) };
    if (child.pid !== undefined && (this.dependencies.identity?.platform ?? process.platform) !== 'linux') void this.readRootStart(child.pid);
    this.tree = child.pid === undefined ? undefined : new LaunchTree(child.pid, this.mark, this.readTable);
    this.exited = this.follow(child, commandLine);
    if (child.pid === undefined) return; // the 'error' event explains
    this.setState('waiting');
    this.emit('spawn', child.pid, commandLine);
    this.watchForListeners(child.pid);
  }

  private reset(): void {
    this.child = undefined;
    this.root = undefined;
    this.currentPlan = undefined;
    this.stopping = false;
    this.found.clear();
    this.output.clear();
    this.setState('starting');
  }

  /** The shell running the command in its own process group; undefined after reporting why it could not start. */
  private async spawnChild(plan: LaunchPlan, commandLine: string): Promise<ChildProcess | undefined> {
    const markId = randomUUID();
    this.mark = `${MARK_VARIABLE}=${markId}`;
    try {
      const child = spawnServer(this.options, plan, commandLine, markId);
      if (child instanceof LaunchError) this.fail(child);
      return child instanceof LaunchError ? undefined : child;
    } finally {
      // spawn() returns after the exec, so the child holds its own copy of a handed-off socket by now.
      await plan.release();
    }
  }

  private watchForListeners(pid: number): void {
    this.roots = [pid];
    const readyTimeoutMs = Math.min(this.options.readyTimeoutMs ?? 30_000, MAX_READY_TIMEOUT_SECONDS * 1000);
    this.watcher = new ListenWatcher(this.dependencies.socketSource, () => this.roots, {
      listening: (socket, snapshot) => this.onListening(socket, snapshot),
      readyTimeout: () => this.isRunning() && this.emit('readyTimeout'),
    }, { ...this.options.watcher, readyTimeoutMs }, this.scheduler);
  }

  /** Its processes as they are now: members, and those carrying only the mark (see LaunchTree), stopped only with `{ outsiders: true }`. */
  async processes(): Promise<NamedProcesses> {
    // Only /proc shows environments, and elsewhere the table costs a `ps` or PowerShell run: Stop then names the server alone.
    if (!this.tree || !this.isRunning() || (this.dependencies.identity?.platform ?? process.platform) !== 'linux') return { members: [], outsiders: [] };
    return this.tree.named(await this.rootAlive(), this.found.handedPids);
  }

  async stop(options: { readonly outsiders?: boolean } = {}): Promise<KillTreeResult | undefined> {
    // A stop during start waits for the spawn, then ends what it spawned.
    await this.starting;
    const root = this.root;
    if (root === undefined || !this.isRunning()) {
      await this.exited;
      return undefined;
    }
    this.stopping = true;
    this.setState('stopping');
    this.quiet();
    const { stopGraceMs: graceMs } = this.options;
    const result = await killTree(root.pid, { rootAlive: await this.rootAlive(), graceMs, mark: this.mark, stopOutsiders: options.outsiders, listening: this.found.handedPids });
    await this.exited;
    return result;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Our child, not yet exited; for an adopted launch, the same process (pid and start) still running. */
  private async rootAlive(): Promise<boolean> {
    if (this.child) return this.child.exitCode === null && this.child.signalCode === null;
    return this.root !== undefined && (await rootRunning(this.root, this.dependencies.identity));
  }

  private readonly readTable = (mark: string): Promise<ProcessTable> => readProcessTable({ mark, ...this.dependencies.identity });
  /** Off Linux the root's start comes from the process list, a moment after the spawn: the journal records it then. */
  private async readRootStart(pid: number): Promise<void> {
    const root = await listedIdentity(pid, this.dependencies.identity);
    if (this.root?.pid !== pid || root.start === undefined) return;
    this.root = root;
    this.emit('identified', root);
  }

  private isRunning(): boolean {
    return (['starting', 'waiting', 'listening', 'stopping'] as const).some((state) => state === this.currentState);
  }

  /** Resolves after the child exited and its exit was reported. */
  private follow(child: ChildProcess, commandLine: string): Promise<void> {
    this.output.attach(child, (data, stream) => this.emit('output', data, stream));
    return new Promise((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        // A spawn that never ran ends here; on a live child 'exit' follows.
        const failure = spawnFailure(child, error);
        if (failure) resolve(this.fail(failure));
      });
      child.once('exit', (code, signal) => void this.afterExit(child, code, signal, commandLine).then(resolve));
    });
  }

  /**
   * The shell is gone; the launch is over once nothing it started is left.
   * Until then it stays running: watched for listeners, stoppable.
   */
  private async afterExit(child: ChildProcess | undefined, code: number | null, signal: NodeJS.Signals | null, commandLine: string): Promise<void> {
    if (!this.stopping && this.tree) {
      let told = false;
      await this.tree.followSurvivors(this.scheduler, () => this.found.handedPids, ({ members, outsiders }, settled) => {
        const survivors = [...members, ...outsiders];
        this.roots = survivors.map((p) => p.pid);
        this.found.strangers = new Set(outsiders.map((p) => p.pid));
        if (!told && settled && child) this.emit('detached', { code, signal, survivors });
        told ||= settled;
      }, () => !this.stopping);
    }
    this.quiet();
    // What is left in the pipes is bounded now that the server is gone; a
    // paused reader must not make the drain below give up on it.
    this.resumeOutput();
    if (child) await drained(child);
    const beforeListening = !this.found.any;
    const lastLines = this.output.lastLines();
    const failure = beforeListening && !this.stopping ? shellFailure(code, commandLine, lastLines) : undefined;
    this.setState(failure ? 'failed' : 'exited');
    if (failure) this.emit('launchError', failure);
    this.emit('exit', { code, signal, beforeListening, stopped: this.stopping, lastLines });
  }

  private get scheduler(): PollScheduler {
    return this.dependencies.scheduler ?? PollScheduler.shared;
  }

  private onListening(socket: Socket, snapshot: Snapshot): void {
    const first = this.found.add(socket, snapshot);
    if (first === undefined) return;
    if (first) this.setState('listening');
    this.emit('listening', socket, first);
  }

  private quiet(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
  }

  private fail(error: LaunchError): void {
    this.quiet();
    this.setState('failed');
    this.emit('launchError', error);
  }

  private setState(state: LaunchState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.emit('state', state);
  }
}
