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
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { ProcessInfo } from '../proc/processInfo';
import { Snapshot, Socket } from '../sockets/socket';
import { shellInvocation, substitutePort } from './commandLine';
import { LaunchError, shellFailure } from './launchError';
import { wrapForListenFds } from './listenFdsWrapper';
import { launchEnvironment, MARK_VARIABLE } from './launchEnvironment';
import type { LaunchEvents, LaunchState } from './launchEvents';
import { LaunchDependencies, LaunchOptions } from './launchOptions';
import { ListenWatcher } from './listenWatcher';
import { OutputTail } from './outputTail';
import { drained, missingDirectory } from './serverProcess';
import { LaunchPlan, planLaunch, UnsupportedStrategyError } from './strategies';
import { killTree, KillTreeResult } from '../proc/treeKiller';

export type { LaunchDependencies, LaunchOptions };

export class LaunchedServer extends EventEmitter<LaunchEvents> {
  private child: ChildProcess | undefined;
  private watcher: ListenWatcher | undefined;
  private readyTimer: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();
  private starting: Promise<void> = Promise.resolve();
  private stopping = false;
  private currentState: LaunchState = 'idle';
  private currentPlan: LaunchPlan | undefined;
  private mark = '';
  private readonly tail: OutputTail;
  private readonly bound: Socket[] = [];
  private readonly ownerOf = new Map<string, ProcessInfo>();
  private outputPaused = false;

  constructor(
    readonly options: LaunchOptions,
    private readonly dependencies: LaunchDependencies,
  ) {
    super();
    this.tail = new OutputTail(options.outputLines ?? 40);
  }

