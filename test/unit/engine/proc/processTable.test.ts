import * as assert from 'node:assert/strict';
import { descendantsOf, parseStat, ProcessEntry, readProcessTable } from '../../../../src/engine/proc/processTable';

describe('processTable', () => {
  it('parses stat lines whose name holds spaces and parentheses', () => {
    const line = '4242 (my (odd) name) S 17 4242 4242 0 -1 4194304 1 0 0 0 0 0 0 0 20 0 1 0 98765 1 1';
    assert.deepEqual(parseStat(line), { pid: 4242, ppid: 17, pgid: 4242, startTime: 98765, zombie: false });
    assert.equal(parseStat('7 (z) Z 1 7 7 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 5 0 0')?.zombie, true);
    assert.equal(parseStat('garbage'), undefined);
  });

  it('finds descendants through parent pids, roots included', () => {
    const entry = (pid: number, ppid: number): ProcessEntry => ({ pid, ppid, pgid: pid, zombie: false });
    const table = new Map([entry(1, 0), entry(10, 1), entry(11, 10), entry(12, 11), entry(20, 1)].map((e) => [e.pid, e]));
    assert.deepEqual([...descendantsOf(table, [10])].sort(), [10, 11, 12]);
    assert.deepEqual([...descendantsOf(table, [99])], []);
  });

  for (const platform of ['linux', 'darwin'] as const) {
    it(`reads this process with its parent and group (${platform === 'linux' ? '/proc' : 'ps'})`, async () => {
      const table = await readProcessTable(platform);
      const self = table.get(process.pid);
      assert.equal(self?.ppid, process.ppid);
      assert.equal(self?.zombie, false);
      assert.ok(Number.isInteger(self?.pgid));
    });
  }
});
