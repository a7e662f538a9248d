/**
 * Learns where a launched tree listens by polling the socket table for that
 * tree only. While nothing listens yet it polls every few milliseconds (a
 * tree-only read is a handful of /proc files, and the user is waiting);
 * once something listens it backs off towards `slowIntervalMs`, dropping
 * back to a quicker pace whenever another listener appears. Every listening
 * socket is reported once, in port order within one poll.
 *
 * A procfs read is synchronous and, on a kernel without
 * /proc/<pid>/task/<tid>/children, reads every process's stat: measured at
 * 3–5 ms per call on a loaded 2-core machine. Polling every 2 ms would then
 * keep the extension host busy for as long as a slow dev server starts, so
 * the pause after each poll is at least `busyRatio` times what the poll
 * cost: the watcher stays under 1 / (1 + busyRatio) of one core.
 */
import { PollJob, PollScheduler } from '../sockets/pollScheduler';
import { isTcpListener, Snapshot, Socket, SocketSource } from '../sockets/socket';

export interface ListenWatcherOptions {
  readonly fastIntervalMs?: number;
  /** The first interval after a listener appears; doubles up to slowIntervalMs. */
  readonly settleIntervalMs?: number;
  readonly slowIntervalMs?: number;
  /** How long to poll at the fast pace before easing off (default 2 s). */
  readonly patienceMs?: number;
  /** Pause ≥ this many times the duration of the last poll (default 2: at most a third of a core). */
  readonly busyRatio?: number;
  /** When to give up waiting for a first listener (`events.readyTimeout`); never by default. */
  readonly readyTimeoutMs?: number;
}

export interface ListenWatcherEvents {
  listening(socket: Socket, snapshot: Snapshot): void;
  /** A failed read; polling goes on. */
  error?(error: unknown): void;
  /** Nothing listened within `readyTimeoutMs`: polling eases off to the slow pace and goes on. */
  readyTimeout?(): void;
}

export class ListenWatcher implements PollJob {
  readonly name: string;
  private readonly seen = new Set<string>();
  private readonly polling: { dispose(): void };
  private readyTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private interval: number;
  private readonly fast: number;
  private readonly settle: number;
  private readonly slow: number;
  private readonly busyRatio: number;
  private readonly patience: number;
  private readonly startedAt = performance.now();

  constructor(
    private readonly source: SocketSource,
    /** The pids whose trees are watched; a function when they change (a launch whose shell exited). */
    private readonly rootPids: readonly number[] | (() => readonly number[]),
    private readonly events: ListenWatcherEvents,
    options: ListenWatcherOptions = {},
    scheduler: PollScheduler = PollScheduler.shared,
  ) {
    this.name = `launch ${typeof rootPids === 'function' ? rootPids().join(',') : rootPids.join(',')}`;
    this.fast = options.fastIntervalMs ?? 2;
    this.settle = options.settleIntervalMs ?? 50;
    this.slow = options.slowIntervalMs ?? 1000;
    this.busyRatio = options.busyRatio ?? 2;
    this.patience = options.patienceMs ?? 2000;
    this.interval = this.fast;
    this.polling = scheduler.add(this);
    if (options.readyTimeoutMs !== undefined) {
      this.readyTimer = setTimeout(() => {
        if (this.seen.size > 0 || this.disposed) return;
        this.relax();
        this.events.readyTimeout?.();
      }, Math.min(options.readyTimeoutMs, 2 ** 31 - 1));
      // Whoever waits keeps the process alive (a launched child); the timer must not.
      this.readyTimer.unref();
    }
  }

  /** Nobody is waiting any more (ready timeout): poll at the slow pace. */
  relax(): void {
    this.interval = Math.max(this.interval, this.slow);
  }

  dispose(): void {
    this.disposed = true;
    this.polling.dispose();
    clearTimeout(this.readyTimer);
  }

  /** One poll of the tree; resolves to the pause before the next. */
  async run(): Promise<number | undefined> {
    if (this.disposed) return undefined;
    const began = performance.now();
    try {
      const snapshot = await this.source.socketsOfTree(typeof this.rootPids === 'function' ? this.rootPids() : this.rootPids);
      if (this.disposed) return undefined;
      const fresh = snapshot.sockets
        .filter((s) => isTcpListener(s) && !this.seen.has(s.id))
        .sort((a, b) => a.local.port - b.local.port || a.family - b.family);
      if (fresh.length > 0) {
        clearTimeout(this.readyTimer);
        this.interval = this.settle;
        for (const socket of fresh) this.seen.add(socket.id);
        for (const socket of fresh) this.events.listening(socket, snapshot);
      } else if (this.seen.size > 0) {
        this.interval = Math.min(this.interval * 2, this.slow);
      } else if (this.interval < this.settle) {
        const overdue = performance.now() - this.startedAt - this.patience;
        this.interval = Math.min(this.settle, Math.max(this.fast, overdue / 20));
      }
    } catch (error) {
      if (!this.disposed) this.events.error?.(error);
    }
    if (this.disposed) return undefined;
    return Math.max(this.interval, (performance.now() - began) * this.busyRatio);
  }
}
