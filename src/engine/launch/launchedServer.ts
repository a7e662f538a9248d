import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { promises as fs } from 'node:fs';
import type { ProcessInfo } from '../proc/processInfo';
import { Snapshot, Socket } from '../sockets/socket';
import { shellInvocation, substitutePort } from './commandLine';
import { LaunchError, shellFailure } from './launchError';
import { wrapForListenFds } from './listenFdsWrapper';
import { LaunchDependencies, LaunchOptions } from './launchOptions';
import { ListenWatcher } from './listenWatcher';
import { OutputTail } from './outputTail';
import { LaunchPlan, planLaunch, UnsupportedStrategyError } from './strategies';
import { killTree, KillTreeResult } from '../proc/treeKiller';

export type { LaunchDependencies, LaunchOptions };

export type LaunchState = 'idle' | 'starting' | 'waiting' | 'listening' | 'stopping' | 'exited' | 'failed';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly beforeListening: boolean;
  /** Ended by stop() or restart(), not on its own. */
  readonly stopped: boolean;
  readonly lastLines: readonly string[];
}

/** How a process ended, as every message says it: `code 1`, `signal SIGTERM`. */
export function describeExit(info: Pick<ExitInfo, 'code' | 'signal'>): string {
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}

export interface LaunchEvents {
  spawn: [pid: number];
  /** Bytes exactly as the server wrote them (colour codes, bare \n). */
  output: [data: Buffer, stream: 'stdout' | 'stderr'];
  /** Each new listening socket of the tree; the first one means ready. */
  listening: [socket: Socket, first: boolean];
  /** Nothing listened within readyTimeoutMs; the server keeps running. */
  readyTimeout: [];
  exit: [info: ExitInfo];
  launchError: [error: LaunchError];
  state: [state: LaunchState];
}

/** Variables of the socket-activation protocol a child must not inherit by accident. */
const LISTEN_VARIABLES = ['LISTEN_FDS', 'LISTEN_PID', 'LISTEN_FDNAMES'];
/** Inherited by everything the launch starts, so stop() finds daemonised descendants too. */
const MARK_VARIABLE = 'PORT_ZERO_LAUNCH';
/** How long an exit waits for the pipes to drain: a daemonised grandchild may hold them open for ever. */
const DRAIN_MS = 250;

/**
 * One dev server started by Port Zero: spawns the command in its own process
 * group, streams its output, learns every address it listens on, and stops
 * the whole tree. Start it after attaching listeners; failures arrive as
 * `launchError` events, never as rejections.
 */
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
    const { options } = this;
    this.child = undefined;
    this.currentPlan = undefined;
    this.stopping = false;
    this.bound.length = 0;
    this.ownerOf.clear();
    this.tail.clear();
    this.setState('starting');
    const missing = await missingDirectory(options.cwd);
    if (missing) return this.fail(new LaunchError('cwdMissing', missing));
    const host = options.host ?? '127.0.0.1';
    let plan: LaunchPlan;
    try {
      plan = await planLaunch({
        strategy: options.strategy ?? 'env',
        host,
        port: options.port,
        portVariables: options.portVariables ?? ['PORT'],
        fdName: options.fdName ?? 'http',
        allocatePort: this.dependencies.allocatePort,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return e instanceof UnsupportedStrategyError
        ? this.fail(new LaunchError('unsupported', message))
        : this.fail(new LaunchError('portUnavailable', `no port on ${host}: ${message}`));
    }
    this.currentPlan = plan;
    const commandLine = substitutePort(options.command, plan.port);
    const shell = shellInvocation(plan.inheritedFd === undefined ? commandLine : wrapForListenFds(commandLine), options.shell);
    let child: ChildProcess;
    try {
      child = spawn(shell.file, shell.args, {
        cwd: options.cwd,
        env: this.environment(plan, (this.mark = randomUUID())),
        stdio: ['pipe', 'pipe', 'pipe', ...(plan.inheritedFd === undefined ? [] : [plan.inheritedFd])],
        // Its own process group (and session), so the whole tree can be signalled.
        detached: true,
        windowsHide: true,
        windowsVerbatimArguments: shell.windowsVerbatimArguments,
      });
    } catch (e) {
      await plan.release();
      return this.fail(new LaunchError('spawnFailed', `could not start ${shell.file}: ${e instanceof Error ? e.message : e}`));
    }
    // spawn() returns after the exec, so the child holds its own copy by now.
    await plan.release();
    this.child = child;
    this.exited = this.follow(child, commandLine);
    if (child.pid === undefined) return; // the 'error' event explains
    this.setState('waiting');
    this.emit('spawn', child.pid);
    this.watcher = new ListenWatcher(
      this.dependencies.socketSource,
      [child.pid],
      { listening: (socket, snapshot) => this.onListening(socket, snapshot) },
      options.watcher,
      this.dependencies.scheduler,
    );
    this.readyTimer = setTimeout(() => {
      if (this.bound.length > 0 || !this.isRunning()) return;
      this.watcher?.relax();
      this.emit('readyTimeout');
    }, options.readyTimeoutMs ?? 30_000);
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

  private environment(plan: LaunchPlan, mark: string): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...(this.options.baseEnv ?? process.env) };
    for (const name of LISTEN_VARIABLES) delete env[name];
    Object.assign(env, this.options.env);
    // Servers print plain text into a pipe; the user sees a terminal.
    if (env.FORCE_COLOR === undefined && env.NO_COLOR === undefined) env.FORCE_COLOR = '1';
    Object.assign(env, plan.env, { [MARK_VARIABLE]: mark });
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    return env;
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

async function missingDirectory(cwd: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(cwd);
    return stat.isDirectory() ? undefined : `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd does not exist: ${cwd}`;
  }
}

function drained(child: ChildProcess): Promise<void> {
  const open = [child.stdout, child.stderr].filter((s) => s !== null && !s.readableEnded && !s.destroyed);
  if (open.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAIN_MS);
    child.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
