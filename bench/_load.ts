/**
 * Benchmark helper (not a benchmark): `n` child processes that each keep one
 * core busy, to measure what a user sees on a machine that is doing other
 * work (a build, a test run). Started and ended by the benchmark itself; an
 * exit of the benchmark, even by a signal, ends them too.
 */
import { ChildProcess, spawn } from 'node:child_process';

export interface Load {
  readonly pids: readonly number[];
  stop(): Promise<void>;
}

export async function startLoad(n: number): Promise<Load> {
  const children: ChildProcess[] = [];
  const killAll = (): void => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (let i = 0; i < n; i++) {
    const child = spawn(process.execPath, ['-e', 'process.stdout.write("busy\\n"); for (;;) {}'], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    // Ready once it runs its loop: a load that is still starting is not yet a load.
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`load process exited with ${code}`)));
    });
  }
  return {
    pids: children.map((c) => c.pid!),
    async stop(): Promise<void> {
      const exits = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()))));
      killAll();
      await Promise.all(exits);
      process.off('exit', killAll);
    },
  };
}
