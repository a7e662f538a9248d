import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { PortAllocator } from '../../../../src/engine/ports/allocator';
import { ReservationStore } from '../../../../src/engine/ports/reservations';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { ownTcpListeners } from '../../../../src/engine/sockets/socket';
import { Children } from './_allocatorChildren';
import { Fixtures } from './_allocatorFixtures';

/** This user's listeners as the socket table has them: what the window and the CLI give the allocator. */
const ownListeners = async (): Promise<ReturnType<typeof ownTcpListeners>> => ownTcpListeners((await new ProcfsSource().snapshot({ listenersOnly: true })).sockets);

describe('a named port whose reservation lapsed', () => {
  const fixtures = new Fixtures();
  const children = new Children();
  const others: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(others.splice(0).map((c) => Children.kill(c)));
    await children.killAll();
    await fixtures.cleanup();
  });

  /** "web" reserved for one second, on a clock the test moves, with the socket table as the window reads it. */
  async function webReservedForASecond(): Promise<{ clock: { now: number }; store: ReservationStore; allocator: PortAllocator; port: number }> {
    const clock = { now: Date.now() };
    const store = new ReservationStore(fixtures.tempRoot(), () => clock.now);
    const allocator = new PortAllocator(store, undefined, ownListeners);
    return { clock, store, allocator, port: await allocator.allocate({ name: 'web', reservationMs: 1_000 }) };
  }

  it('keeps its port while this user listens there, asked after reservationSeconds with no view renewing it, sweeps included', async () => {
    const { clock, store, allocator, port } = await webReservedForASecond();
    await fixtures.listen('127.0.0.1', port);
    clock.now += 120_000; // long expired, and a sweep is due
    assert.equal(await allocator.allocate({ reservationMs: 1_000 }) === port, false);
    assert.equal(await allocator.allocate({ name: 'web', reservationMs: 1_000 }), port);
    assert.equal(store.read(port)?.reservation.expires, clock.now + 1_000, 'renewed for the asker');
  });

  it('keeps its port once the process that reserved it ended, while the server still listens there', async () => {
    const root = fixtures.tempRoot();
    const child = children.start({ root, action: 'allocate', count: 1, name: 'web' });
    const { ports: [port] } = await child.nextMessage<{ ports: number[] }>();
    await Children.kill(child.process);
    await fixtures.listen('127.0.0.1', port);
    assert.equal(await new PortAllocator(new ReservationStore(root), undefined, ownListeners).allocate({ name: 'web' }), port);
  });

  it('lets the port go when only another user listens on it, or this user on another address', async () => {
    const { clock, allocator, port } = await webReservedForASecond();
    await fixtures.listen('127.0.0.2', port);
    await listenAsNobody(port);
    clock.now += 2_000;
    // Taken on 127.0.0.1, so a new port for the name can only be another one.
    assert.notEqual(await allocator.allocate({ name: 'web', reservationMs: 1_000 }), port);
  });

  /** Another user's listener on 127.0.0.1:`port`, ended after the test. */
  async function listenAsNobody(port: number): Promise<void> {
    const child = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`], { uid: 65534, gid: 65534 });
    others.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`nobody's listener exited with ${code}`)));
    });
  }
});
