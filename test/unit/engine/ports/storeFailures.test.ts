import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PortAllocator } from '../../../../src/engine/ports/allocator';
import { usableReservationRoot } from '../../../../src/engine/ports/reservationDir';
import { ReservationStore } from '../../../../src/engine/ports/reservations';
import { Children } from './_allocatorChildren';
import { Fixtures } from './_allocatorFixtures';
import { listeningSockets } from './_listeningSockets';

const NOBODY = { uid: 65534, gid: 65534 };

/** Real failures of the reservation store: a full tmpfs, a read-only mount, a directory not ours to write, one removed. */
describe('PortAllocator when its store fails', () => {
  const fixtures = new Fixtures();
  const children = new Children();
  const mounts: string[] = [];

  afterEach(async () => {
    await children.killAll();
    // Innermost first; lazily, so a mount still busy cannot outlive the test.
    for (const mount of mounts.splice(0).reverse()) execFileSync('umount', ['-l', mount]);
    await fixtures.cleanup();
  });

  function mount(args: string[], at: string): void {
    fs.mkdirSync(at, { recursive: true });
    execFileSync('mount', [...args, at]);
    mounts.push(at);
  }

  function allocatorWithWarnings(store: ReservationStore): { allocator: PortAllocator; warnings: string[] } {
    const warnings: string[] = [];
    return { allocator: new PortAllocator(store, (message) => warnings.push(message)), warnings };
  }

  /**
   * Asks as three ${command:freePort} and a named launch would: each gets a
   * port, with one warning saying why it is unreserved, and nothing is left
   * behind: no socket listening, no file.
   */
  async function assertUnreservedWithoutLeftovers(store: ReservationStore, why: RegExp): Promise<void> {
    const { allocator, warnings } = allocatorWithWarnings(store);
    const before = listeningSockets();
    for (const request of [{}, {}, { host: 'localhost' as const }, { name: 'web' }]) {
      const port = await allocator.allocate(request);
      assert.ok(Number.isInteger(port) && port > 0, String(port));
    }
    assert.equal(listeningSockets(), before, 'a port held while reserving is still open');
    assert.deepEqual(fs.readdirSync(store.portsDir), [], 'a reservation file stayed behind');
    assert.deepEqual(fs.readdirSync(store.namesDir), [], 'a name file stayed behind');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], why);
    assert.match(warnings[0], /handed out unreserved/);
  }

  it('on a full tmpfs (ENOSPC): hands out unreserved ports with one warning, closes every port it held and leaves no empty file', async () => {
    const root = fixtures.tempRoot();
    mount(['-t', 'tmpfs', '-o', 'size=4k,mode=0700', 'tmpfs'], root);
    const store = new ReservationStore(root);
    fs.writeFileSync(path.join(root, 'filler'), Buffer.alloc(4096));
    assert.throws(() => fs.writeFileSync(path.join(root, 'probe'), 'x'), { code: 'ENOSPC' });
    fs.rmSync(path.join(root, 'probe'), { force: true });
    await assertUnreservedWithoutLeftovers(store, /ENOSPC/);
  });

  it('on a read-only mount (EROFS): hands out unreserved ports with one warning and closes every port it held', async () => {
    const root = fixtures.tempRoot();
    const store = new ReservationStore(root);
    mount(['--bind', root], root);
    execFileSync('mount', ['-o', 'remount,ro,bind', root]);
    await assertUnreservedWithoutLeftovers(store, /EROFS/);
  });

  it('in a directory its user may not write (EACCES, run as nobody): unreserved ports, one warning, no socket left listening', async () => {
    const root = fixtures.tempRoot();
    const store = new ReservationStore(root);
    fs.chmodSync(path.dirname(root), 0o755);
    for (const dir of [root, store.portsDir, store.namesDir]) fs.chownSync(dir, NOBODY.uid, NOBODY.gid);
    fs.chmodSync(store.portsDir, 0o500);
    const child = children.start({ root, action: 'allocate', count: 3 }, NOBODY);
    const { ports, warnings, listening } = await child.nextMessage<{ ports: number[]; warnings: string[]; listening: number }>();
    assert.equal(listening, 0, 'the child still holds a port it probed');
    assert.equal(new Set(ports).size, 3);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /EACCES.*handed out unreserved/);
    assert.deepEqual(fs.readdirSync(store.portsDir), []);
  });

  it('recreates a reservation directory removed under it (ENOENT) and reserves there, without a warning', async () => {
    const store = new ReservationStore(fixtures.tempRoot());
    const { allocator, warnings } = allocatorWithWarnings(store);
    await allocator.allocate();
    fs.rmSync(store.root, { recursive: true });
    const port = await allocator.allocate({ name: 'web' });
    assert.equal(store.read(port)?.reservation.owner.pid, process.pid, 'the port is reserved again');
    assert.equal(await allocator.allocate({ name: 'web' }), port);
    assert.deepEqual(warnings, []);
  });

  it('moves to the shared fallback, where every other process now looks, when logind removed /run/user/<uid>', async () => {
    const tmp = path.dirname(fixtures.tempRoot());
    const runUser = path.join(tmp, 'run-user');
    fs.mkdirSync(path.join(runUser, String(process.getuid!())), { recursive: true });
    const locate = (): string => usableReservationRoot(undefined, runUser, tmp, path.join(tmp, 'home'));
    const store = new ReservationStore(locate);
    assert.equal(store.root, path.join(runUser, String(process.getuid!()), 'port-zero'));
    fs.rmSync(path.join(runUser, String(process.getuid!())), { recursive: true });
    const port = await new PortAllocator(store).allocate({ name: 'web' });
    assert.equal(store.root, path.join(tmp, `port-zero-${process.getuid!()}`));
    assert.equal(locate(), store.root, 'a process started now finds the same store');
    assert.equal(await new PortAllocator(new ReservationStore(locate)).allocate({ name: 'web' }), port);
  });
});
