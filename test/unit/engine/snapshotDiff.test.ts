import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseEndpoint } from '../../../src/engine/address';
import { ProcfsSource } from '../../../src/engine/procfsSource';
import { Socket } from '../../../src/engine/socket';
import { diffSnapshots } from '../../../src/engine/snapshotDiff';
import { LiveSockets } from './_liveSockets';

function socket(id: string, state: Socket['state'], pid?: number): Socket {
  return { id, protocol: 'tcp', family: 4, state, local: parseEndpoint('127.0.0.1', 3000, 4)!, pid };
}

describe('diffSnapshots', () => {
  const live = new LiveSockets();
  afterEach(() => live.closeAll());

  it('splits sockets into added, removed and changed by id', () => {
    const a = { sockets: [socket('tcp:1', 'LISTEN', 5), socket('tcp:2', 'ESTABLISHED', 5), socket('tcp:3', 'LISTEN', 5)] };
    const b = { sockets: [socket('tcp:1', 'LISTEN', 5), socket('tcp:2', 'CLOSE_WAIT', 5), socket('tcp:4', 'LISTEN', 6)] };
    const diff = diffSnapshots(a, b);
    assert.deepEqual(diff.added.map((s) => s.id), ['tcp:4']);
    assert.deepEqual(diff.removed.map((s) => s.id), ['tcp:3']);
    assert.deepEqual(diff.changed.map((c) => [c.before.state, c.after.state]), [['ESTABLISHED', 'CLOSE_WAIT']]);
  });

  it('reports an owner change as a change', () => {
    const diff = diffSnapshots({ sockets: [socket('tcp:1', 'LISTEN', 5)] }, { sockets: [socket('tcp:1', 'LISTEN', undefined)] });
    assert.equal(diff.changed.length, 1);
  });

  it('sees a real listener come and go between procfs snapshots', async () => {
    const source = new ProcfsSource();
    const before = await source.snapshot();
    const server = await live.tcpListener('127.0.0.1');
    const port = (server.address() as net.AddressInfo).port;
    const during = await source.snapshot();
    await new Promise((r) => server.close(r));
    const after = await source.snapshot();
    const added = diffSnapshots(before, during).added.filter((s) => s.pid === process.pid);
    assert.deepEqual(added.map((s) => [s.state, s.local.port]), [['LISTEN', port]]);
    const removed = diffSnapshots(during, after).removed.filter((s) => s.pid === process.pid);
    assert.deepEqual(removed.map((s) => [s.state, s.local.port]), [['LISTEN', port]]);
  });
});
