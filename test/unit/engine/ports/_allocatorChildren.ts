/** Spawns and reads the test children of `_allocatorChild`, and cleans them up. */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ChildOrder } from './_allocatorChild';

export interface Child {
  process: ChildProcess;
  /** Resolves with the next JSON line the child prints; rejects if it dies or stays silent. */
  nextMessage<T>(timeoutMs?: number): Promise<T>;
}

export class Children {
  private readonly all: ChildProcess[] = [];

  /** `as`: another user to run the child as (the tests run as root, as CI does). */
  start(order: ChildOrder, as?: { uid: number; gid: number }): Child {
    const child = spawn(process.execPath, [path.join(__dirname, '_allocatorChild.js'), JSON.stringify(order)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      ...as,
    });
    this.all.push(child);
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    let stderr = '';
    let buffered = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        lines.push(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        waiters.splice(0).forEach((w) => w());
      }
    });
    child.once('exit', () => waiters.splice(0).forEach((w) => w()));
    const nextMessage = <T>(timeoutMs = 15_000): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child ${child.pid} said nothing in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        const check = (): void => {
          if (lines.length > 0) {
            clearTimeout(timer);
            resolve(JSON.parse(lines.shift()!) as T);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            clearTimeout(timer);
            reject(new Error(`child ${child.pid} exited (${child.exitCode ?? child.signalCode}); stderr: ${stderr}`));
          } else {
            waiters.push(check);
          }
        };
        check();
      });
    return { process: child, nextMessage };
  }

  /** SIGKILLs `child` and resolves once it is gone (reaped, so its pid reads as dead). */
  static kill(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async killAll(): Promise<void> {
    await Promise.all(this.all.splice(0).map((c) => Children.kill(c)));
  }
}
