/**
 * What a LaunchedServer tells its listeners, and the words every message uses
 * for how a process ended and who outlived it.
 */
import { printable } from '../proc/printable';
import type { ProcessIdentity } from '../proc/processIdentity';
import type { Socket } from '../sockets/socket';
import type { LaunchError } from './launchError';
import type { ProcessName } from './launchTree';

export type LaunchState = 'idle' | 'starting' | 'waiting' | 'listening' | 'stopping' | 'exited' | 'failed';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly beforeListening: boolean;
  /** Ended by stop() or restart(), not on its own. */
  readonly stopped: boolean;
  readonly lastLines: readonly string[];
}

export interface DetachedInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly survivors: readonly ProcessName[];
}

/** Who is still running, as every message says it: `python3 (4242) keeps running`, `a (1), b (2) keep running`. */
export function describeSurvivors(survivors: readonly ProcessName[]): string {
  const names = survivors.map((p) => `${printable(p.name)} (${p.pid})`).join(', ');
  return `${names} ${survivors.length === 1 ? 'keeps' : 'keep'} running`;
}

/** How a process ended, as every message says it: `code 1`, `signal SIGTERM`. */
export function describeExit(info: Pick<ExitInfo, 'code' | 'signal'>): string {
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}

export interface LaunchEvents {
  /** With the command line as the shell runs it: `${port}` substituted. */
  spawn: [pid: number, commandLine: string];
  /** Bytes exactly as the server wrote them (colour codes, bare \n). */
  output: [data: Buffer, stream: 'stdout' | 'stderr'];
  /** Each new listening socket of the tree; the first one means ready. */
  listening: [socket: Socket, first: boolean];
  /** Nothing listened within readyTimeoutMs; the server keeps running. */
  readyTimeout: [];
  /** The command's own process exited but processes it started run on: the launch goes on until they end. */
  detached: [info: DetachedInfo];
  exit: [info: ExitInfo];
  /** The root's start time was read (off Linux, a moment after `spawn`): what finds it again after a crash. */
  identified: [root: ProcessIdentity];
  launchError: [error: LaunchError];
  state: [state: LaunchState];
}
