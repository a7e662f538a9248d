// What the soak counts in the extension host before and after its cycles.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { hasExited } from '../../src/engine/proc/procStat';
import { nodeProcReader } from '../../src/engine/proc/procReader';
import { readProcfsTable } from '../../src/engine/proc/processTable';

export interface Resources {
  /** process.getActiveResourcesInfo() by type: handles, requests and ref'd timers keeping the loop alive. */
  readonly active: Readonly<Record<string, number>>;
  /** Entries of /proc/self/fd (one of them is the directory being read). */
  readonly fds: number;
  /** Children of the extension host that exited and were never reaped. */
  readonly zombies: number;
  /** Port reservation files this extension host owns (other windows share the folder). */
  readonly reservations: number;
  readonly heapUsedMb: number;
  readonly rssMb: number;
}

/**
 * A full garbage collection, so that what is still reachable can be told
 * from what only waits for the collector. The host runs without --expose-gc;
 * setting the flag at run time makes a fresh context get a `gc` global.
 * The last-resort flavour also gives back the heap V8 keeps in reserve,
 * which it grows under allocation pressure from anything in the host and
 * shrinks on its own schedule (seen: heapTotal 125 → 191 MB over one
 * 200-cycle run with heapUsed flat, and the reverse in the next): without
 * it, RSS before and after says more about V8's sizing than about a leak.
 * Older V8 ignores the options and collects as usual.
 */
export function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as (options?: object) => void)({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

export function measure(reservationsDir: string): Resources {
  const active: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) active[type] = (active[type] ?? 0) + 1;
  const { heapUsed, rss } = process.memoryUsage();
  const mb = (bytes: number): number => bytes / 2 ** 20;
  return { active, fds: fs.readdirSync('/proc/self/fd').length, zombies: zombieChildren(), reservations: ownReservations(reservationsDir), heapUsedMb: mb(heapUsed), rssMb: mb(rss) };
}

function zombieChildren(): number {
  let count = 0;
  for (const stat of readProcfsTable(nodeProcReader(), '/proc').values()) if (hasExited(stat) && stat.ppid === process.pid) count++;
  return count;
}

function ownReservations(dir: string): number {
  let count = 0;
  for (const name of fs.readdirSync(dir)) {
    try {
      const reservation = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { owner?: { pid?: number } };
      if (reservation.owner?.pid === process.pid) count++;
    } catch {
      continue; // removed, or half written, while we looked
    }
  }
  return count;
}

/** Counts that grew by more than `tolerance`, as "name before → after". */
export function grown(before: Resources, after: Resources, tolerance: number): string[] {
  const rows: [string, number, number][] = [
    ['fds', before.fds, after.fds],
    ['zombies', before.zombies, after.zombies],
    ['reservations', before.reservations, after.reservations],
    ...[...new Set([...Object.keys(before.active), ...Object.keys(after.active)])].map((t): [string, number, number] => [t, before.active[t] ?? 0, after.active[t] ?? 0]),
  ];
  return rows.filter(([name, b, a]) => a - b > (name === 'zombies' ? 0 : tolerance)).map(([name, b, a]) => `${name} ${b} → ${a}`);
}

/** The before/after table the soak prints (it goes into the release notes). */
export function table(before: Resources, after: Resources): string[] {
  const types = [...new Set([...Object.keys(before.active), ...Object.keys(after.active)])].sort();
  const row = (name: string, b: number | string, a: number | string): string => `${name.padEnd(28)}${String(b).padStart(8)}${String(a).padStart(8)}`;
  return [
    row('', 'before', 'after'),
    row('open file descriptors', before.fds, after.fds),
    ...types.map((t) => row(`active ${t}`, before.active[t] ?? 0, after.active[t] ?? 0)),
    row('unreaped children', before.zombies, after.zombies),
    row('own port reservations', before.reservations, after.reservations),
    row('heap used (MB, not asserted)', before.heapUsedMb.toFixed(1), after.heapUsedMb.toFixed(1)),
    row('rss (MB, not asserted)', before.rssMb.toFixed(1), after.rssMb.toFixed(1)),
  ];
}
