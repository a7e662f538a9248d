import * as assert from 'node:assert/strict';
import { formatEndpoint } from '../../../../src/engine/sockets/address';
import { isListener } from '../../../../src/engine/sockets/socket';
import { MACHINES } from '../_platform/machines';

for (const machine of MACHINES) {
  describe(`systeminformation source on ${machine.title} (captured output)`, () => {
    const { expected } = machine;

    it('lists the listeners with the pid that owns each, parsed by systeminformation itself', async () => {
      const { source, unexpected } = machine.source();
      const snapshot = await source.snapshot();
      assert.deepEqual(unexpected, []);
      const listeners = snapshot.sockets.filter(isListener);
      assert.ok(listeners.length >= 3, listeners.map((s) => formatEndpoint(s.local)).join());
      for (const pid of [...expected.own, ...expected.other, ...expected.unknown]) {
        assert.ok(snapshot.sockets.some((s) => s.pid === pid), `no socket of ${pid}`);
        assert.ok(snapshot.processes.has(pid), `no process ${pid}`);
      }
      const sample = snapshot.processes.get(expected.sample.pid)!;
      assert.equal(sample.name, expected.sample.name);
      assert.equal(sample.commandLine, expected.sample.commandLine);
    });

    it('fills a start time on every process, the identity Stop checks before a signal', async () => {
      const snapshot = await machine.source().source.snapshot();
      for (const p of snapshot.processes.values()) {
        assert.equal(typeof p.startTime, 'number', `pid ${p.pid}`);
        assert.equal(p.startClock, 'processList');
      }
    });

    it('fills who owns each process, as a uid or the name the platform lists', async () => {
      const snapshot = await machine.source().source.snapshot();
      for (const pid of [...expected.own, ...expected.other]) {
        const p = snapshot.processes.get(pid)!;
        assert.ok(p.uid !== undefined || (p.user !== undefined && p.user !== 'N/A'), `owner of ${pid}: ${JSON.stringify(p)}`);
      }
      for (const pid of expected.unknown) assert.equal(snapshot.processes.get(pid)?.user, 'N/A');
    });

    it('fills the working directory where the platform gives one', async () => {
      const snapshot = await machine.source().source.snapshot();
      for (const [pid, cwd] of Object.entries(expected.cwd)) assert.equal(snapshot.processes.get(Number(pid))?.cwd, cwd, `cwd of ${pid}`);
    });

    it('reads owners and working directories once per process, in one batched command', async () => {
      const { source, ran } = machine.source();
      await source.snapshot();
      const first = ran.length;
      assert.ok(first <= 1, JSON.stringify(ran));
      if (machine.platform === 'darwin') {
        const [tool, ...args] = ran[0];
        assert.deepEqual([tool, ...args.slice(0, 4)], ['lsof', '-a', '-d', 'cwd', '-Fn']);
        assert.deepEqual(args[5].split(',').map(Number).sort((a, b) => a - b), [377, 512, 843, 1337, 4242]);
      }
      if (machine.platform === 'win32') assert.deepEqual(ran[0], ['tasklist.exe', '/V', '/FO', 'CSV', '/NH']);
      await source.snapshot();
      assert.equal(ran.length, first, 'a second snapshot of the same processes ran the tools again');
    });
  });
}
