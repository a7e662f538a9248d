/**
 * How soon after a server binds does the launcher know its port?
 * 50 launches in a row of a fixture server under the `zero` strategy (the
 * port exists only in the socket table). The fixture stamps its listen
 * callback with performance.timeOrigin + performance.now(), a clock every
 * process shares; the launcher stamps the moment its `listening` event
 * fires with the same clock. Goal: p50 ≤ 30 ms, p99 ≤ 100 ms.
 */
import * as os from 'node:os';
import { createSocketSource } from '../src/engine/sockets/createSocketSource';
import { LaunchedServer } from '../src/engine/launch/launchedServer';
import { Socket } from '../src/engine/sockets/socket';
import { fixtureCommand, nextEvent, OutputLog } from '../test/unit/engine/launch/launchHarness';

const RUNS = 50;

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

async function once(source: ReturnType<typeof createSocketSource>): Promise<Run> {
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

export async function main(): Promise<void> {
  const source = createSocketSource();
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(source));
  const discover = runs.map((r) => r.discoverMs).sort((a, b) => a - b);
  const start = runs.map((r) => r.startMs).sort((a, b) => a - b);
  const row = (name: string, v: readonly number[]): string =>
    `${name.padEnd(22)} ${[50, 90, 99, 100].map((p) => percentile(v, p).toFixed(1).padStart(8)).join('')}`;
  console.log(`${''.padEnd(22)} ${['p50', 'p90', 'p99', 'max'].map((h) => h.padStart(8)).join('')}`);
  console.log(row('bind → port known (ms)', discover));
  console.log(row('spawn → port known (ms)', start));
  const f = (n: number): string => n.toFixed(1);
  console.log(`BENCH discover runs=${RUNS} p50_ms=${f(percentile(discover, 50))} p99_ms=${f(percentile(discover, 99))} max_ms=${f(percentile(discover, 100))}`);
}
