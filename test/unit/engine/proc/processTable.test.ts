import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { nodeProcReader, ProcReader } from '../../../../src/engine/proc/procReader';
import { sameStart } from '../../../../src/engine/proc/processIdentity';
import { readProcessTable } from '../../../../src/engine/proc/processTable';

describe('processTable', () => {
  for (const platform of ['linux', 'darwin'] as const) {
    it(`reads this process with its parent and group (${platform === 'linux' ? '/proc' : 'ps'})`, async () => {
      const table = await readProcessTable({ platform });
      const self = table.get(process.pid);
      assert.equal(self?.ppid, process.ppid);
      assert.equal(self?.zombie, false);
      assert.ok(Number.isInteger(self?.pgid));
      // ps's elapsed time, read on this machine, gives the start processIdentity would read for the pid.
      if (platform === 'darwin') assert.ok(sameStart(self!.startTime!, Date.now() - process.uptime() * 1000, self?.startClock, platform), `start ${self?.startTime}`);
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
      assert.equal(table.get(unmarked.pid!)?.marked, false);
      assert.equal(table.get(process.pid)?.marked, false);
    } finally {
      for (const child of [first, later, unmarked]) child.kill('SIGKILL');
    }
  });

  it('reads an environment again when it is empty, as it is for an instant inside execve()', async () => {
    // The kernel's window is microseconds wide: a reader answers the first read as the kernel would inside it.
    const mark = `PORT_ZERO_TABLE_TEST=${process.pid}-${Date.now()}`;
    const [name, value] = mark.split('=');
    const child = spawn('sleep', ['30'], { env: { ...process.env, [name]: value } });
    const real = nodeProcReader();
    let emptied = 0;
    const midExec: ProcReader = {
      ...real,
      readFile: (path, enough) => {
        if (path === `/proc/${child.pid}/environ` && emptied++ === 0) return Buffer.alloc(0);
        return real.readFile(path, enough);
      },
    };
    try {
      await once(child, 'spawn');
      const table = await readProcessTable({ mark, reader: midExec });
      assert.equal(emptied, 2, 'the empty environment was not read again');
      assert.equal(table.get(child.pid!)?.marked, true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('gives up on an environment that stays empty, and leaves the process unmarked', async () => {
    const mark = `PORT_ZERO_TABLE_TEST=${process.pid}-${Date.now()}`;
    const bare = spawn('/usr/bin/env', ['-i', 'sleep', '30']);
    try {
      await once(bare, 'spawn');
      const table = await readProcessTable({ mark });
      assert.equal(table.get(bare.pid!)?.zombie, false);
      assert.equal(table.get(bare.pid!)?.marked, false);
    } finally {
      bare.kill('SIGKILL');
    }
  });

  it('finds a daemon that setsid() took out of its launch, read the moment the launch\'s shell exits', async function () {
    // Before environments were read again, about 1 read in 60 caught the daemon inside execve() and missed it.
    this.timeout(60_000);
    const name = 'PORT_ZERO_TABLE_TEST';
    const missed: number[] = [];
    const daemons: number[] = [];
    try {
      for (let i = 0; i < 200; i++) {
        const value = `${process.pid}-${i}`;
        const shell = spawn('/bin/sh', ['-c', '(setsid sleep 600 &); exit 0'], { detached: true, stdio: 'ignore', env: { ...process.env, [name]: value } });
        await once(shell, 'exit');
        const table = await readProcessTable({ mark: `${name}=${value}` });
        const marked = [...table.values()].filter((entry) => entry.marked && !entry.zombie);
        if (marked.length === 0) missed.push(i);
        daemons.push(...marked.map((entry) => entry.pid));
      }
    } finally {
      for (const pid of daemons) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    assert.deepEqual(missed, [], `launches whose daemon the table missed`);
  });
});
