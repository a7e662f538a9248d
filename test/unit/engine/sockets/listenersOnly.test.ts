import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import { listenersComeFirst } from '../../../../src/engine/sockets/procNetTables';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { isListener, Snapshot } from '../../../../src/engine/sockets/socket';
import { countingReader } from './_countingReader';
import { LiveSockets } from './_liveSockets';

const mine = (snapshot: Snapshot): Snapshot['sockets'] =>
  snapshot.sockets.filter((s) => s.pid === process.pid).sort((a, b) => a.id.localeCompare(b.id));

describe('ProcfsSource: listeners only', () => {
  const live = new LiveSockets();
  const clients: net.Socket[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    live.closeAll();
  });

  it('lists exactly the listening and bound sockets a full snapshot lists, with their owners', async () => {
    await live.tcpListener('127.0.0.1');
    await live.tcpListener('::1');
    const bound = await live.udp('udp4', '127.0.0.1');
    await live.udp('udp6', '::1');
    await live.udp('udp4', '127.0.0.1', bound.address());
    await live.tcpPair('127.0.0.1', '127.0.0.1');
    const source = new ProcfsSource();
    const all = await source.snapshot();
    const some = await source.snapshot({ listenersOnly: true });
    assert.deepEqual(mine(some), mine(all).filter(isListener));
    assert.equal(mine(some).length, 5, 'three TCP listeners (one of the pair), two bound UDP sockets');
    assert.ok(some.sockets.every(isListener));
    assert.deepEqual(some.processes.get(process.pid), all.processes.get(process.pid));
  });

  it('stops reading /proc/net/tcp where the listeners end, so the kernel never prints the connections', async () => {
    assert.ok(listenersComeFirst(), 'this kernel should print TCP listeners first (Linux ≥ 4.4)');
    const server = await live.tcpListener('127.0.0.1');
    const port = (server.address() as net.AddressInfo).port;
    const accepted: net.Socket[] = [];
    server.on('connection', (s) => accepted.push(s));
    // 600 connection rows of 150 bytes are more than one 64 KiB read.
    for (let i = 0; i < 300; i++) {
      const client = net.connect({ host: '127.0.0.1', port });
      clients.push(client);
      await once(client, 'connect');
    }
    while (accepted.length < 300) await once(server, 'connection');
    clients.push(...accepted);
    const counting = countingReader();
    const source = new ProcfsSource({ reader: counting.reader });
    await source.snapshot();
    const full = counting.bytes('/proc/net/tcp');
    const listeners = await source.snapshot({ listenersOnly: true });
    const partial = counting.bytes('/proc/net/tcp') - full;
    assert.ok(full > 600 * 149, `read ${full} bytes of the whole table`);
    assert.ok(partial < full / 2, `read ${partial} of ${full} bytes for listeners only`);
    assert.equal(mine(listeners).length, 1);
  });

  it('reads a kernel version from os.release() as the early stop needs it', () => {
    assert.deepEqual(['6.18.44-fc-v1045', '4.4.0', '4.19.2', '4.3.9', '3.10.0-1160.el7', 'garbage'].map((r) => listenersComeFirst(r)),
      [true, true, true, false, false, false]);
  });
});
