import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { ListenWatcher } from '../../../../src/engine/launch/listenWatcher';
import { Snapshot, Socket, SocketSource } from '../../../../src/engine/sockets/socket';

/** The real source, with every call timed and an optional gate to hold a poll in flight. */
class CountingSource implements SocketSource {
  readonly calls: number[] = [];
  gate: Promise<void> | undefined;
  private readonly wake = new Set<() => void>();
  constructor(private readonly inner: SocketSource) {}
  snapshot(): Promise<Snapshot> {
    return this.inner.snapshot();
  }
  async socketsOfTree(rootPids: readonly number[]): Promise<Snapshot> {
    this.calls.push(performance.now());
    for (const w of this.wake) w();
    const snapshot = await this.inner.socketsOfTree(rootPids);
    await this.gate;
    return snapshot;
  }
  /** Resolves once `n` calls in all have started. */
  untilCalls(n: number, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.calls.length < n) return;
        this.wake.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => reject(new Error(`only ${this.calls.length} of ${n} polls`)), timeoutMs);
      this.wake.add(check);
      check();
    });
  }
}

function listen(): Promise<net.Server> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen({ port: 0, host: '127.0.0.1' }, () => resolve(server));
  });
}

const portOf = (server: net.Server): number => (server.address() as net.AddressInfo).port;

describe('ListenWatcher', () => {
  const servers: net.Server[] = [];
  const watchers: ListenWatcher[] = [];
  afterEach(async () => {
    watchers.splice(0).forEach((w) => w.dispose());
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  function watch(source: SocketSource, options = {}): { seen: Socket[]; next: (port: number) => Promise<Socket> } {
    const seen: Socket[] = [];
    const waiting = new Map<number, (s: Socket) => void>();
    const watcher = new ListenWatcher(source, [process.pid], {
      listening: (socket) => {
        seen.push(socket);
        waiting.get(socket.local.port)?.(socket);
      },
    }, options);
    watchers.push(watcher);
    const next = (port: number): Promise<Socket> => {
      const already = seen.find((s) => s.local.port === port);
      return already ? Promise.resolve(already) : new Promise((resolve) => waiting.set(port, resolve));
    };
    return { seen, next };
  }

  it('reports each listener of the tree once, later ones too', async () => {
    const source = new CountingSource(createSocketSource());
    const { seen, next } = watch(source, { settleIntervalMs: 5, slowIntervalMs: 5 });
    const first = await listen();
    servers.push(first);
    const socket = await next(portOf(first));
    assert.equal(socket.pid, process.pid);
    assert.equal(socket.state, 'LISTEN');
    const second = await listen();
    servers.push(second);
    await next(portOf(second));
    await source.untilCalls(source.calls.length + 3);
    const ports = seen.map((s) => s.local.port).filter((p) => p === portOf(first) || p === portOf(second));
    assert.deepEqual(ports, [portOf(first), portOf(second)]);
  });

  it('polls fast while waiting and backs off after a listener appears', async () => {
    const source = new CountingSource(createSocketSource());
    const server = await listen();
    servers.push(server);
    const { next } = watch(source, { fastIntervalMs: 2, settleIntervalMs: 40, slowIntervalMs: 160 });
    await next(portOf(server));
    const readyAt = source.calls.length;
    await source.untilCalls(readyAt + 4);
    const gaps = source.calls.slice(readyAt - 1).map((t, i, all) => (i === 0 ? 0 : t - all[i - 1])).slice(1);
    // Timers never fire early: each pause is at least the scheduled 40, 80, 160, 160 ms.
    [40, 80, 160, 160].forEach((min, i) => assert.ok(gaps[i] >= min - 1, `gap ${i} was ${gaps[i].toFixed(1)} ms, want ≥ ${min}`));
  });

  it('reports nothing from a poll that ends after dispose', async () => {
    const source = new CountingSource(createSocketSource());
    let open!: () => void;
    source.gate = new Promise((r) => (open = r));
    const server = await listen();
    servers.push(server);
    const { seen } = watch(source);
    await source.untilCalls(1);
    watchers[0].dispose();
    open();
    await source.gate;
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(seen, []);
    assert.equal(source.calls.length, 1);
  });

  it('keeps polling after a failed read and reports the failure', async () => {
    const real = createSocketSource();
    let failures = 0;
    const flaky: SocketSource = {
      snapshot: () => real.snapshot(),
      socketsOfTree: (pids) => (failures++ === 0 ? Promise.reject(new Error('EIO')) : real.socketsOfTree(pids)),
    };
    const errors: unknown[] = [];
    const server = await listen();
    servers.push(server);
    const found = new Promise<Socket>((resolve) => {
      watchers.push(new ListenWatcher(flaky, [process.pid], {
        listening: (s) => s.local.port === portOf(server) && resolve(s),
        error: (e) => errors.push(e),
      }));
    });
    assert.equal((await found).local.port, portOf(server));
    assert.equal((errors[0] as Error).message, 'EIO');
  });
});
