import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { nodeProcReader, ProcFs } from '../../../../src/engine/proc/procReader';
import { listenersComeFirst } from '../../../../src/engine/sockets/procNetTables';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { isListener, Snapshot } from '../../../../src/engine/sockets/socket';
import { LiveSockets } from './_liveSockets';

const mine = (snapshot: Snapshot): Snapshot['sockets'] =>
  snapshot.sockets.filter((s) => s.pid === process.pid).sort((a, b) => a.id.localeCompare(b.id));

/** Real procfs, counting the bytes read from /proc/net/tcp. */
function countingSource(): { source: ProcfsSource; tcpBytes: () => number } {
  const tcpFds = new Set<number>();
  let bytes = 0;
  const counting: ProcFs = {
    ...fs,
    openSync: ((p: string, flags: string) => {
      const fd = fs.openSync(p, flags);
      if (p === '/proc/net/tcp') tcpFds.add(fd);
      else tcpFds.delete(fd);
      return fd;
    }) as typeof fs.openSync,
    readSync: ((fd: number, ...rest: Parameters<typeof fs.readSync> extends [unknown, ...infer R] ? R : never) => {
      const n = (fs.readSync as (...args: unknown[]) => number)(fd, ...rest);
      if (tcpFds.has(fd)) bytes += n;
      return n;
    }) as typeof fs.readSync,
  };
  return { source: new ProcfsSource({ reader: nodeProcReader(counting) }), tcpBytes: () => bytes };
}

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
    const { source, tcpBytes } = countingSource();
    await source.snapshot();
    const full = tcpBytes();
    const listeners = await source.snapshot({ listenersOnly: true });
    const partial = tcpBytes() - full;
    assert.ok(full > 600 * 149, `read ${full} bytes of the whole table`);
    assert.ok(partial < full / 2, `read ${partial} of ${full} bytes for listeners only`);
    assert.equal(mine(listeners).length, 1);
  });

  it('reads a kernel version from os.release() as the early stop needs it', () => {
    assert.deepEqual(['6.18.44-fc-v1045', '4.4.0', '4.19.2', '4.3.9', '3.10.0-1160.el7', 'garbage'].map((r) => listenersComeFirst(r)),
      [true, true, true, false, false, false]);
  });
});
