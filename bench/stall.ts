/**
 * `npm run bench -- stall`: how long does a refresh of the Ports view hold
 * the extension host's event loop? With 10,000 sockets held by a helper
 * process (half of them listening), 20 refreshes the way the extension does
 * them by default (the whole table, listeners only, from the worker-thread
 * source, then the reservations' check of listening ports) interleaved with
 * 20 done the old way (the in-thread source reading every row). Around each
 * refresh perf_hooks.monitorEventLoopDelay (1 ms resolution) watches this
 * thread; its largest delay in a window is the longest the loop was held.
 * Goal: max_stall_ms ≤ 5.
 */
import { monitorEventLoopDelay, IntervalHistogram } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import { ProcfsSource } from '../src/engine/sockets/procfsSource';
import { isListener, Snapshot, SnapshotOptions } from '../src/engine/sockets/socket';
import { WorkerSocketSource } from '../src/engine/sockets/workerSource';
import { collector } from './_gc';
import { startHelper, stopHelper } from './_sockets';

const SOCKETS = 10_000;
const REFRESHES = 20;
/** The Ports view's fastest setting (portZero.refreshIntervalMs ≥ 250): refreshes as close together as a user can have them. */
const INTERVAL_MS = 250;

interface Mode {
  readonly name: string;
  readonly source: { snapshot(options?: SnapshotOptions): Promise<Snapshot> };
  readonly options: SnapshotOptions;
  readonly stalls: number[];
  readonly durations: number[];
  /** Time this thread's event loop was busy in the window (eventLoopUtilization): our own work, whatever the machine does. */
  readonly busy: number[];
}

function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** One refresh inside a watched window; returns its wall time and the longest loop delay seen. */
async function refresh(mode: Mode, histogram: IntervalHistogram, owner: number, gc: () => void): Promise<void> {
  // The in-thread modes leave thousands of objects behind: collected here, not during the next
  // window, and given time to finish the sweeping V8 does after a collection, concurrently.
  gc();
  await delay(20);
  histogram.reset();
  histogram.enable();
  const utilization = performance.eventLoopUtilization();
  // Let the histogram's own timer run before the work, and after it: a loop
  // held by synchronous work shows up as the late firing that follows it.
  await delay(3);
  const start = performance.now();
  const snapshot = await mode.source.snapshot(mode.options);
  // What every snapshot goes through in the extension besides the tree: the reservations' check.
  const ports = snapshot.sockets.filter(isListener).map((s) => s.local.port);
  mode.durations.push(performance.now() - start);
  await delay(3);
  histogram.disable();
  mode.stalls.push(histogram.max / 1e6);
  mode.busy.push(performance.eventLoopUtilization(utilization).active);
  const held = snapshot.sockets.filter((s) => s.pid === owner).length;
  if (held < SOCKETS / 2 || ports.length < SOCKETS / 2) throw new Error(`${mode.name}: saw ${held} of the helper's sockets`);
}

export async function main(): Promise<void> {
  const helper = await startHelper(SOCKETS);
  const worker = new WorkerSocketSource();
  try {
    const modes: Mode[] = [
      { name: 'worker, listeners only (default view)', source: worker, options: { listenersOnly: true }, stalls: [], durations: [], busy: [] },
      { name: 'in-thread, every row (before)', source: new ProcfsSource(), options: {}, stalls: [], durations: [], busy: [] },
      { name: 'in-thread, listeners only', source: new ProcfsSource(), options: { listenersOnly: true }, stalls: [], durations: [], busy: [] },
    ];
    // One refresh each first: what a view visible from the start pays once (cold caches, the worker's start).
    for (const mode of modes) await mode.source.snapshot(mode.options);
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const gc = collector();
    for (let i = 0; i < REFRESHES; i++) {
      for (const mode of modes) {
        await refresh(mode, histogram, helper.child.pid!, gc);
        await delay(INTERVAL_MS / modes.length);
      }
    }
    // Windows as long as the worker's, with no refresh in them: the delays the machine alone causes.
    const idle: number[] = [];
    for (const ms of modes[0].durations) {
      gc();
      await delay(20);
      histogram.reset();
      histogram.enable();
      await delay(ms + 6);
      histogram.disable();
      idle.push(histogram.max / 1e6);
    }
    const ms = (x: number): string => x.toFixed(1);
    console.log(`stall: ${SOCKETS} sockets (${helper.sockets} held by the helper), ${REFRESHES} refreshes per mode, interleaved`);
    console.log(`${'mode (ms)'.padEnd(40)}${'max stall'.padStart(10)}${'p99 stall'.padStart(10)}${'p50 stall'.padStart(10)}${'snapshot p50'.padStart(14)}${'loop busy p50'.padStart(15)}`);
    for (const m of modes) {
      console.log(`${m.name.padEnd(40)}${ms(Math.max(...m.stalls)).padStart(10)}${ms(percentile(m.stalls, 99)).padStart(10)}${ms(percentile(m.stalls, 50)).padStart(10)}`
        + `${ms(percentile(m.durations, 50)).padStart(14)}${ms(percentile(m.busy, 50)).padStart(15)}`);
    }
    console.log(`${'no refresh (noise floor)'.padEnd(40)}${ms(Math.max(...idle)).padStart(10)}${ms(percentile(idle, 99)).padStart(10)}${ms(percentile(idle, 50)).padStart(10)}`);
    const [ours, before] = modes;
    console.log(
      `BENCH stall sockets=${SOCKETS} refreshes=${REFRESHES} max_stall_ms=${ms(Math.max(...ours.stalls))} p99_stall_ms=${ms(percentile(ours.stalls, 99))}`
        + ` snapshot_ms=${ms(percentile(ours.durations, 50))} sync_stall_ms=${ms(Math.max(...before.stalls))}`,
    );
  } finally {
    worker.dispose();
    await stopHelper(helper);
  }
}
