// Starts and stops fixture servers as port-zero tasks many times in one
// window, then checks that nothing piled up: processes, descriptors, handles,
// timers, terminals, launches. Run by test/host/run-soak.mjs.
import { setTimeout as delay } from 'node:timers/promises';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PortZeroApi } from '../../src/api';
import type { Launcher } from '../../src/launch/launcher';
type StartedServer = Launcher['servers'][number];
import type { PortZeroTaskDefinition } from '../../src/launch/portZeroTask';
import { relay } from '../host/mochaSuite';
import { alive, api, fixtureServer, listening, node, treePids, waitFor } from '../integration/_launch';
import { memoryKinds, memoryTable } from './memory';
import { collectGarbage, grown, measure, Resources, table } from './resources';

const CYCLES = Number(process.env.PORT_ZERO_SOAK_CYCLES ?? 200);
/** Cycles before the baseline: the first launch creates what lives for the whole window (task system, terminal service, reservation folder, the refresher's timer). */
const WARM_UP = 6;
/**
 * How far a count may end above its baseline. The extension host is shared
 * with VS Code's built-in extensions, whose timers, pipes and watchers come
 * and go on their own schedule, so an exact match would fail at random; a
 * leak of one thing per cycle (or per strategy, a third of the cycles) ends
 * at least 66 above, far beyond this.
 */
const TOLERANCE = 10;
const STEP_MS = 20_000;

/** Each cycle takes the next: the socket strategy also hands a listening descriptor across. */
const KINDS = [
  { strategy: 'env', fixture: 'envServer.js' },
  { strategy: 'zero', fixture: 'zeroServer.js' },
  { strategy: 'socket', fixture: 'inheritedSocketServer.js' },
] as const;

