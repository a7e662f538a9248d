import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { quotePosix } from '../../../../src/engine/launch/shellQuote';
import { nodeProcReader } from '../../../../src/engine/proc/procReader';
import { hasExited, readStat } from '../../../../src/engine/proc/procStat';

/**
 * What the launcher tests and the discovery benchmark share: commands that
 * run the fixture servers, the lines those servers print about what they
 * bound, and bounded waits on events instead of sleeps.
 */

// Compiled to out/test/unit/engine/launch/: the fixtures stay in the source tree.
export const FIXTURES = path.resolve(__dirname, '../../../../../test/fixtures/servers');

export function fixtureCommand(name: string, ...args: string[]): string {
  return [process.execPath, path.join(FIXTURES, `${name}.js`), ...args].map((word) => quotePosix(word)).join(' ');
}

/** One `LABEL address port time pid=N` line of test/fixtures/servers/_report.js. */
export interface Reported {
  readonly label: string;
  readonly address: string;
  readonly port: number;
  /** performance.timeOrigin + performance.now() in the server when its listen callback ran. */
  readonly at: number;
  readonly pid: number;
}

export function parseReports(text: string): Reported[] {
  const out: Reported[] = [];
  for (const m of text.matchAll(/^(\w+) (\S+) (\d+) ([\d.]+) pid=(\d+)$/gm)) {
    out.push({ label: m[1], address: m[2], port: Number(m[3]), at: Number(m[4]), pid: Number(m[5]) });
  }
  return out;
}

/** Resolves with the arguments of the next `event`, or rejects after `timeoutMs` saying what it waited for. */
export function nextEvent<T extends unknown[]>(emitter: EventEmitter, event: string, timeoutMs = 10_000, context?: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, onEvent);
      reject(new Error(`no '${event}' within ${timeoutMs} ms${context ? `: ${context()}` : ''}`));
    }, timeoutMs);
    const onEvent = (...args: unknown[]): void => {
      clearTimeout(timer);
      resolve(args as T);
    };
    emitter.once(event, onEvent);
  });
}

/** Everything a server printed, with a bounded wait for a line to appear. */
export class OutputLog {
  text = '';
  private readonly waiters = new Set<() => void>();

  constructor(emitter: EventEmitter) {
    emitter.on('output', (data: Buffer) => {
      this.text += data.toString('utf8');
      for (const wake of this.waiters) wake();
    });
  }

  reports(): Reported[] {
    return parseReports(this.text);
  }

  waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = pattern.exec(this.text);
        if (!match) return false;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(match);
        return true;
      };
      const wake = (): void => void check();
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`output never matched ${pattern} within ${timeoutMs} ms; got:\n${this.text}`));
      }, timeoutMs);
      if (!check()) this.waiters.add(wake);
    });
  }
}

/** The pid and all its descendants, read with `ps` so the check does not share code with the killer. */
export function treePids(root: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    for (const [pid, ppid] of rows) if (ppid === out[i] && !out.includes(pid)) out.push(pid);
  }
  return out;
}

/** Gone, or a zombie waiting for a reaper: either way it holds nothing. */
export function isGone(pid: number): boolean {
  const stat = readStat(nodeProcReader(), '/proc', pid);
  return stat === undefined || hasExited(stat);
}

/** Last-resort cleanup for a test whose stop() failed: SIGKILL the group and every pid given. */
export function forceKill(pids: Iterable<number>): void {
  for (const pid of pids) {
    for (const target of [-pid, pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** afterEach for launch tests: stop what the registry started, then SIGKILL whatever a failed stop left. */
export async function stopAndForceKill(registry: { stopAll(): Promise<void> }, pids: Set<number>): Promise<void> {
  try {
    await registry.stopAll();
  } finally {
    forceKill(pids);
    pids.clear();
  }
}
