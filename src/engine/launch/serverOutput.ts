/**
 * A launched server's stdout and stderr: passed on as they arrive, the last
 * lines kept for messages, and paused for a reader slower than the server (a
 * terminal). While paused the pipes fill and the server's writes block, as
 * with a real terminal, so nothing is dropped or piles up in the extension host.
 */
import type { ChildProcess } from 'node:child_process';
import { OutputTail } from './outputTail';

export class ServerOutput {
  private readonly tail: OutputTail;
  private child: ChildProcess | undefined;
  private paused = false;

  constructor(lines: number) {
    this.tail = new OutputTail(lines);
  }

  attach(child: ChildProcess, onData: (data: Buffer, stream: 'stdout' | 'stderr') => void): void {
    this.child = child;
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.on('data', (data: Buffer) => {
        this.tail.push(data, stream);
        onData(data, stream);
      });
      if (this.paused) child[stream]?.pause();
    }
    // A closed stdin (the server never reads it) must not crash us on write.
    child.stdin?.on('error', () => undefined);
  }

  pause(): void {
    this.paused = true;
    this.child?.stdout?.pause();
    this.child?.stderr?.pause();
  }

  resume(): void {
    this.paused = false;
    this.child?.stdout?.resume();
    this.child?.stderr?.resume();
  }

  lastLines(): readonly string[] {
    return this.tail.lastLines();
  }

  clear(): void {
    this.tail.clear();
  }
}
