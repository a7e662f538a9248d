import * as assert from 'node:assert/strict';
import { ipv4Endpoint } from '../../../../src/engine/sockets/address';
import type { ProcessInfo } from '../../../../src/engine/proc/processInfo';
import { decodeDelta, encodeDelta } from '../../../../src/engine/sockets/snapshotDelta';
import type { Snapshot, Socket } from '../../../../src/engine/sockets/socket';

function socket(inode: number, port: number, state: Socket['state'] = 'LISTEN', pid: number | undefined = 100): Socket {
  return { id: `tcp:${inode}`, protocol: 'tcp', family: 4, state, local: ipv4Endpoint(0x7f000001, port), peer: undefined, uid: 1000, inode, pid };
}

function proc(pid: number, name = 'node'): ProcessInfo {
  return { pid, ppid: 1, name, commandLine: `${name} server.js`, cwd: '/srv', startTime: pid * 3, uid: 1000 };
}

function snapshot(sockets: Socket[], processes: ProcessInfo[], takenAt = 1): Snapshot {
  return { takenAt, sockets, processes: new Map(processes.map((p) => [p.pid, p])), skippedLines: takenAt % 3 };
}

/** What crossing to another thread does to objects: copies them. */
const cloned = <T>(value: T): T => structuredClone(value);

describe('snapshotDelta', () => {
  it('sends everything against no base, and rebuilds it field for field', () => {
    const next = snapshot([socket(1, 3000), socket(2, 3001)], [proc(100)]);
    const { delta, fresh, changed } = encodeDelta(undefined, next);
    assert.equal(fresh.length, 2);
    assert.equal(changed.length, 1);
    assert.deepStrictEqual(decodeDelta(undefined, delta, cloned(fresh), new Map(cloned(changed))), next);
  });

  it('sends only what changed, reuses the receiver\'s own objects for the rest, and keeps the order', () => {
    const before = snapshot([socket(1, 3000), socket(2, 3001), socket(3, 3002)], [proc(100), proc(200)]);
    const receiver = cloned(before);
    const after = snapshot(
      [socket(4, 3003), socket(2, 3001), socket(1, 3000, 'LISTEN', 200), socket(3, 3002)],
      [proc(200), proc(100, 'renamed'), proc(300)],
      2,
    );
    const { delta, fresh, changed } = encodeDelta(before, after);
    assert.deepEqual(fresh.map((s) => s.inode), [4, 1], 'a new socket, and one whose owner changed');
    assert.deepEqual(changed.map(([pid]) => pid), [100, 300]);
    const rebuilt = decodeDelta(receiver, delta, cloned(fresh), new Map(cloned(changed)));
    assert.deepStrictEqual(rebuilt, after);
    assert.equal(rebuilt.sockets[1], receiver.sockets[1], 'unchanged: the receiver\'s object');
    assert.equal(rebuilt.processes.get(200), receiver.processes.get(200));
    assert.deepEqual([...rebuilt.processes.keys()], [200, 100, 300]);
  });

  it('hands back the base\'s own list and map when nothing changed, so "nothing new" is one comparison', () => {
    const before = snapshot([socket(1, 3000), socket(2, 3001)], [proc(100), proc(200)]);
    const receiver = cloned(before);
    const same = encodeDelta(before, snapshot([socket(1, 3000), socket(2, 3001)], [proc(100), proc(200)], 7));
    const rebuilt = decodeDelta(receiver, same.delta, same.fresh, new Map(same.changed));
    assert.equal(rebuilt.sockets, receiver.sockets);
    assert.equal(rebuilt.processes, receiver.processes);
    assert.deepEqual([rebuilt.takenAt, rebuilt.skippedLines], [7, 1]);
    const swapped = encodeDelta(before, snapshot([socket(2, 3001), socket(1, 3000)], [proc(100), proc(200)], 8));
    assert.notEqual(decodeDelta(receiver, swapped.delta, swapped.fresh, new Map(swapped.changed)).sockets, receiver.sockets);
  });

  it('refuses a change to a snapshot the receiver does not hold', () => {
    const before = snapshot([socket(1, 3000)], [proc(100)]);
    const { delta, fresh, changed } = encodeDelta(before, snapshot([socket(1, 3000)], [proc(100)], 2));
    assert.throws(() => decodeDelta(undefined, delta, fresh, new Map(changed)), /not there/);
  });
});
