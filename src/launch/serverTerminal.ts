/**
 * The terminal a launched server runs in: its output, Port Zero's own lines
 * about it, and the task's end, with flow control VS Code does not give
 * extension terminals.
 */
import { StringDecoder } from 'node:string_decoder';
import * as vscode from 'vscode';
import { formatEndpoint } from '../engine/sockets/address';
import { type LaunchedServer } from '../engine/launch/launchedServer';
import { describeExit, describeSurvivors, type ExitInfo } from '../engine/launch/launchEvents';
import type { LaunchError } from '../engine/launch/launchError';
import { OWN_LINE_MARK, TerminalTextFilter } from '../engine/launch/terminalText';
import type { Socket } from '../engine/sockets/socket';
import { socketUrl } from '../engine/sockets/socketUrl';

/** What the terminal tells whoever shows notifications. */
export interface ServerTerminalListener {
  listening(server: LaunchedServer, socket: Socket, first: boolean): void;
  readyTimeout(server: LaunchedServer): void;
  failed(server: LaunchedServer, error: LaunchError): void;
  exitedBeforeListening(server: LaunchedServer, info: ExitInfo): void;
  /** It had listened, and ended without anyone stopping it (killed, crashed). */
  exitedAfterListening(server: LaunchedServer, info: ExitInfo): void;
  /** The launch is over (not for a stop that is part of a restart); `info` is absent when it never spawned. */
  ended(server: LaunchedServer, info: ExitInfo | undefined): void;
  /** The user closed the terminal: the launch goes with it. */
  closed(server: LaunchedServer): void;
}

/**
 * How many characters may be on their way to the workbench before the
 * server's output is paused until a round trip shows they arrived. VS Code
 * gives extension terminals no flow control of their own (their data is never
 * acknowledged), so a flooding server could pile its output up in the
 * extension host's RPC queue. A safeguard: a 50 MiB flood measured 9–12 MiB
 * of retained growth with it and about the same without it on code-server.
 */
/** How long Port Zero's own lines wait for the server to finish the line it is writing. */
const HOLD_MS = 250;
const UNACKNOWLEDGED_CHARS = 1 << 20;

/** A message to the workbench whose reply comes after everything written before it was received. */
export type WorkbenchRoundTrip = () => Thenable<unknown>;

const dim = (text: string): string => `\x1b[2m${text}\x1b[22m`;
const red = (text: string): string => `\x1b[31m${text}\x1b[39m`;

/**
 * The terminal a launched server runs in: its output (text and colours, bare
 * \n turned into the \r\n a terminal needs, what could rewrite other lines
 * dropped: see terminalText.ts), keystrokes forwarded, and our own status
 * lines. Our "Port Zero: starting" and "Port Zero: listening on" lines, ending
 * with OWN_LINE_MARK, drive the `$port-zero` background problem matcher, which
 * is how a preLaunchTask knows the server is ready.
 *
 * As a task's terminal (`task`) it closes when the server ends, which ends the
 * task; as Port Zero's own (`terminal`, `adopted`) it stays, with the output,
 * until the user closes it or removes the launch. Either way a restart runs
 * in it again.
 */
