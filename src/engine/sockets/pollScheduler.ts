/**
 * The one clock for polling. Every poll is a job here: the Ports view's read
 * of the socket table, each waiting launch's tree-only reads, and the
 * process-table job that follows a launch's survivors once its root exited
 * (LaunchTree.followSurvivors). One timer is armed for whichever job is due
 * first, so "what is polling now" has one answer (`jobs`), and nothing polls
 * while no job exists. A job decides its own pace: each run resolves to the
 * delay before its next run, or to `undefined` to end. Runs of one job never
 * overlap; a slow job does not hold up the others.
 *
 * Not polls, and deliberately not here: the bounded waits after a signal in
 * proc/ (processStop.ts, treeKiller.ts), which check every few milliseconds
 * for at most a few seconds whether a process they signalled is gone. Each
 * belongs to one user action and ends on its own, nobody needs to list it,
 * and proc/ is the bottom ring: it cannot import sockets/.
 */

/** Something that polls: run again after the delay each run resolves to. */
export interface PollJob {
  /** Shown by `jobs`: what is polling and why. */
  readonly name: string;
  run(): Promise<number | undefined>;
}

/** Node fires a longer timeout after 1 ms (TimeoutOverflowWarning): a due time further away waits in steps of this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Entry {
  due: number;
  running: boolean;
}

export class PollScheduler {
  private static sharedInstance: PollScheduler | undefined;
  private readonly entries = new Map<PollJob, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Infinity;

  /** The process's clock: the extension and every launch share it unless a test builds its own. */
  static get shared(): PollScheduler {
    return (PollScheduler.sharedInstance ??= new PollScheduler());
  }

  /** Starts polling `job`, first after `firstDelayMs`; dispose to stop it. */
  add(job: PollJob, firstDelayMs = 0): { dispose(): void } {
    this.entries.set(job, { due: performance.now() + firstDelayMs, running: false });
    this.arm();
    return { dispose: () => this.remove(job) };
  }

  /** Runs `job` as soon as possible instead of at its due time (a caller needs fresh data now). */
  hurry(job: PollJob): void {
    const entry = this.entries.get(job);
    if (!entry || entry.running) return;
    entry.due = performance.now();
    this.arm();
  }

  remove(job: PollJob): void {
    this.entries.delete(job);
    if (this.entries.size === 0) this.disarm();
  }

  /** Names of the jobs polling now. */
  get jobs(): readonly string[] {
    return [...this.entries.keys()].map((job) => job.name);
  }

  /** Whether a timer exists right now: none while no job is waiting. */
  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  dispose(): void {
    this.entries.clear();
    this.disarm();
  }

  private arm(): void {
    let next = Infinity;
    for (const entry of this.entries.values()) if (!entry.running) next = Math.min(next, entry.due);
    if (next === Infinity) {
      this.disarm();
      return;
    }
    if (this.timer !== undefined && next >= this.armedFor) return;
    this.disarm();
    this.armedFor = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.armedFor = Infinity;
      this.runDue();
    }, Math.min(MAX_TIMER_MS, Math.max(0, next - performance.now())));
    // Whoever polls keeps its own process alive (a launched child, the editor); the clock must not.
    this.timer.unref();
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.armedFor = Infinity;
  }

  private runDue(): void {
    const now = performance.now();
    for (const [job, entry] of this.entries) {
      if (entry.running || entry.due > now) continue;
      entry.running = true;
      void this.runOne(job, entry);
    }
    this.arm();
  }

  private async runOne(job: PollJob, entry: Entry): Promise<void> {
    let delay: number | undefined;
    try {
      delay = await job.run();
    } catch {
      // A job reports its own failures; a throw only means "no next run".
      delay = undefined;
    }
    entry.running = false;
    if (this.entries.get(job) !== entry) return; // removed while it ran
    if (delay === undefined) {
      this.remove(job);
      return;
    }
    entry.due = performance.now() + delay;
    this.arm();
  }
}
