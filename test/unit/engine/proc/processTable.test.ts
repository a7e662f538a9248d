import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readProcessTable } from '../../../../src/engine/proc/processTable';

describe('processTable', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    it(`reads this process with its parent and group (${platform === 'linux' ? '/proc' : 'ps'})`, async () => {
      const table = await readProcessTable({ platform });
      const self = table.get(process.pid);
      assert.equal(self?.ppid, process.ppid);
      assert.equal(self?.zombie, false);
      assert.ok(Number.isInteger(self?.pgid));
    });
  }

  it('marks the processes whose environment carries the mark, the first variable included', async () => {
    const mark = `PORT_ZERO_TABLE_TEST=${process.pid}-${Date.now()}`;
    const [name, value] = mark.split('=');
    const first = spawn('/usr/bin/env', ['-i', mark, 'sleep', '30']);
    const later = spawn('sleep', ['30'], { env: { ...process.env, [name]: value } });
    const unmarked = spawn('sleep', ['30']);
    try {
      await Promise.all([first, later, unmarked].map((child) => once(child, 'spawn')));
      const table = await readProcessTable({ mark });
      assert.equal(table.get(first.pid!)?.marked, true);
      assert.equal(table.get(later.pid!)?.marked, true);
      assert.equal(table.get(unmarked.pid!)?.marked, undefined);
      assert.equal(table.get(process.pid)?.marked, undefined);
    } finally {
      for (const child of [first, later, unmarked]) child.kill('SIGKILL');
    }
  });

});
