/**
 * `npm run bench -- tree`: the Ports tree for 10,000 sockets. Measures the
 * pure part (src/engine/socketView.ts: filter, grouping, sorting, labels,
 * context values, signatures, and the diff), which is all the work a refresh
 * does before VS Code asks for TreeItems; the adapter then only copies fields
 * into a TreeItem for the rows on screen, and vscode cannot load in plain Node.
 */
import { performance } from 'node:perf_hooks';
import { ipv4Endpoint } from '../src/engine/address';
import type { ProcessInfo, Snapshot, Socket } from '../src/engine/socket';
import { buildSocketView, defaultSocketFilter, SocketFilter, ViewContext } from '../src/engine/socketView';
import { diffSocketViews, eventCount } from '../src/engine/socketViewDiff';

const SOCKETS = 10_000;
const PROCESSES = 500;
const RUNS = 25;
const WARMUP = 10;

function syntheticSnapshot(): Snapshot {
  const processes = new Map<number, ProcessInfo>();
  for (let pid = 1000; pid < 1000 + PROCESSES; pid++) {
    processes.set(pid, {
      pid, name: `proc${pid % 37}`, commandLine: `/usr/bin/node /srv/app${pid}/server.js --port ${pid}`,
      cwd: `/srv/app${pid}`, startTime: pid * 7, uid: pid % 5 === 0 ? 0 : 1000,
    });
  }
  const loopback = 0x7f000001;
  const sockets: Socket[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    const pid = i % 50 === 49 ? undefined : 1000 + (i % PROCESSES);
    const listener = i % 10 === 0;
    const port = listener ? 2000 + i : 30000 + (i % 30000);
    sockets.push({
      id: String(100000 + i), protocol: i % 13 === 0 ? 'udp' : 'tcp', family: 4,
      state: listener ? (i % 13 === 0 ? 'BOUND' : 'LISTEN') : (i % 13 === 0 ? 'CONNECTED' : 'ESTABLISHED'),
      local: ipv4Endpoint(loopback, port),
      peer: listener ? undefined : ipv4Endpoint(loopback, 2000 + (i - (i % 10))),
      inode: 100000 + i, uid: 1000, pid,
    });
  }
  return { takenAt: Date.now(), sockets, processes, skippedLines: 0 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function main(): Promise<void> {
  const ctx: ViewContext = { workspaceFolders: ['/srv'], currentUid: 1000 };
  // Connections on: every one of the 10,000 sockets becomes a node.
  const filter: SocketFilter = { ...defaultSocketFilter, connections: true };
  const snapshot = syntheticSnapshot();
  const started = [{ id: 's1', name: 'dev', rootPid: 1000, listening: snapshot.sockets.slice(0, 1) }];

  const builds: number[] = [];
  // Warm-up: the extension host runs this code hot after the first refreshes.
  let view = buildSocketView(snapshot, filter, started, ctx);
  for (let i = 0; i < WARMUP; i++) view = buildSocketView(snapshot, filter, started, ctx);
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    view = buildSocketView(snapshot, filter, started, ctx);
    builds.push(performance.now() - t);
  }

  const refreshes: number[] = [];
  let unchangedEvents = 0;
  for (let i = 0; i < RUNS; i++) {
    const rescan = structuredClone(snapshot);
    const t = performance.now();
    const next = buildSocketView(rescan, filter, started, ctx);
    unchangedEvents = Math.max(unchangedEvents, eventCount(diffSocketViews(view, next)));
    refreshes.push(performance.now() - t);
    view = next;
  }

  const changedSockets = snapshot.sockets.map((s, i) => (i === 5001 ? { ...s, state: 'CLOSE_WAIT' as const } : s));
  const oneChange = diffSocketViews(view, buildSocketView({ ...snapshot, sockets: changedSockets }, filter, started, ctx));

  const grouped = buildSocketView(snapshot, { ...filter, groupBy: 'port' }, started, ctx);
  const groupT = performance.now();
  buildSocketView(snapshot, { ...filter, groupBy: 'port' }, started, ctx);
  const groupMs = performance.now() - groupT;

  console.table({
    'build (by process)': { ms: +median(builds).toFixed(2), nodes: view.byId.size },
    'build (by port)': { ms: +groupMs.toFixed(2), nodes: grouped.byId.size },
    'unchanged refresh (build + diff)': { ms: +median(refreshes).toFixed(2), events: unchangedEvents },
    'one socket changed (elements fired)': { ms: NaN, events: eventCount(oneChange) },
  });
  console.log(`BENCH tree sockets=${SOCKETS} build_ms=${median(builds).toFixed(2)} unchanged_refresh_events=${unchangedEvents}`);
}
