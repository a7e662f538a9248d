/**
 * One process of `bench/allocate`: argv[2] is a JSON `AllocateOrder`. Prints
 * "ready", waits for "go" on stdin so all processes start together, asks
 * `count` times for a port and binds each at once (as a server would), prints
 * a JSON `AllocateReport`, then stays alive (its reservations with it) until
 * stdin closes.
 */
import * as net from 'node:net';
import { pathToFileURL } from 'node:url';
import { PortAllocator } from '../src/engine/ports/allocator';
import { askKernelForPort } from '../src/engine/ports/kernelPort';
import { ReservationStore } from '../src/engine/ports/reservations';

export type Contender = 'ours' | 'getport' | 'portfinder' | 'detectport' | 'bind0';

export interface AllocateOrder {
  contender: Contender;
  count: number;
  /** Reservation directory for `ours`. */
  root: string;
  reservationMs: number;
}

export interface AllocateReport {
  ports: number[];
  bindFailures: number;
  /** Time spent inside the allocation calls only, in microseconds. */
  allocUs: number;
}

// esbuild compiles this file to CommonJS, which would turn import() into
// require(); get-port is ESM-only, so the import must stay a real one.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<Record<string, unknown>>;

async function contenderFunction(order: AllocateOrder): Promise<() => Promise<number>> {
  switch (order.contender) {
    case 'ours': {
      const allocator = new PortAllocator(new ReservationStore(order.root));
      return () => allocator.allocate({ reservationMs: order.reservationMs });
    }
    case 'getport': {
      const getPort = (await importEsm(pathToFileURL(require.resolve('get-port')).href)).default as () => Promise<number>;
      return () => getPort();
    }
    case 'portfinder': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const portfinder = require('portfinder') as { getPortPromise(): Promise<number> };
      return () => portfinder.getPortPromise();
    }
    case 'detectport': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { detectPort } = require('detect-port') as { detectPort(): Promise<number> };
      return () => detectPort();
    }
    case 'bind0':
      return () => askKernelForPort('127.0.0.1');
  }
}

function bindsAtOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function main(): Promise<void> {
  const order = JSON.parse(process.argv[2]) as AllocateOrder;
  const allocate = await contenderFunction(order);
  const lines = lineReader();
  process.stdout.write('ready\n');
  await lines.next();
  const report: AllocateReport = { ports: [], bindFailures: 0, allocUs: 0 };
  for (let i = 0; i < order.count; i++) {
    const started = process.hrtime.bigint();
    const port = await allocate();
    report.allocUs += Number(process.hrtime.bigint() - started) / 1000;
    report.ports.push(port);
    if (!(await bindsAtOnce(port))) report.bindFailures++;
  }
  process.stdout.write(JSON.stringify(report) + '\n');
  process.stdin.once('end', () => process.exit(0));
}

function lineReader(): { next(): Promise<string> } {
  let buffered = '';
  const waiting: Array<(line: string) => void> = [];
  process.stdin.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0 && waiting.length > 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()!(line);
    }
  });
  return { next: () => new Promise((resolve) => waiting.push(resolve)) };
}

main().catch((e: unknown) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e) + '\n');
  process.exit(1);
});
