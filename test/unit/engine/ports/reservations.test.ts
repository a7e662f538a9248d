import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { currentProcess } from '../../../../src/engine/proc/processIdentity';
import { ensurePrivateDir, usableReservationRoot } from '../../../../src/engine/ports/reservationDir';
import { ReservationStore } from '../../../../src/engine/ports/reservations';
import { Children } from './_allocatorChildren';
import { Fixtures } from './_allocatorFixtures';

const PORT = 45678;

describe('ReservationStore', () => {
  const fixtures = new Fixtures();
  const children = new Children();
  afterEach(async () => {
    await children.killAll();
    await fixtures.cleanup();
  });

  function storeAt(clock: { now: number } = { now: Date.now() }): ReservationStore {
    return new ReservationStore(fixtures.tempRoot(), () => clock.now);
  }

  it('refuses a second reservation of a port while the first lives', () => {
    const store = storeAt();
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 30_000), true);
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 30_000), false);
    assert.equal(store.read(PORT)?.reservation.owner.pid, process.pid);
  });

  it('reclaims an expired reservation for the next caller', () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), true);
    clock.now += 999;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), false);
    clock.now += 1;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), true);
  });

  it('reclaims the reservation of a process killed with SIGKILL, not before', async () => {
    const root = fixtures.tempRoot();
    const child = children.start({ root, action: 'allocate', count: 1 });
    const { ports } = await child.nextMessage<{ ports: number[] }>();
    const store = new ReservationStore(root);
    assert.equal(store.read(ports[0])?.reservation.owner.pid, child.process.pid);
    assert.equal(store.tryReserve(ports[0], '127.0.0.1', 30_000), false, 'the live child keeps its port');
    await Children.kill(child.process);
    assert.equal(store.tryReserve(ports[0], '127.0.0.1', 30_000), true);
    assert.equal(store.read(ports[0])?.reservation.owner.pid, process.pid);
  });

  it('lets exactly one of several processes reclaim each stale reservation', async () => {
    const root = fixtures.tempRoot();
    const stale = new ReservationStore(root, () => Date.now() - 120_000);
    const ports = Array.from({ length: 200 }, (_, i) => PORT + i);
    for (const port of ports) assert.equal(stale.tryReserve(port, '127.0.0.1', 1_000), true);
    const racers = Array.from({ length: 6 }, () => children.start({ root, action: 'reserve', ports }));
    await Promise.all(racers.map((r) => r.nextMessage()));
    for (const r of racers) r.process.stdin!.write('go\n');
    const results = await Promise.all(racers.map((r) => r.nextMessage<{ won: number[] }>()));
    const wins = results.flatMap((r) => r.won).sort((a, b) => a - b);
    assert.deepEqual(wins, ports, 'every port won exactly once');
    const store = new ReservationStore(root);
    results.forEach((r, i) => {
      for (const port of r.won) assert.equal(store.read(port)?.reservation.owner.pid, racers[i].process.pid);
    });
  });

  it('treats a file still being written as taken until it is ten seconds old', () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    const file = path.join(store.portsDir, String(PORT));
    fs.writeFileSync(file, '');
    clock.now = fs.statSync(file).mtimeMs + 9_999;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 30_000), false);
    clock.now += 2;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 30_000), true);
  });

  it('reclaims past a claim abandoned by a dead claimer', async () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), true);
    const file = path.join(store.portsDir, String(PORT));
    const dead = children.start({ root: store.root, action: 'allocate', count: 0 });
    await dead.nextMessage();
    const deadPid = dead.process.pid!;
    await Children.kill(dead.process);
    fs.writeFileSync(`${file}.claim-${fs.statSync(file).ino}`, JSON.stringify({ pid: deadPid }));
    clock.now += 1_000;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), true);
    assert.deepEqual(fs.readdirSync(store.portsDir), [String(PORT)]);
  });

  it('does not reclaim past a claim held by a live process', () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), true);
    const file = path.join(store.portsDir, String(PORT));
    fs.writeFileSync(`${file}.claim-${fs.statSync(file).ino}`, JSON.stringify(currentProcess()));
    clock.now += 1_000;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), false);
  });

  it('refreshes a reservation in place: same port, later expiry, this process as owner', () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000, 'web'), true);
    clock.now += 900;
    assert.equal(store.refresh(store.read(PORT)!, 1_000), true);
    clock.now += 900;
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), false, 'the refreshed reservation still lives');
    assert.equal(store.read(PORT)?.reservation.name, 'web');
  });

  it('refuses to refresh a version that was replaced meanwhile', () => {
    const store = storeAt();
    assert.equal(store.tryReserve(PORT, '127.0.0.1', 1_000), true);
    const old = store.read(PORT)!;
    assert.equal(store.refresh(store.read(PORT)!, 1_000), true);
    assert.equal(store.refresh(old, 1_000), false);
    assert.equal(store.remove(old), false);
  });

  it('sweeps stale reservations and leaves live ones', () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    store.tryReserve(PORT, '127.0.0.1', 1_000);
    store.tryReserve(PORT + 1, '127.0.0.1', 5_000);
    clock.now += 2_000;
    store.sweep();
    assert.deepEqual(fs.readdirSync(store.portsDir), [String(PORT + 1)]);
  });

  it('forgets a name whose reservation is gone and keeps one whose reservation lives', () => {
    const clock = { now: Date.now() };
    const store = storeAt(clock);
    store.tryReserve(PORT, '127.0.0.1', 1_000, 'api');
    assert.equal(store.bindName('api', PORT), true);
    assert.equal(store.bindName('api', PORT + 1), false);
    const found = store.findNamed('api');
    assert.ok(found !== undefined && found !== 'pending');
    assert.equal(found.reservation.port, PORT);
    clock.now += 1_000;
    assert.equal(store.findNamed('api'), undefined);
    assert.deepEqual(fs.readdirSync(store.namesDir), []);
  });

  it('keeps the reservation directory private and refuses a symlink in its place', () => {
    const root = fixtures.tempRoot();
    fs.mkdirSync(root, { mode: 0o755 });
    fs.chmodSync(root, 0o755);
    ensurePrivateDir(root);
    assert.equal(fs.statSync(root).mode & 0o777, 0o700);
    const link = `${root}-link`;
    fs.symlinkSync(root, link);
    try {
      assert.throws(() => ensurePrivateDir(link), /link or a file/);
    } finally {
      fs.unlinkSync(link);
    }
  });

  for (const planted of ['a directory owned by nobody', 'a symlink']) {
    it(`falls back to the user's cache directory when another user planted ${planted} at the shared path, and never throws`, () => {
      const tmp = path.dirname(fixtures.tempRoot());
      const shared = path.join(tmp, `port-zero-${process.getuid!()}`);
      if (planted === 'a symlink') {
        fs.mkdirSync(path.join(tmp, 'elsewhere'));
        fs.symlinkSync(path.join(tmp, 'elsewhere'), shared);
      } else {
        fs.mkdirSync(shared, { mode: 0o777 });
        fs.chownSync(shared, 65534, 65534);
      }
      const warnings: string[] = [];
      const root = usableReservationRoot((m) => warnings.push(m), path.join(tmp, 'run-user'), tmp, path.join(tmp, 'home'));
      assert.equal(root, path.join(tmp, 'home', '.cache', 'port-zero'));
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(warnings[0], planted === 'a symlink' ? /link or a file/ : /belongs to user 65534/);
      const store = new ReservationStore(root);
      assert.equal(store.tryReserve(PORT, '127.0.0.1', 30_000), true);
    });
  }

  it('falls back to a directory of its own, with a warning, when the cache directory is unusable too', () => {
    const tmp = path.dirname(fixtures.tempRoot());
    fs.mkdirSync(path.join(tmp, 'home'));
    fs.writeFileSync(path.join(tmp, 'home', '.cache'), 'a file where a directory should be');
    fs.symlinkSync('/nonexistent', path.join(tmp, `port-zero-${process.getuid!()}`));
    const warnings: string[] = [];
    const root = usableReservationRoot((m) => warnings.push(m), path.join(tmp, 'run-user'), tmp, path.join(tmp, 'home'));
    try {
      assert.equal(warnings.length, 3, warnings.join('\n'));
      assert.match(warnings[2], /only this window uses/);
      assert.equal(fs.statSync(root).mode & 0o777, 0o700);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
