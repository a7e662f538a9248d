import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { ProcfsSource } from '../../../src/engine/procfsSource';
import { nodeProcReader, ProcFs } from '../../../src/engine/procReader';
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
    const cold = await source.socketsOfTree([process.pid]);
    const afterCold = readlinks();
    assert.ok(afterCold > 0, 'the cold snapshot reads descriptors');
    const warm = await source.socketsOfTree([process.pid]);
    assert.equal(readlinks(), afterCold, 'the warm snapshot reads none');
    assert.deepEqual(warm.sockets.map((s) => s.id), cold.sockets.map((s) => s.id));
  });

  it('re-reads them once a socket is opened, and attributes it', async () => {
    const { source, readlinks } = countingSource();
    await source.socketsOfTree([process.pid]);
    const before = readlinks();
    const server = await live.tcpListener('127.0.0.1');
    const port = (server.address() as { port: number }).port;
    const snapshot = await source.socketsOfTree([process.pid]);
    assert.ok(readlinks() > before);
    assert.equal(snapshot.sockets.find((s) => s.local.port === port)?.pid, process.pid);
  });
});
