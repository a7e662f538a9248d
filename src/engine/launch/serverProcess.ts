/** A server's process: checked before it starts, started, and drained after it ends. */
import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { defaultShell, shellInvocation, shellKind } from './commandLine';
import { launchEnvironment } from './launchEnvironment';
import { LaunchError } from './launchError';
import type { LaunchOptions } from './launchOptions';
import { wrapForListenFds } from './listenFdsWrapper';
import type { LaunchPlan } from './strategies';

/** How long an exit waits for the pipes to drain: a daemonised grandchild may hold them open for ever. */
const DRAIN_MS = 250;

export async function missingDirectory(cwd: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(cwd);
    return stat.isDirectory() ? undefined : `cwd is not a directory: ${cwd}`;
  } catch {
    return `cwd does not exist: ${cwd}`;
  }
}

export function drained(child: ChildProcess): Promise<void> {
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

/** The shell running `commandLine` as the leader of its own process group and session, or why it could not start. */
export function spawnServer(options: LaunchOptions, plan: LaunchPlan, commandLine: string, markId: string): ChildProcess | LaunchError {
  const chosen = options.shell ?? defaultShell();
  if (plan.inheritedFd !== undefined && shellKind(chosen.executable) !== 'posix') {
    return new LaunchError('unsupported',
      `the socket strategy sets LISTEN_PID with a POSIX sh line, which ${chosen.executable} does not run: use the env or zero strategy, or a POSIX shell (sh, bash, zsh)`);
  }
  const shell = shellInvocation(plan.inheritedFd === undefined ? commandLine : wrapForListenFds(commandLine), chosen);
  try {
    return spawn(shell.file, shell.args, {
      cwd: options.cwd,
      env: launchEnvironment(options, plan, markId),
      stdio: ['pipe', 'pipe', 'pipe', ...(plan.inheritedFd === undefined ? [] : [plan.inheritedFd])],
      // Its own process group (and session), so the whole tree can be signalled.
      detached: true,
      windowsHide: true,
      windowsVerbatimArguments: shell.windowsVerbatimArguments,
    });
  } catch (e) {
    return new LaunchError('spawnFailed', `could not start ${shell.file}: ${e instanceof Error ? e.message : e}`);
  }
}

/**
 * What a child's 'error' event means for the launch: a spawn that never ran
 * (no pid) fails it; on a live child it is a kill or pipe failure, and 'exit' follows.
 */
export function spawnFailure(child: ChildProcess, error: NodeJS.ErrnoException): LaunchError | undefined {
  if (child.pid !== undefined) return undefined;
  return new LaunchError('spawnFailed', error.code === 'ENOENT' ? `shell not found: ${error.path ?? ''}` : error.message);
}
