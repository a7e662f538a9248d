/**
 * What a launch is given: the user's options (a task's fields merged with the
 * settings) and the services it runs on.
 */
import type { IdentityDeps } from '../proc/processIdentity';
import type { PollScheduler } from '../sockets/pollScheduler';
import { SocketSource } from '../sockets/socket';
import type { Shell } from './commandLine';
import { ListenWatcherOptions } from './listenWatcher';
import { AllocatePort, LaunchStrategy } from './strategies';

/** Node fires a timer set beyond 2^31 - 1 ms after 1 ms instead: the longest ready timeout that means what it says. */
export const MAX_READY_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** What the user asked for when starting a server (a task definition's fields). */
export interface LaunchOptions {
  /** A shell command line; `${port}` is replaced by the launch's port. */
  readonly command: string;
  readonly cwd: string;
  /** Added to the environment; `undefined` removes a variable. Strategy variables (PORT, HOST, LISTEN_*) win. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly strategy?: LaunchStrategy;
  /** Where the server should listen; loopback unless the user says otherwise. */
  readonly host?: string;
  /** A fixed port for `env` and `socket`; absent lets the launcher choose. */
  readonly port?: number;
  readonly portVariables?: readonly string[];
  readonly fdName?: string;
  readonly readyTimeoutMs?: number;
  readonly stopGraceMs?: number;
  readonly outputLines?: number;
  /** The shell that runs the command line (default /bin/sh, cmd.exe on Windows): a shell task's own, say. */
  readonly shell?: Shell;
  /** The environment to start from (default: this process's). */
  readonly baseEnv?: NodeJS.ProcessEnv;
  readonly watcher?: ListenWatcherOptions;
}

export interface LaunchDependencies {
  readonly socketSource: SocketSource;
  readonly allocatePort?: AllocatePort;
  /** The clock a waiting launch polls on (default: the process's shared one). */
  readonly scheduler?: PollScheduler;
  /** How a root's start time is read off Linux (platform, command runner); replaced in tests. */
  readonly identity?: IdentityDeps;
}
