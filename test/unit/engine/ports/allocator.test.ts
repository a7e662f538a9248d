import * as assert from 'node:assert/strict';
import { AllocationHost, BoundAddress, hostCovers, NoFreePortError, PortAllocator } from '../../../../src/engine/ports/allocator';
import { ephemeralPortRange } from '../../../../src/engine/ports/portRange';
import { ReservationStore } from '../../../../src/engine/ports/reservations';
import { Children } from './_allocatorChildren';
import { Fixtures, hasIpv6Loopback } from './_allocatorFixtures';

describe('PortAllocator', () => {
  const fixtures = new Fixtures();
  const children = new Children();
  afterEach(async () => {
    await children.killAll();
    await fixtures.cleanup();
  });

  function allocatorAt(clock?: { now: number }): PortAllocator {
    return new PortAllocator(new ReservationStore(fixtures.tempRoot(), clock ? () => clock.now : Date.now));
  }

  it('hands 200 concurrent callers in one process 200 distinct ports, each bindable', async () => {
    const allocator = allocatorAt();
    const ports = await Promise.all(Array.from({ length: 200 }, () => allocator.allocate()));
    assert.equal(new Set(ports).size, 200);
    for (const port of ports) await fixtures.listen('127.0.0.1', port);
  });

  it('never hands the same port to two of 6 processes allocating 150 each at once', async () => {
    const root = fixtures.tempRoot();
    const racers = Array.from({ length: 6 }, () => children.start({ root, action: 'allocate', count: 150 }));
    const results = await Promise.all(racers.map((r) => r.nextMessage<{ ports: number[] }>(30_000)));
    const ports = results.flatMap((r) => r.ports);
    assert.equal(ports.length, 900);
    assert.equal(new Set(ports).size, 900);
  });

  it('reserves each port it returns, so the next caller is refused it', async () => {
    const allocator = allocatorAt();
    const port = await allocator.allocate({ host: '127.0.0.1', reservationMs: 60_000 });
    const stored = allocator.store.read(port);
    assert.equal(stored?.reservation.owner.pid, process.pid);
    assert.equal(allocator.store.tryReserve(port, '127.0.0.1', 1_000), false);
  });

  it('returns a port for "localhost" that binds on 127.0.0.1 and ::1 at once', async function () {
    if (!(await hasIpv6Loopback())) this.skip();
    const allocator = allocatorAt();
    for (let i = 0; i < 20; i++) {
      const port = await allocator.allocate({ host: 'localhost' });
      await fixtures.listen('127.0.0.1', port);
      await fixtures.listen('::1', port);
    }
  });

  it('refuses for "localhost" a port that is taken on ::1 only', async function () {
    if (!(await hasIpv6Loopback())) this.skip();
    const taken = await fixtures.listen('::1', 0);
    const port = (taken.address() as { port: number }).port;
    const allocator = allocatorAt();
    const range = { first: port, last: port + 1 };
    await fixtures.listen('127.0.0.1', port + 1).catch(() => undefined);
    await assert.rejects(allocator.allocate({ host: 'localhost', range }), NoFreePortError);
  });

  for (const host of ['127.0.0.1', '::1', '0.0.0.0', '::'] as AllocationHost[]) {
    it(`returns a port bindable on ${host}`, async function () {
      if (host.includes(':') && !(await hasIpv6Loopback())) this.skip();
      const port = await allocatorAt().allocate({ host });
      await fixtures.listen(host, port);
    });
  }

  it('picks ports inside the range, skipping one already listening', async () => {
    const first = 31000 + Math.floor(Math.random() * 20000);
    const range = { first, last: first + 9 };
    const blocked = await fixtures.listen('127.0.0.1', first + 3).then(() => first + 3, () => undefined);
    const allocator = allocatorAt();
    const ports: number[] = [];
    for (;;) {
      try {
        ports.push(await allocator.allocate({ range }));
      } catch (e) {
        assert.ok(e instanceof NoFreePortError);
        assert.match(e.message, new RegExp(`${first}-${first + 9}.*portZero\\.portRange`));
        break;
      }
    }
    assert.ok(ports.length >= 1 && ports.length <= 10, `got ${ports.length}`);
    assert.equal(new Set(ports).size, ports.length);
    for (const port of ports) assert.ok(port >= first && port <= first + 9 && port !== blocked);
  });

  it('asks the kernel again when it offers reserved ports, then picks from the kernel\'s range itself', async () => {
    const offered: number[] = [];
    class CrowdedStore extends ReservationStore {
      override tryReserve(port: number, host: string, ttlMs: number): boolean {
        offered.push(port);
        return offered.length > 20 && super.tryReserve(port, host, ttlMs);
      }
    }
    const allocator = new PortAllocator(new CrowdedStore(fixtures.tempRoot()));
    const port = await allocator.allocate();
    const { first, last } = ephemeralPortRange();
    assert.equal(offered.at(-1), port);
    assert.ok(port >= first && port <= last, `${port} outside ${first}-${last}`);
    assert.equal(allocator.store.read(port)?.reservation.owner.pid, process.pid);
    await fixtures.listen('127.0.0.1', port);
  });

  it('gives up with a clear error when every port the kernel offers is reserved', async () => {
    class FullStore extends ReservationStore {
      override tryReserve(): boolean {
        return false;
      }
    }
    const allocator = new PortAllocator(new FullStore(fixtures.tempRoot()));
    await assert.rejects(allocator.allocate(), /no free port on 127\.0\.0\.1.*reserved or taken/);
  });

  it('returns the same port for the same name and another for another name', async () => {
    const allocator = allocatorAt();
    const web = await allocator.allocate({ name: 'web' });
    const again = await Promise.all([allocator.allocate({ name: 'web' }), allocator.allocate({ name: 'web' })]);
    const api = await allocator.allocate({ name: 'api' });
    assert.deepEqual(again, [web, web]);
    assert.notEqual(api, web);
  });

  it('agrees with concurrent processes on the port of a name', async () => {
    const root = fixtures.tempRoot();
    const racers = Array.from({ length: 4 }, () => children.start({ root, action: 'allocate', count: 5, name: 'web' }));
    const results = await Promise.all(racers.map((r) => r.nextMessage<{ ports: number[] }>()));
    const mine = await new PortAllocator(new ReservationStore(root)).allocate({ name: 'web' });
    assert.deepEqual(new Set(results.flatMap((r) => r.ports)), new Set([mine]));
  });

  it('renews a named port when asked again, and lets it go once it expires', async () => {
    const clock = { now: Date.now() };
    const allocator = allocatorAt(clock);
    const web = await allocator.allocate({ name: 'web', reservationMs: 1_000 });
    clock.now += 900;
    assert.equal(await allocator.allocate({ name: 'web', reservationMs: 1_000 }), web);
    clock.now += 900;
    assert.equal(await allocator.allocate({ name: 'web', reservationMs: 1_000 }), web);
    clock.now += 1_000;
    assert.equal(allocator.store.findNamed('web'), undefined);
    assert.equal(allocator.store.tryReserve(web, '127.0.0.1', 1_000), true);
  });

  it('releases its own port early and leaves other processes\' ports alone', async () => {
    const root = fixtures.tempRoot();
    const other = children.start({ root, action: 'allocate', count: 1 });
    const [theirs] = (await other.nextMessage<{ ports: number[] }>()).ports;
    const allocator = new PortAllocator(new ReservationStore(root));
    const mine = await allocator.allocate();
    assert.equal(allocator.release(theirs), false);
    assert.equal(allocator.release(mine), true);
    assert.equal(allocator.store.read(mine), undefined);
    assert.equal(allocator.release(mine), false);
  });

  it('releases unnamed ports seen bound and renews named ones', async () => {
    const clock = { now: Date.now() };
    const allocator = allocatorAt(clock);
    const plain = await allocator.allocate({ reservationMs: 1_000 });
    const named = await allocator.allocate({ name: 'web', reservationMs: 1_000 });
    const untouched = await allocator.allocate({ reservationMs: 1_000 });
    clock.now += 900;
    const at = (port: number): BoundAddress => ({ port, address: '127.0.0.1', wildcard: false });
    assert.deepEqual(allocator.releaseIfBound([at(plain), at(named), at(1)], 1_000), { released: [plain], kept: [named] });
    clock.now += 900;
    assert.equal(allocator.store.read(plain), undefined);
    assert.equal(await allocator.allocate({ name: 'web' }), named);
    assert.ok(allocator.store.read(untouched) !== undefined);
  });

  it('lets only a listener on the reserved host (or a wildcard) release a reservation', async () => {
    const allocator = allocatorAt({ now: Date.now() });
    const v4 = await allocator.allocate({ host: '127.0.0.1' });
    const v6 = await allocator.allocate({ host: '::1' });
    const local = await allocator.allocate({ host: 'localhost' });
    const elsewhere = (port: number, address: string): BoundAddress => ({ port, address, wildcard: false });
    // Another address on the same port is somebody else: nothing is released.
    assert.deepEqual(allocator.releaseIfBound([elsewhere(v4, '::1'), elsewhere(v4, '10.1.2.3'), elsewhere(v6, '127.0.0.1')]), { released: [], kept: [] });
    assert.deepEqual(allocator.releaseIfBound([elsewhere(v6, '::1'), elsewhere(local, '::1')]), { released: [v6, local], kept: [] });
    assert.deepEqual(allocator.releaseIfBound([{ port: v4, address: '0.0.0.0', wildcard: true }]), { released: [v4], kept: [] });
  });

  it('says which listener answers for which host', () => {
    const at = (address: string, wildcard = false): BoundAddress => ({ port: 1, address, wildcard });
    assert.equal(hostCovers('127.0.0.1', at('127.0.0.1')), true);
    assert.equal(hostCovers('127.0.0.1', at('::1')), false);
    assert.equal(hostCovers('localhost', at('::1')), true);
    assert.equal(hostCovers('localhost', at('192.168.1.5')), false);
    assert.equal(hostCovers('::', at('::1')), false);
    assert.equal(hostCovers('::1', at('::', true)), true);
  });
});
