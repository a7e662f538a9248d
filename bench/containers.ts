/**
 * `npm run bench -- containers`: what reading the running containers adds
 * to a refresh of the Ports view, on this thread, with 20 containers each
 * publishing a port. The read is socket I/O to the engine (done off the
 * event loop) and, when the answer changed, a JSON parse; around each read
 * `performance.eventLoopUtilization()` says how long this thread was busy.
 * Unchanged refreshes (the common case) and a first read (connect,
 * `/version`, parse: more than any change costs) are measured apart;
 * `docker ps` is shown for scale. Needs an engine with the port-zero-busybox image
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
  const before = performance.eventLoopUtilization();
  const started = performance.now();
  await work();
  const wall = performance.now() - started;
  return { busy: performance.eventLoopUtilization(before).active, wall };
}

export async function main(): Promise<void> {
  try {
    await run('docker', ['image', 'inspect', IMAGE]);
  } catch (e) {
    console.log(`containers: no engine with the ${IMAGE} image answers (${(e as Error).message.split('\n')[0]}); start one with test/host/docker-engine.sh start DIR and export what it prints.`);
    return;
  }
  const names = Array.from({ length: CONTAINERS }, (_, i) => `pz-bench-${process.pid}-${i}`);
  const source = new ContainerSource({ timeoutMs: 5000 });
  try {
    for (const name of names) await run('docker', ['run', '-d', '--name', name, '-p', '127.0.0.1::8080', IMAGE, '/bin/busybox', 'httpd', '-f', '-p', '8080', '-h', '/www']);
    const first = await source.list();
    const count = first?.containers.filter((c) => names.includes(c.name)).length ?? 0;
    if (count !== CONTAINERS) throw new Error(`the engine listed ${count} of the ${CONTAINERS} containers started`);
    const unchanged: number[] = [];
    const wall: number[] = [];
    const changed: number[] = [];
    await source.list();
    for (let i = 0; i < REFRESHES; i++) {
      const a = await busyMs(() => source.list());
      unchanged.push(a.busy);
      wall.push(a.wall);
      // A new source connects, asks /version and parses the list: more than any change costs.
      const fresh = new ContainerSource({ timeoutMs: 5000 });
      changed.push((await busyMs(() => fresh.list())).busy);
      fresh.dispose();
    }
    const ps = await busyMs(() => run('docker', ['ps', '--format', '{{.Names}} {{.Ports}}']));
    console.log(`containers: ${CONTAINERS} running, ${REFRESHES} refreshes; this thread's busy time per refresh (median)`);
    console.log(`  unchanged answer      ${median(unchanged).toFixed(3)} ms busy, ${median(wall).toFixed(2)} ms wall`);
    console.log(`  first read (connect)  ${median(changed).toFixed(3)} ms busy`);
    console.log(`  docker ps (for scale) ${ps.wall.toFixed(1)} ms wall`);
    console.log(`BENCH containers containers=${count} refresh_ms=${median(unchanged).toFixed(3)} first_ms=${median(changed).toFixed(3)}`);
  } finally {
    source.dispose();
    await run('docker', ['rm', '-f', ...names]).catch(() => undefined);
  }
}