export class ServerTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private closedByUser = false;
  private disposed = false;
  /** The server is over; a restart begins it again in the same terminal. */
  private ended = false;
  private restarting = false;
  /** The server's output so far ends mid-line (no newline yet). */
  private midLine = false;
  private readonly held: string[] = [];
  private holdTimer: NodeJS.Timeout | undefined;
  /** Per stream, so a character or an escape split across two chunks arrives whole. */
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private readonly filters = { stdout: new TerminalTextFilter(), stderr: new TerminalTextFilter() };
  private unacknowledged = 0;
  private awaitingWorkbench = false;

  constructor(
    private readonly server: LaunchedServer,
    private readonly name: string,
    private readonly listener: ServerTerminalListener,
    private readonly roundTrip: WorkbenchRoundTrip,
    /** `adopted`: the server runs already (taken back from a lost window); nothing is started. */
    private readonly mode: 'task' | 'terminal' | 'adopted' = 'task',
  ) {
    server.on('output', (data, stream) => this.output(this.filters[stream].write(this.decoders[stream].write(data))));
    server.on('listening', (socket, first) => {
      const where = socketUrl(socket) ?? formatEndpoint(socket.local);
      this.line(`Port Zero: listening on ${where}${first ? '' : dim(' (another port)')}${OWN_LINE_MARK}`);
      listener.listening(server, socket, first);
    });
    server.on('readyTimeout', () => {
      this.line(dim(`Port Zero: nothing listens yet after ${Math.round((server.options.readyTimeoutMs ?? 0) / 1000)} s; the process keeps running.`));
      listener.readyTimeout(server);
    });
    // The line as the shell runs it: ports substituted, quotes as typed.
    server.on('spawn', (_pid, commandLine) => this.line(dim(`$ ${commandLine}`)));
    server.on('launchError', (error) => {
      if (server.pid === undefined) this.line(dim(`$ ${server.options.command}`));
      this.line(red(`Port Zero: ${error.message}`));
      listener.failed(server, error);
      if (server.pid === undefined) this.end(undefined, 1);
    });
    server.on('detached', (info) => {
      this.line(dim(`Port Zero: the command exited with ${describeExit(info)}; ${describeSurvivors(info.survivors)}, so the server stays here until ${info.survivors.length === 1 ? 'it ends' : 'they end'} or you stop it.`));
    });
    server.on('exit', (info) => this.onExit(info));
  }

  open(): void {
    if (this.mode === 'adopted') {
      this.line(`Port Zero: ${this.name} kept running after the window that started it ended unexpectedly.`);
      this.line(dim(`$ ${this.server.options.command}  (pid ${this.server.pid}; its output until now is lost)`));
      return;
    }
    this.start();
  }

  private start(): void {
    const { cwd, strategy, host } = this.server.options;
    this.line(`Port Zero: starting ${this.name} ${dim(`(${strategy ?? 'env'} strategy, host ${host ?? '127.0.0.1'}, in ${cwd})`)}${OWN_LINE_MARK}`);
    void this.server.start();
  }

  /** Stops the server (when it runs) and starts it again here: the same terminal, the same command. */
  async restart(): Promise<void> {
    this.restarting = true;
    try {
      await this.server.stop();
    } finally {
      this.restarting = false;
    }
    this.ended = false;
    this.write('\r\n');
    this.start();
  }

  /** Whether `restart()` can run here: the terminal is still open. */
  get isOpen(): boolean {
    return !this.disposed;
  }

  /** The user closed the terminal or terminated the task: stop the whole tree. */
  close(): void {
    // VS Code also calls it to clean up after a task's terminal has ended: the launch stays listed then.
    if (this.ended && this.mode === 'task') return this.dispose();
    this.closedByUser = true;
    void this.server.stop().finally(() => {
      this.dispose();
      this.listener.closed(this.server);
    });
  }

  handleInput(data: string): void {
    // There is no real tty: Ctrl+C would reach nobody, so it means stop.
    if (data === '\x03') {
      this.line(dim('Port Zero: stopping…'));
      void this.server.stop();
      return;
    }
    this.server.write(data === '\r' ? '\n' : data);
    // Without a tty nothing echoes what the user types.
    this.write(data === '\r' ? '\r\n' : data);
  }

  private output(text: string): void {
    if (text === '') return;
    this.write(text.replace(/\r?\n/g, '\r\n'));
    this.midLine = !text.endsWith('\n');
    if (!this.midLine) this.release(false);
    this.unacknowledged += text.length;
    if (this.unacknowledged < UNACKNOWLEDGED_CHARS || this.awaitingWorkbench) return;
    this.awaitingWorkbench = true;
    this.server.pauseOutput();
    const resume = (): void => {
      this.unacknowledged = 0;
      this.awaitingWorkbench = false;
      this.server.resumeOutput();
    };
    this.roundTrip().then(resume, resume);
  }

  private onExit(info: ExitInfo): void {
    for (const stream of ['stdout', 'stderr'] as const) this.output(this.filters[stream].write(this.decoders[stream].end()));
    this.release(this.midLine);
    const how = describeExit(info);
    if (info.stopped) {
      this.line(dim(`Port Zero: stopped (${how}).`));
    } else if (info.beforeListening) {
      this.line(red(`Port Zero: process exited with ${how} before it listened.`));
      this.listener.exitedBeforeListening(this.server, info);
    } else {
      this.line(red(`Port Zero: process exited with ${how}.`));
      this.listener.exitedAfterListening(this.server, info);
    }
    if (!this.restarting) this.end(info, info.code ?? (info.stopped ? 0 : 1));
  }

  private end(info: ExitInfo | undefined, code: number): void {
    if (this.ended || this.closedByUser) return;
    this.ended = true;
    this.listener.ended(this.server, info);
    if (this.mode !== 'task') return;
    this.closeEmitter.fire(code);
    this.dispose();
  }

  private dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.holdTimer);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }

  /**
   * Port Zero's own lines wait while the server is in the middle of a line:
   * discovery can see the socket before the pipe delivers the output written
   * ahead of listen(), and a line dropped into the middle of the server's
   * would split it (and a character whose bytes came in two writes). Held
   * lines go out at the server's next newline, or after HOLD_MS on a new line.
   */
  /**
   * What Port Zero learned about a listener after the terminal's "listening on"
   * line, which is the task's ready signal and is never held back for it:
   * that it answers TLS, so its address is https.
   */
  secureAddress(url: string): void {
    this.line(`Port Zero: ${url} answers TLS (https)`);
  }

  private line(text: string): void {
    if (!this.midLine) {
      this.write(`${text}\r\n`);
      return;
    }
    this.held.push(text);
    this.holdTimer ??= setTimeout(() => this.release(true), HOLD_MS);
  }

  private release(breakLine: boolean): void {
    clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    const held = this.held.splice(0);
    if (held.length === 0) return;
    if (breakLine) this.write('\r\n');
    this.midLine = false;
    for (const text of held) this.write(`${text}\r\n`);
  }

  private write(text: string): void {
    if (!this.disposed) this.writeEmitter.fire(text);
  }
}

/**
 * The extension host's messages to the workbench travel in order, so the
 * reply to this one means all terminal output sent before it has arrived.
 * `setContext` is the cheapest command that is sure to run in the workbench.
 */
export function workbenchRoundTrip(): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'portZero.outputFlushed', true);
}
