import * as assert from 'node:assert/strict';
import { PollJob, PollScheduler } from '../../../../src/engine/sockets/pollScheduler';

/** A job that counts its runs and can be held inside a run until released. */
class CountingJob implements PollJob {
  runs = 0;
  inFlight = 0;
  maxInFlight = 0;
  hold: Promise<void> | undefined;
  private waiters: { n: number; resolve: () => void }[] = [];
  constructor(readonly name: string, private readonly pace: (run: number) => number | undefined) {}
  async run(): Promise<number | undefined> {
    this.runs++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    this.waiters = this.waiters.filter((w) => (this.runs >= w.n ? (w.resolve(), false) : true));
    await this.hold;
    this.inFlight--;
    return this.pace(this.runs);
  }
  untilRuns(n: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.runs >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`${this.name}: ${this.runs} of ${n} runs`)), 10_000);
      this.waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }
}

describe('PollScheduler', () => {
  const schedulers: PollScheduler[] = [];
  const make = (): PollScheduler => {
    const s = new PollScheduler();
    schedulers.push(s);
    return s;
  };
  afterEach(() => schedulers.splice(0).forEach((s) => s.dispose()));

  it('waits for a job that asks for 1e12 ms without overflowing Node\'s timer into a wake-up every millisecond', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): number => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const job = new CountingJob('far', () => 1e12);
      make().add(job);
      await job.untilRuns(1);
      // The next timer is armed once the run's promise settles; Node emits its warning on the tick after.
      await new Promise(setImmediate);
      await new Promise(setImmediate);
      assert.deepEqual(warnings, []);
      assert.equal(job.runs, 1);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('holds no timer and names no job while nothing polls', () => {
    const scheduler = make();
    assert.equal(scheduler.hasTimer, false);
    assert.deepEqual(scheduler.jobs, []);
  });

  it('runs every job on one clock and forgets a job that ends itself', async () => {
    const scheduler = make();
    const ending = new CountingJob('ends after 3', (n) => (n < 3 ? 1 : undefined));
    const steady = new CountingJob('steady', () => 1);
    scheduler.add(ending);
    const steadyHandle = scheduler.add(steady);
    assert.deepEqual([...scheduler.jobs].sort(), ['ends after 3', 'steady']);
    await ending.untilRuns(3);
    await steady.untilRuns(5);
    assert.deepEqual(scheduler.jobs, ['steady']);
    steadyHandle.dispose();
    assert.deepEqual(scheduler.jobs, []);
    assert.equal(scheduler.hasTimer, false);
    const runs = steady.runs;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(steady.runs, runs, 'a removed job ran again');
  });

  it('never overlaps runs of one job, and a job held in its run does not hold up another', async () => {
    const scheduler = make();
    let release!: () => void;
    const slow = new CountingJob('slow', () => 0);
    slow.hold = new Promise((resolve) => (release = resolve));
    const fast = new CountingJob('fast', () => 0);
    scheduler.add(slow);
    scheduler.add(fast);
    await slow.untilRuns(1);
    await fast.untilRuns(20);
    assert.equal(slow.runs, 1);
    release();
    slow.hold = undefined;
    await slow.untilRuns(3);
    assert.equal(slow.maxInFlight, 1);
    assert.equal(fast.maxInFlight, 1);
  });

  it('runs a job at once when hurried instead of at its due time', async () => {
    const scheduler = make();
    const job = new CountingJob('hourly', () => 3_600_000);
    scheduler.add(job);
    await job.untilRuns(1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(scheduler.hasTimer, true);
    scheduler.hurry(job);
    await job.untilRuns(2);
  });

  it('ends a job whose run throws, and keeps the others', async () => {
    const scheduler = make();
    const failing: PollJob = { name: 'failing', run: () => Promise.reject(new Error('boom')) };
    const steady = new CountingJob('steady', () => 1);
    scheduler.add(failing);
    scheduler.add(steady);
    await steady.untilRuns(3);
    assert.deepEqual(scheduler.jobs, ['steady']);
  });
});
