/**
 * `npm run bench -- tree`: the Ports tree for 10,000 sockets. Measures the
 * pure part (src/engine/view/socketView.ts: filter, grouping, sorting, context
 * values, and the diff), which is all a refresh does before VS Code asks for
 * rows. A row's id, label and description strings are made when VS Code asks
 * for that row (the visible few), and the adapter then only copies them into
 * a TreeItem; neither is timed here, and vscode cannot load in plain Node.
 */
import { performance } from 'node:perf_hooks';
import { ipv4Endpoint } from '../src/engine/sockets/address';
import type { Snapshot, Socket } from '../src/engine/sockets/socket';
import type { ProcessInfo } from '../src/engine/proc/processInfo';
import { buildSocketView } from '../src/engine/view/socketView';
import { allNodes } from '../src/engine/view/socketViewIndex';
import { defaultSocketFilter, SocketFilter, ViewContext } from '../src/engine/view/viewNodes';
import { diffSocketViews, eventCount } from '../src/engine/view/socketViewDiff';
import { collector } from './_gc';

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

const nodes = (view: ReturnType<typeof buildSocketView>): number => [...allNodes(view)].length;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A garbage collection between runs, so one run does not pay for the garbage of another. */
interface Timing {
  wall: number;
  cpu: number;
}

function timed(run: () => void): Timing {
  const cpu = process.cpuUsage();
  const t = performance.now();
  run();
  const wall = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

export async function main(): Promise<void> {
  const gc = collector();
  const ctx: ViewContext = { workspaceFolders: ['/srv'], user: { name: 'dev', uid: 1000 }, platform: 'linux' };
  // Connections on: every one of the 10,000 sockets becomes a node.
  const filter: SocketFilter = { ...defaultSocketFilter, connections: true };
  const snapshot = syntheticSnapshot();
  const started = [{ id: 's1', name: 'dev', rootPid: 1000, listening: snapshot.sockets.slice(0, 1) }];
  // Each scan brings new objects: every timed run gets a fresh copy, made beforehand.
  const fresh = (): Snapshot => structuredClone(snapshot);

  let view = buildSocketView(fresh(), filter, started, ctx);
  for (let i = 0; i < WARMUP; i++) {
    const next = buildSocketView(fresh(), filter, started, ctx);
    diffSocketViews(view, next);
    view = next;
  }

  const builds: Timing[] = [];
  const refreshes: Timing[] = [];
  let unchangedEvents = 0;
  for (let i = 0; i < RUNS; i++) {
    const scan = fresh();
    gc();
    let next = view;
    builds.push(timed(() => {
      next = buildSocketView(scan, filter, started, ctx);
    }));
    const again = fresh();
    gc();
    refreshes.push(timed(() => {
      const rebuilt = buildSocketView(again, filter, started, ctx);
      unchangedEvents = Math.max(unchangedEvents, eventCount(diffSocketViews(next, rebuilt)));
      view = rebuilt;
    }));
  }

  const changedSockets = snapshot.sockets.map((s, i) => (i === 5001 ? { ...s, state: 'CLOSE_WAIT' as const } : s));
  const oneChange = diffSocketViews(view, buildSocketView({ ...snapshot, sockets: changedSockets }, filter, started, ctx));
  const byPort = { ...filter, groupBy: 'port' as const };
  buildSocketView(fresh(), byPort, started, ctx);
  const portScan = fresh();
  gc();
  let grouped = view;
  const portBuild = timed(() => {
    grouped = buildSocketView(portScan, byPort, started, ctx);
  });

  const med = (list: Timing[], key: keyof Timing): number => +median(list.map((t) => t[key])).toFixed(2);
  console.table({
    'build, by process': { wall_ms: med(builds, 'wall'), cpu_ms: med(builds, 'cpu'), nodes: nodes(view), events: '' },
    'build, by port (one run)': { wall_ms: +portBuild.wall.toFixed(2), cpu_ms: +portBuild.cpu.toFixed(2), nodes: nodes(grouped), events: '' },
    'unchanged refresh (build + diff)': { wall_ms: med(refreshes, 'wall'), cpu_ms: med(refreshes, 'cpu'), nodes: '', events: unchangedEvents },
    'one socket changed': { wall_ms: '', cpu_ms: '', nodes: '', events: eventCount(oneChange) },
  });
  // build_ms is the median CPU time (all of the process's threads): on a
  // shared two-core machine wall time mostly measures the neighbours; on an
  // idle one the two agree (see the table).
  console.log(`BENCH tree sockets=${SOCKETS} build_ms=${med(builds, 'cpu')} unchanged_refresh_events=${unchangedEvents}`);
}
