/**
 * How soon after a server binds does the launcher know its port?
 * 50 launches of a fixture server under the `zero` strategy (the port exists
 * only in the socket table). The fixture stamps its listen callback with
 * performance.timeOrigin + performance.now(), a clock every process shares;
 * the launcher stamps the moment its `listening` event fires with the same
 * clock. Goal: p50 ≤ 10 ms, p99 ≤ 30 ms.
 *
 * `--load N` also runs 50 launches while N child processes keep cores busy
 * (bench/_load.ts), in blocks alternating with the quiet ones so that noise
 * from the rest of the machine falls on both alike; its line is printed last.
 */
import * as os from 'node:os';
import { createSocketSource } from '../src/engine/sockets/createSocketSource';
import { LaunchedServer } from '../src/engine/launch/launchedServer';
import { Socket, SocketSource } from '../src/engine/sockets/socket';
import { fixtureCommand, nextEvent, OutputLog } from '../test/unit/engine/launch/launchHarness';
import type { BenchOptions } from './index';
import { startLoad } from './_load';

const RUNS = 50;
const BLOCK = 10;

interface Run {
  /** Listen callback in the server → launcher knew the port. */
  readonly discoverMs: number;
  /** spawn() → launcher knew the port: what the user waits for in all. */
  readonly startMs: number;
}

function now(): number {
  return performance.timeOrigin + performance.now();
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function once(source: SocketSource): Promise<Run> {
  const server = new LaunchedServer(
    { command: fixtureCommand('zeroServer'), cwd: os.tmpdir(), strategy: 'zero', readyTimeoutMs: 10_000, stopGraceMs: 1000 },
    { socketSource: source },
  );
  const log = new OutputLog(server);
  let knownAt = 0;
  server.once('listening', () => (knownAt = now()));
  const listening = nextEvent<[Socket]>(server, 'listening', 10_000, () => log.text);
  const startedAt = now();
  await server.start();
  try {
    const [socket] = await listening;
    await log.waitFor(/^LISTENING .*$/m);
    const [reported] = log.reports();
    if (reported.port !== socket.local.port) {
      throw new Error(`server printed port ${reported.port}, launcher found ${socket.local.port}`);
    }
    return { discoverMs: knownAt - reported.at, startMs: knownAt - startedAt };
  } finally {
    await server.stop();
  }
}

const f = (n: number): string => n.toFixed(1);

function report(label: string, load: number, runs: readonly Run[]): string {
  const discover = runs.map((r) => r.discoverMs).sort((a, b) => a - b);
  const start = runs.map((r) => r.startMs).sort((a, b) => a - b);
  const row = (name: string, v: readonly number[]): string =>
    `${name.padEnd(30)} ${[50, 90, 99, 100].map((p) => f(percentile(v, p)).padStart(8)).join('')}`;
  console.log(`${label.padEnd(30)} ${['p50', 'p90', 'p99', 'max'].map((h) => h.padStart(8)).join('')}`);
  console.log(row('  bind → port known (ms)', discover));
  console.log(row('  spawn → port known (ms)', start));
  const loadField = load > 0 ? ` load=${load}` : '';
  return `BENCH discover runs=${runs.length}${loadField} p50_ms=${f(percentile(discover, 50))} p99_ms=${f(percentile(discover, 99))} max_ms=${f(percentile(discover, 100))}`;
}

export async function main(options: BenchOptions = {}): Promise<void> {
  const load = Number(options.load ?? 0);
  if (!Number.isInteger(load) || load < 0) throw new Error(`--load wants a whole number of busy processes, not "${options.load}"`);
  const source = createSocketSource();
  const quiet: Run[] = [];
  const loaded: Run[] = [];
  while (quiet.length < RUNS || (load > 0 && loaded.length < RUNS)) {
    for (let i = 0; i < BLOCK && quiet.length < RUNS; i++) quiet.push(await once(source));
    if (load === 0 || loaded.length >= RUNS) continue;
    const busy = await startLoad(load);
    try {
      for (let i = 0; i < BLOCK && loaded.length < RUNS; i++) loaded.push(await once(source));
    } finally {
      await busy.stop();
    }
  }
  (source as Partial<{ dispose(): void }>).dispose?.();
  const lines = [report('quiet', 0, quiet)];
  if (load > 0) lines.push(report(`${load} busy processes`, load, loaded));
  for (const line of lines) console.log(line);
}