  get state(): LaunchState {
    return this.currentState;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The port the server was told, or for `zero` the first one it listened on. */
  get port(): number | undefined {
    if (this.currentPlan?.port) return this.currentPlan.port;
    return this.bound[0]?.local.port;
  }

  get sockets(): readonly Socket[] {
    return this.bound;
  }

  /** Socket id → the process holding it, read in the same poll that found the socket. */
  get owners(): ReadonlyMap<string, ProcessInfo> {
    return this.ownerOf;
  }

  get lastLines(): readonly string[] {
    return this.tail.lastLines();
  }

  write(data: string | Buffer): void {
    this.child?.stdin?.write(data);
  }

  /**
   * Flow control for a reader slower than the server (a terminal): no more
   * `output` until `resumeOutput()`. The pipes fill and the server's writes
   * block, as with a real terminal, so nothing is dropped or piles up here.
   */
  pauseOutput(): void {
    this.outputPaused = true;
    this.child?.stdout?.pause();
    this.child?.stderr?.pause();
  }

  resumeOutput(): void {
    this.outputPaused = false;
    this.child?.stdout?.resume();
    this.child?.stderr?.resume();
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
    const plan = await this.planPort();
    if (!plan) return;
    this.currentPlan = plan;
    const commandLine = substitutePort(this.options.command, plan.port);
    const child = await this.spawnChild(plan, commandLine);
    if (!child) return;
    this.child = child;
    this.exited = this.follow(child, commandLine);
    if (child.pid === undefined) return; // the 'error' event explains
    this.setState('waiting');
    this.emit('spawn', child.pid);
    this.watchForListeners(child.pid);
  }

  private reset(): void {
    this.child = undefined;
    this.currentPlan = undefined;
    this.stopping = false;
    this.bound.length = 0;
    this.ownerOf.clear();
    this.tail.clear();
    this.setState('starting');
  }

  /** Which port the server gets and how; undefined after reporting why there is none. */
  private async planPort(): Promise<LaunchPlan | undefined> {
    const { options } = this;
    const host = options.host ?? '127.0.0.1';
    try {
      return await planLaunch({
        strategy: options.strategy ?? 'env',
        host,
        port: options.port,
        portVariables: options.portVariables ?? ['PORT'],
        fdName: options.fdName ?? 'http',
        allocatePort: this.dependencies.allocatePort,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.fail(e instanceof UnsupportedStrategyError
        ? new LaunchError('unsupported', message)
        : new LaunchError('portUnavailable', `no port on ${host}: ${message}`));
      return undefined;
    }
  }

  /** The shell running the command in its own process group; undefined after reporting why it could not start. */
  private async spawnChild(plan: LaunchPlan, commandLine: string): Promise<ChildProcess | undefined> {
    const { options } = this;
    const shell = shellInvocation(plan.inheritedFd === undefined ? commandLine : wrapForListenFds(commandLine), options.shell);
    try {
      return spawn(shell.file, shell.args, {
        cwd: options.cwd,
        env: launchEnvironment(options, plan, (this.mark = randomUUID())),
        stdio: ['pipe', 'pipe', 'pipe', ...(plan.inheritedFd === undefined ? [] : [plan.inheritedFd])],
        // Its own process group (and session), so the whole tree can be signalled.
        detached: true,
        windowsHide: true,
        windowsVerbatimArguments: shell.windowsVerbatimArguments,
      });
    } catch (e) {
      this.fail(new LaunchError('spawnFailed', `could not start ${shell.file}: ${e instanceof Error ? e.message : e}`));
      return undefined;
    } finally {
      // spawn() returns after the exec, so the child holds its own copy of a handed-off socket by now.
      await plan.release();
    }
  }

  private watchForListeners(pid: number): void {
    this.watcher = new ListenWatcher(
      this.dependencies.socketSource,
      [pid],
      { listening: (socket, snapshot) => this.onListening(socket, snapshot) },
      this.options.watcher,
      this.dependencies.scheduler,
    );
    this.readyTimer = setTimeout(() => {
      if (this.bound.length > 0 || !this.isRunning()) return;
      this.watcher?.relax();
      this.emit('readyTimeout');
    }, this.options.readyTimeoutMs ?? 30_000);
    this.readyTimer.unref();
  }

  /** Stops every process of the tree and resolves once each one is gone. */
  async stop(): Promise<KillTreeResult | undefined> {
    // A stop during start waits for the spawn, then ends what it spawned.
    await this.starting;
    const child = this.child;
    if (!child?.pid || !this.isRunning()) {
      await this.exited;
      return undefined;
    }
    this.stopping = true;
    this.setState('stopping');
    this.quiet();
    const rootAlive = child.exitCode === null && child.signalCode === null;
    const result = await killTree(child.pid, {
      rootAlive,
      graceMs: this.options.stopGraceMs,
      mark: `${MARK_VARIABLE}=${this.mark}`,
    });
    await this.exited;
    return result;
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  private isRunning(): boolean {
    return this.currentState === 'starting' || this.currentState === 'waiting'
      || this.currentState === 'listening' || this.currentState === 'stopping';
  }

  /** Resolves after the child exited and its exit was reported. */
  private follow(child: ChildProcess, commandLine: string): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.on('data', (data: Buffer) => {
        this.tail.push(data, stream);
        this.emit('output', data, stream);
      });
      if (this.outputPaused) child[stream]?.pause();
    }
    // A closed stdin (the server never reads it) must not crash us on write.
    child.stdin?.on('error', () => undefined);
    return new Promise((resolve) => {
      child.once('error', (error: NodeJS.ErrnoException) => {
        if (child.pid !== undefined) return; // a kill or pipe failure on a live child; 'exit' follows
        const what = error.code === 'ENOENT' ? `shell not found: ${error.path ?? ''}` : error.message;
        this.fail(new LaunchError('spawnFailed', what));
        resolve();
      });
      child.once('exit', (code, signal) => {
        this.quiet();
        // What is left in the pipes is bounded now that the server is gone; a
        // paused reader must not make the drain below give up on it.
        this.resumeOutput();
        void drained(child).then(() => {
          const beforeListening = this.bound.length === 0;
          const lastLines = this.tail.lastLines();
          const failure = beforeListening && !this.stopping ? shellFailure(code, commandLine, lastLines) : undefined;
          this.setState(failure ? 'failed' : 'exited');
          if (failure) this.emit('launchError', failure);
          this.emit('exit', { code, signal, beforeListening, stopped: this.stopping, lastLines });
          resolve();
        });
      });
    });
  }

  private onListening(socket: Socket, snapshot: Snapshot): void {
    const first = this.bound.length === 0;
    this.bound.push(socket);
    const owner = socket.pid === undefined ? undefined : snapshot.processes.get(socket.pid);
    if (owner) this.ownerOf.set(socket.id, owner);
    if (first) {
      this.setState('listening');
      if (this.readyTimer) clearTimeout(this.readyTimer);
    }
    this.emit('listening', socket, first);
  }

  private quiet(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
    if (this.readyTimer) clearTimeout(this.readyTimer);
    this.readyTimer = undefined;
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
