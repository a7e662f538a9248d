/**
 * `npm run bench -- terminals`: what telling each listener's terminal adds
 * to a refresh on the main thread, at 1,000 processes. Attribution walks the
 * parent chains of the processes the snapshot already has
 * (src/engine/view/terminalAttribution.ts); beside it, what the same answer
 * costs when read afresh each refresh instead: this machine's process table
 * and the descendants of each shell (src/engine/proc/processTable.ts).
 */
import { performance } from 'node:perf_hooks';
import type { ProcessInfo } from '../src/engine/proc/processInfo';
import { readProcessTable } from '../src/engine/proc/processTable';
import { descendantsOf } from '../src/engine/proc/processTree';
import { TerminalAttribution } from '../src/engine/view/terminalAttribution';
import { collector } from './_gc';

const PROCESSES = 1000;
const TERMINALS = 10;
const OWNERS = 300;
const RUNS = 51;

/**
 * A machine's table: systemd (1) → 600 services (some with a child); the editor's pty host →
 * 10 terminal shells, each with npm → node → workers below it. Every third process owns a socket.
 */
function syntheticTable(): { processes: Map<number, ProcessInfo>; shells: number[]; owners: number[] } {
  const processes = new Map<number, ProcessInfo>();
  const add = (pid: number, ppid: number, name: string): void => {
    processes.set(pid, { pid, ppid, name, commandLine: `/usr/bin/${name}`, startTime: pid * 3, uid: 1000 });
  };
  add(1, 0, 'systemd');
  add(2, 1, 'code-server');
  add(3, 2, 'ptyHost');
  const shells: number[] = [];
  let pid = 10;
  for (let t = 0; t < TERMINALS; t++) {
    const shell = pid++;
    shells.push(shell);
    add(shell, 3, 'bash');
    let parent = shell;
    for (let depth = 0; depth < 4; depth++) {
      const child = pid++;
      add(child, parent, depth === 0 ? 'npm' : 'node');
      for (let w = 0; w < 5; w++) add(pid++, child, 'worker');
      parent = child;
    }
  }
  while (processes.size < PROCESSES) {
    const service = pid++;
    add(service, 1, 'service');
    if (processes.size < PROCESSES && service % 3 === 0) add(pid++, service, 'helper');
  }
  const owners = [...processes.keys()].filter((p) => p % 3 === 0).slice(0, OWNERS);
  return { processes, shells, owners };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function main(): Promise<void> {
  const gc = collector();
  const { processes, shells, owners } = syntheticTable();
  const attribution = new TerminalAttribution();
  shells.forEach((shell, i) => attribution.opened(String(i), `bash ${i}`, shell));
  const attributed = attribution.attribute(processes, owners).size;
  const warm: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Each refresh brings new objects.
    const scan = new Map(structuredClone([...processes]));
    gc();
    let t = performance.now();
    attribution.attribute(scan, owners);
    warm.push(performance.now() - t);
    const fresh = new TerminalAttribution();
    shells.forEach((shell, n) => fresh.opened(String(n), `bash ${n}`, shell));
    gc();
    t = performance.now();
    fresh.attribute(scan, owners);
    cold.push(performance.now() - t);
  }
  const reads: number[] = [];
  let machineProcesses = 0;
  for (let i = 0; i < 11; i++) {
    gc();
    const t = performance.now();
    const table = await readProcessTable();
    descendantsOf([process.pid], table);
    reads.push(performance.now() - t);
    machineProcesses = table.size;
  }
  const ms = (list: number[]): number => +median(list).toFixed(3);
  console.table({
    'attribute, warm (each refresh)': { ms: ms(warm), processes: PROCESSES, owners: OWNERS, attributed },
    'attribute, first refresh': { ms: ms(cold), processes: PROCESSES, owners: OWNERS, attributed },
    'instead: read the process table each refresh': { ms: ms(reads), processes: machineProcesses, owners: '', attributed: '' },
  });
  console.log(`BENCH terminals processes=${PROCESSES} attribute_ms=${ms(warm)}`);
}
