/**
 * Ends one process the user chose in the Ports view, after checking before
 * every signal that the pid still names the process the row showed (pid and
 * start time, read the way the row's source read them).
 *
 * POSIX: SIGTERM, then a bounded poll for its exit. Windows has no SIGTERM:
 * `taskkill /PID <pid> /T` asks the process and the processes it started to
 * close, which Windows can only do for programs with a window; a console
 * program (node, python: most servers) is refused at once, "can only be
 * terminated forcefully". Either way the forced step, SIGKILL or `taskkill
 * /T /F`, is a separate one the user agrees to. A launched server's whole
 * tree is the launcher's to stop, not this.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CommandOutput, CommandRunner, runCommand, windowsTool } from './commandRunner';
import { IdentityDeps, isRunning, ProcessIdentity } from './processIdentity';

export interface StopOptions extends IdentityDeps {
  readonly graceMs?: number;
  readonly pollMs?: number;
  /** POSIX signals; replaced in tests. */
  readonly signal?: (pid: number, signal: NodeJS.Signals) => void;
}

/**
 * `gone`: it had exited, or its pid now names another process, before the signal.
 * `needsForce`: Windows refused the clean request (the program has no window to close).
 * `denied`: the system refused (another user's process, or one running as administrator).
 */
export type StopOutcome = 'exited' | 'running' | 'gone' | 'needsForce' | 'denied';

async function exitWithin(who: ProcessIdentity, options: StopOptions): Promise<boolean> {
  const deadline = Date.now() + (options.graceMs ?? 3000);
  while (await isRunning(who, options)) {
    if (Date.now() >= deadline) return false;
    await delay(options.pollMs ?? 50);
  }
  return true;
}

async function posixStop(who: ProcessIdentity, sig: NodeJS.Signals, options: StopOptions): Promise<StopOutcome> {
  if (!(await isRunning(who, options))) return 'gone';
  try {
    (options.signal ?? ((pid, s) => process.kill(pid, s)))(who.pid, sig);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    if (code === 'EPERM') return 'denied';
    throw e;
  }
  return (await exitWithin(who, options)) ? 'exited' : 'running';
}

export type TaskkillVerdict = 'sent' | 'needsForce' | 'denied' | 'notFound' | 'failed';

/**
 * taskkill's answer. Its words are localised: the English ones are read, and
 * anything else is `failed`, which callers settle by looking at the process.
 */
export function taskkillVerdict(out: CommandOutput): TaskkillVerdict {
  const text = `${out.stdout}\n${out.stderr}`;
  if (/access is denied/i.test(text)) return 'denied';
  if (/terminated forcefully|\/F option/i.test(text)) return 'needsForce';
  if (/not found/i.test(text)) return 'notFound';
  return out.code === 0 ? 'sent' : 'failed';
}

export function taskkill(run: CommandRunner, pid: number, force: boolean): Promise<CommandOutput> {
  return run(windowsTool('taskkill.exe'), ['/PID', String(pid), '/T', ...(force ? ['/F'] : [])]);
}

async function windowsStop(who: ProcessIdentity, force: boolean, options: StopOptions): Promise<StopOutcome> {
  if (!(await isRunning(who, options))) return 'gone';
  const verdict = taskkillVerdict(await taskkill(options.run ?? runCommand, who.pid, force));
  if (verdict === 'denied') return 'denied';
  // Waiting would change nothing: no request reached the process.
  if (verdict === 'needsForce' && !force) return 'needsForce';
  if (verdict === 'notFound') return 'gone';
  if (await exitWithin(who, options)) return 'exited';
  // A forced kill that failed on a process still there was refused, whatever language said so.
  return force && verdict === 'failed' ? 'denied' : 'running';
}

/** The clean request: SIGTERM, or on Windows `taskkill /T` without /F. */
export function terminate(who: ProcessIdentity, options: StopOptions = {}): Promise<StopOutcome> {
  return (options.platform ?? process.platform) === 'win32' ? windowsStop(who, false, options) : posixStop(who, 'SIGTERM', options);
}

/** The forced end: SIGKILL, or on Windows `taskkill /T /F`. */
export function forceKill(who: ProcessIdentity, options: StopOptions = {}): Promise<StopOutcome> {
  return (options.platform ?? process.platform) === 'win32' ? windowsStop(who, true, options) : posixStop(who, 'SIGKILL', options);
}
