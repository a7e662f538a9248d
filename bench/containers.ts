/**
 * `npm run bench -- containers`: what reading the running containers adds
 * to a refresh of the Ports view, on this thread, with 20 containers each
 * publishing a port. The read is socket I/O to the engine (done off the
 * event loop) and, when the answer changed, a JSON parse; around each read
 * `process.cpuUsage()` says how much CPU this process spent (nothing else
 * runs in it meanwhile), which a loaded machine does not inflate the way it
 * inflates wall time or the event loop's busy time (a preempted thread
 * still counts as busy).
 * The view follows the engine's events, so an unchanged refresh asks
 * nothing; a refresh after an event asks again, and a first read connects,
 * asks `/version` and parses (more than any change costs): the three are
 * measured apart, with `docker ps` for scale. Needs an engine with the port-zero-busybox image
 * (test/host/docker-engine.sh); without one it says so and measures nothing.
 * Goal: refresh_ms ≤ 1 while nothing changes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ContainerSource } from '../src/engine/containers/containerSource';

const run = promisify(execFile);
const CONTAINERS = 20;
const REFRESHES = 50;
const IMAGE = 'port-zero-busybox';

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function busyMs(work: () => Promise<unknown>): Promise<{ busy: number; wall: number }> {
  const before = process.cpuUsage();
  const started = performance.now();
  await work();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(before);
  return { busy: (cpu.user + cpu.system) / 1000, wall };
}

export async function main(): Promise<void> {
  try {
    await run('docker', ['image', 'inspect', IMAGE]);
  } catch (e) {
    console.log(`containers: no engine with the ${IMAGE} image answers (${(e as Error).message.split('\n')[0]}); start one with test/host/docker-engine.sh start DIR and export what it prints.`);
    return;
  }
  const names = Array.from({ length: CONTAINERS }, (_, i) => `pz-bench-${process.pid}-${i}`);
  // As the Ports view reads them: following the engine's events.
  const source = new ContainerSource({ timeoutMs: 5000, followEvents: true });
  try {
    for (const name of names) await run('docker', ['run', '-d', '--name', name, '-p', '127.0.0.1::8080', IMAGE, '/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/www']);
    const first = await source.list();
    const count = first?.containers.filter((c) => names.includes(c.name)).length ?? 0;
    if (count !== CONTAINERS) throw new Error(`the engine listed ${count} of the ${CONTAINERS} containers started`);
    const unchanged: number[] = [];
    const wall: number[] = [];
    const changed: number[] = [];
    const reread: number[] = [];
    // Not following events: it asks on every refresh, as the view does after a container event.
    const asking = new ContainerSource({ timeoutMs: 5000 });
    await asking.list();
    await source.list();
    for (let i = 0; i < REFRESHES; i++) {
      const a = await busyMs(() => source.list());
      unchanged.push(a.busy);
      wall.push(a.wall);
      reread.push((await busyMs(() => asking.list())).busy);
      // A new source connects, asks /version and parses the list: more than any change costs.
      const fresh = new ContainerSource({ timeoutMs: 5000, followEvents: true });
      changed.push((await busyMs(() => fresh.list())).busy);
      fresh.dispose();
    }
    const ps = await busyMs(() => run('docker', ['ps', '--format', '{{.Names}} {{.Ports}}']));
    console.log(`containers: ${CONTAINERS} running, ${REFRESHES} refreshes; CPU time per refresh (median)`);
    console.log(`  unchanged answer      ${median(unchanged).toFixed(3)} ms CPU, ${median(wall).toFixed(2)} ms wall`);
    console.log(`  after an event        ${median(reread).toFixed(3)} ms CPU (asked again, same answer)`);
    console.log(`  first read (connect)  ${median(changed).toFixed(3)} ms CPU`);
    console.log(`  docker ps (for scale) ${ps.wall.toFixed(1)} ms wall`);
    console.log(`BENCH containers containers=${count} refresh_ms=${median(unchanged).toFixed(3)} event_ms=${median(reread).toFixed(3)} first_ms=${median(changed).toFixed(3)}`);
    asking.dispose();
  } finally {
    source.dispose();
    await run('docker', ['rm', '-f', ...names]).catch(() => undefined);
  }
}
