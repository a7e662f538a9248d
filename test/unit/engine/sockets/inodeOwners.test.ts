import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { nodeProcReader, ProcFs } from '../../../../src/engine/proc/procReader';
import { LiveSockets } from './_liveSockets';

/** Real procfs, counting descriptor readlinks of this process. */
function countingSource(): { source: ProcfsSource; readlinks: () => number } {
  const prefix = `/proc/${process.pid}/fd/`;
  let count = 0;
  const counting: ProcFs = {
    ...fs,
    readlinkSync: ((p: string) => {
      if (p.startsWith(prefix)) count++;
      return fs.readlinkSync(p);
    }) as typeof fs.readlinkSync,
  };
  return { source: new ProcfsSource({ reader: nodeProcReader(counting) }), readlinks: () => count };
}

describe('InodeOwners warm path', () => {
  const live = new LiveSockets();
  afterEach(() => live.closeAll());

  it('does not re-read a process\'s descriptors while their count is unchanged', async () => {
    await live.tcpListener('127.0.0.1');
    const { source, readlinks } = countingSource();
    const cold = await source.snapshot();
    const afterCold = readlinks();
    assert.ok(afterCold > 0, 'the cold snapshot reads descriptors');
    const warm = await source.snapshot();
    assert.equal(readlinks(), afterCold, 'the warm snapshot reads none');
    const mine = (s: typeof cold): string[] => s.sockets.filter((x) => x.pid === process.pid).map((x) => x.id).sort();
    assert.ok(mine(cold).length > 0);
    assert.deepEqual(mine(warm), mine(cold));
  });

  it('re-reads them once a socket is opened, and attributes it', async () => {
    const { source, readlinks } = countingSource();
    await source.snapshot();
    const before = readlinks();
    const server = await live.tcpListener('127.0.0.1');
    const port = (server.address() as { port: number }).port;
    const snapshot = await source.snapshot();
    assert.ok(readlinks() > before);
    assert.equal(snapshot.sockets.find((s) => s.local.port === port)?.pid, process.pid);
  });

  it('socketsOfTree re-reads the tree every time, so a same-count swap is seen at once', async () => {
    const { source } = countingSource();
    const first = await live.tcpListener('127.0.0.1');
    await source.socketsOfTree([process.pid]);
    await new Promise((r) => first.close(r));
    const second = await live.tcpListener('127.0.0.1');
    const port = (second.address() as { port: number }).port;
    const snapshot = await source.socketsOfTree([process.pid]);
    assert.equal(snapshot.sockets.find((s) => s.local.port === port)?.pid, process.pid);
  });
});
