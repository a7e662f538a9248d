/**
 * Child process for the allocator and reservation tests. argv[2] is a JSON
 * `ChildOrder`; the child prints one JSON line with its result, then stays
 * alive (its reservations stay live) until its stdin closes or it is killed.
 */
import { AllocationHost, PortAllocator } from '../../../../src/engine/ports/allocator';
import { ReservationStore } from '../../../../src/engine/ports/reservations';
import { listeningSockets } from './_listeningSockets';

export interface ChildOrder {
  root: string;
  /**
   * allocate: `count` ports at once, then says them, the allocator's warnings and the
   * listening sockets it still holds; reserve: tryReserve each of `ports` once told "go" on stdin.
   */
  action: 'allocate' | 'reserve';
  count?: number;
  name?: string;
  host?: AllocationHost;
  ports?: number[];
}

async function main(): Promise<void> {
  const order = JSON.parse(process.argv[2]) as ChildOrder;
  const store = new ReservationStore(order.root);
  if (order.action === 'allocate') {
    const warnings: string[] = [];
    const allocator = new PortAllocator(store, (message) => warnings.push(message));
    const request = { name: order.name, host: order.host };
    const ports = await Promise.all(Array.from({ length: order.count ?? 1 }, () => allocator.allocate(request)));
    process.stdout.write(JSON.stringify({ ports, warnings, listening: listeningSockets() }) + '\n');
  } else {
    process.stdout.write(JSON.stringify({ ready: true }) + '\n');
    await new Promise((r) => process.stdin.once('data', r));
    const won = (order.ports ?? []).filter((port) => store.tryReserve(port, '127.0.0.1', 60_000));
    process.stdout.write(JSON.stringify({ won }) + '\n');
  }
  process.stdin.resume();
  process.stdin.once('end', () => process.exit(0));
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
