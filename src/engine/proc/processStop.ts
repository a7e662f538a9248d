/**
 * Ends one process the user chose in the Ports view: SIGTERM, then waits (a
 * bounded poll on the process's identity, so a pid reused meanwhile does not
 * count as still running). SIGKILL is a separate, second step the user agrees
 * to. A launched server's whole tree is the launcher's to stop, not this.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive, ProcessIdentity } from './processIdentity';

export interface StopOptions {
  readonly graceMs?: number;
  readonly pollMs?: number;
}

export type StopOutcome = 'exited' | 'running' | 'gone';

async function exitWithin(who: ProcessIdentity, graceMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  while (isAlive(who)) {
    if (Date.now() >= deadline) return false;
    await delay(pollMs);
  }
  return true;
}

function send(who: ProcessIdentity, signal: NodeJS.Signals): boolean {
  if (!isAlive(who)) return false;
  try {
    process.kill(who.pid, signal);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
}

/** `gone`: it had already exited (or its pid now belongs to another process) before the signal. */
export async function terminate(who: ProcessIdentity, options: StopOptions = {}): Promise<StopOutcome> {
  if (!send(who, 'SIGTERM')) return 'gone';
  return (await exitWithin(who, options.graceMs ?? 3000, options.pollMs ?? 50)) ? 'exited' : 'running';
}

export async function forceKill(who: ProcessIdentity, options: StopOptions = {}): Promise<StopOutcome> {
  if (!send(who, 'SIGKILL')) return 'gone';
  return (await exitWithin(who, options.graceMs ?? 3000, options.pollMs ?? 50)) ? 'exited' : 'running';
}
