/**
 * Benchmark helper (not a benchmark: bench/index.ts skips `_` files). Opens
 * `N` loopback TCP sockets, half listeners and half the two ends of
 * connections to them, prints `ready <N>` and holds them until stdin closes.
 * Run through `ulimit -n` when N is large.
 */
import * as net from 'node:net';

async function main(): Promise<void> {
  const total = Number(process.argv[2]);
  const listeners: net.Server[] = [];
  const held: net.Socket[] = [];
  const listening = Math.ceil(total / 2);
  for (let i = 0; i < listening; i++) {
    const server = net.createServer((s) => held.push(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0, backlog: 8 }, resolve);
    });
    listeners.push(server);
  }
  const connections = Math.floor((total - listening) / 2);
  for (let i = 0; i < connections; i++) {
    const port = (listeners[i].address() as net.AddressInfo).port;
    const client = net.connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      client.once('error', reject);
      client.once('connect', resolve);
    });
    held.push(client);
  }
  // Accepts arrive on their own schedule: report only once every one is in.
  while (held.length < connections * 2) await new Promise((r) => setImmediate(r));
  process.stdout.write(`ready ${listening + held.length}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => process.exit(0));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