describe('soak: start and stop as port-zero tasks', function () {
  this.timeout((CYCLES + WARM_UP) * 3 * STEP_MS);
  let portZero: PortZeroApi;
  const seenPids = new Set<number>();
  const seenServers = new WeakSet<StartedServer['server']>();
  /** Every launched server, weakly: a stopped one still reachable after a full collection is held by something. */
  const launched: WeakRef<StartedServer['server']>[] = [];

  before(async () => {
    portZero = await api();
  });

  afterEach(async () => {
    await portZero.launcher.stopAll();
    // Whatever a failed run left: the soak must not leak what it looks for.
    for (const pid of seenPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  /** One start, listen, stop and task end. Odd cycles stop from the tree's Stop, even ones by terminating the task (the terminal's close). */
  async function cycle(index: number): Promise<void> {
    const { launcher } = portZero;
    const { strategy, fixture } = KINDS[index % KINDS.length];
    const name = `soak ${strategy}`;
    const definition: PortZeroTaskDefinition = { type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer(fixture))}`, strategy };
    const task = launcher.createTask(definition, vscode.workspace.workspaceFolders![0], name);
    // Drawing a revealed terminal in the browser took most of each cycle on a
    // loaded machine (1–5 s of 2–10 s) and happens in the workbench, not the
    // extension host under test: the terminal is still created, just not shown.
    task.presentationOptions = { ...task.presentationOptions, reveal: vscode.TaskRevealKind.Never };
    let ended = false;
    const endWatch = vscode.tasks.onDidEndTask((e) => {
      if (e.execution.task.name === name) ended = true;
    });
    const t0 = Date.now();
    const marks: string[] = [];
    const mark = (what: string): number => marks.push(`${what} ${Date.now() - t0}`);
    try {
      const execution = await vscode.tasks.executeTask(task);
      mark('executed');
      const started = await waitFor(`cycle ${index}: ${name} to start`, STEP_MS, (recheck) => launcher.onDidChange(recheck), () =>
        launcher.servers.find((s) => s.name === name && s.rootPid !== undefined && !seenServers.has(s.server)),
      );
      seenServers.add(started.server);
      launched.push(new WeakRef(started.server));
      mark('started');
      const sockets = await listening(started.server, 1, STEP_MS);
      mark('listening');
      for (const pid of [...(await treePids(started.rootPid!)), ...sockets.map((s) => s.pid!)]) seenPids.add(pid);
      if (index % 2 === 1) await launcher.stop(started.id);
      else execution.terminate();
      mark('stopped');
      await waitFor(`cycle ${index}: ${name} to end and be forgotten`, STEP_MS, (recheck) => {
        const subscriptions = [launcher.onDidChange(recheck), vscode.tasks.onDidEndTask(recheck)];
        return () => subscriptions.forEach((s) => s.dispose());
      }, () => (ended && !launcher.servers.some((s) => s.server === started.server) ? true : undefined));
      mark('ended');
    } finally {
      if (process.env.PORT_ZERO_SOAK_TIMINGS) relay(`cycle ${index} ${strategy}: ${marks.join(', ')}`);
      endWatch.dispose();
    }
  }

  /** Finished task terminals stay open until closed, by VS Code's design: close them as a user would. */
  async function closeTerminals(): Promise<number> {
    const open = vscode.window.terminals.length;
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await waitFor('every terminal to close', STEP_MS, (recheck) => vscode.window.onDidCloseTerminal(recheck), () =>
      vscode.window.terminals.length === 0 ? true : undefined,
    );
    return open;
  }

  /** The counts once they are back within tolerance of `baseline`, or the last ones seen when the wait ends. */
  async function settled(baseline: Resources): Promise<Resources> {
    let last = measure(portZero.allocator.store.portsDir);
    // Nothing announces that a pipe closed or a timer fired: re-measure on a short tick, with a bound.
    const deadline = Date.now() + 15_000;
    while (grown(baseline, last, TOLERANCE).length > 0 && Date.now() < deadline) {
      await delay(250);
      last = measure(portZero.allocator.store.portsDir);
    }
    return last;
  }

  it(`leaves no process, descriptor, handle, timer, terminal or launch behind after ${CYCLES} cycles`, async () => {
    for (let i = 0; i < WARM_UP; i++) await cycle(i);
    await closeTerminals();
    collectGarbage();
    const baseline = measure(portZero.allocator.store.portsDir);
    const memoryBefore = memoryKinds();
    const launchesBefore = portZero.launcher.servers.length;
    seenPids.clear();
    launched.length = 0;

    // RSS along the way, to show whether a growth levels off.
    const checkpoint = Math.max(1, Math.round(CYCLES / 10));
    for (let i = 0; i < CYCLES; i++) {
      await cycle(WARM_UP + i);
      if ((i + 1) % checkpoint === 0) {
        const raw = process.memoryUsage().rss;
        collectGarbage();
        const { rss, heapUsed } = process.memoryUsage();
        const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);
        relay(`soak: after ${i + 1} cycles rss ${mb(raw)} MB, after a full collection ${mb(rss)} MB, heap used ${mb(heapUsed)} MB`);
      }
    }

    const terminalsLeftOpen = await closeTerminals();
    collectGarbage();
    const after = await settled(baseline);
    const survivors = [...seenPids].filter(alive);
    // A separate job from the last deref: WeakRef keeps its target alive until the current job ends.
    await new Promise((r) => setImmediate(r));
    collectGarbage();
    const reachable = launched.filter((ref) => ref.deref() !== undefined).length;

    relay(`soak: ${CYCLES} cycles (strategies ${KINDS.map((k) => k.strategy).join(', ')}; stopped alternately by Stop and by terminating the task)`);
    for (const line of table(baseline, after)) relay(`soak: ${line}`);
    relay(`soak: terminals open after the cycles ${terminalsLeftOpen}, after closing them ${vscode.window.terminals.length}`);
    relay(`soak: launches registered ${launchesBefore} before, ${portZero.launcher.servers.length} after`);
    relay(`soak: processes seen ${seenPids.size}, alive after ${survivors.length}`);
    relay(`soak: launched servers still reachable after a full collection ${reachable} of ${launched.length}`);
    relay(`soak: ${'memory (MB)'.padEnd(52)}  before   after  change`);
    for (const line of memoryTable(memoryBefore, memoryKinds())) relay(`soak: ${line}`);
    relay(`soak: rss_growth_mb=${(after.rssMb - baseline.rssMb).toFixed(1)} cycles=${CYCLES}`);

    assert.deepEqual(survivors, [], 'processes of stopped servers still run');
    assert.equal(portZero.launcher.servers.length, launchesBefore, 'the launches registry kept stopped servers');
    assert.equal(vscode.window.terminals.length, 0);
    // Task terminals are reused per task: more than one per kind would be one per cycle.
    assert.ok(terminalsLeftOpen <= KINDS.length, `${terminalsLeftOpen} terminals were left open by ${CYCLES} cycles`);
    assert.deepEqual(grown(baseline, after, TOLERANCE), [], `counts above their baseline (tolerance ${TOLERANCE})`);
    assert.ok(reachable <= TOLERANCE, `${reachable} of ${launched.length} stopped servers are still referenced`);
  });
});
