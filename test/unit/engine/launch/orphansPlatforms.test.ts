import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LaunchJournal, type LaunchRecord } from '../../../../src/engine/launch/launchJournal';
import { findOrphans, stopOrphan } from '../../../../src/engine/launch/orphans';
import { readProcessTable } from '../../../../src/engine/proc/processTable';
import type { SocketSource } from '../../../../src/engine/sockets/socket';
import { capture } from '../_platform/captures';
import { FakeOs } from '../_platform/fakeOs';

const nothingListens: SocketSource = {
  snapshot: async () => ({ takenAt: 0, sockets: [], processes: new Map(), skippedLines: 0 }),
  socketsOfTree: async () => ({ takenAt: 0, sockets: [], processes: new Map(), skippedLines: 0 }),
};

/** A pid no process can have (above Linux's pid_max), so the journal's host is gone. */
const DEAD_HOST = { pid: 99_999_999 };

const platforms = [
  { platform: 'darwin', pid: 4242, name: 'node', table: 'darwin/ps-A-pid-ppid-pgid-stat-etime-comm.txt' },
  { platform: 'win32', pid: 13876, name: 'Discord.exe', table: 'win32/get-ciminstance-win32-process.json' },
] as const;

for (const { platform, pid, name, table } of platforms) {
  describe(`Servers a lost window left running, on ${platform} (captured output)`, () => {
    let dir: string;
    let machine: FakeOs;
    let start: number;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pz-orphans-'));
      machine = new FakeOs(platform);
      start = machine.add(pid, { onRequest: 'exit' }).start;
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const deps = () => ({
      identity: { platform, run: machine.run },
      readTable: () => readProcessTable({ platform, run: async () => ({ stdout: capture(table), stderr: '', code: 0 }) }),
    });
    function lose(rootStart: number): void {
      const record: LaunchRecord = { id: 'l1', name: 'web', command: 'npm run dev', cwd: '/app', root: { pid, start: rootStart, clock: 'processList' }, mark: 'PORT_ZERO_LAUNCH=x', ports: [5173] };
      new LaunchJournal(dir, DEAD_HOST).write([record]);
    }

    it('finds the root still running when the process list gives it the start it was recorded with', async () => {
      lose(start);
      const orphans = await findOrphans(new LaunchJournal(dir), nothingListens, deps());
      assert.deepEqual(orphans.map((o) => o.survivors), [[{ pid, name }]]);
    });

    it('finds nothing, and forgets the journal, when the root pid now names a process started at another time', async () => {
      lose(start - 3_600_000);
      assert.deepEqual(await findOrphans(new LaunchJournal(dir), nothingListens, deps()), []);
      assert.deepEqual(fs.readdirSync(dir), []);
      assert.deepEqual(machine.signals, []);
    });
  });
}

describe('Stop All on servers a lost window left running, on win32 (captured output)', () => {
  it('ends the tree with taskkill only while its root is still the process recorded', async () => {
    const machine = new FakeOs('win32');
    const { start } = machine.add(13876, { onRequest: 'exit' });
    const orphan = (rootStart: number) => ({
      journal: { file: '/nowhere', host: DEAD_HOST, launches: [] },
      record: { id: 'l1', name: 'web', command: 'npm run dev', cwd: 'C:\\app', root: { pid: 13876, start: rootStart, clock: 'processList' as const }, mark: 'PORT_ZERO_LAUNCH=x', ports: [] },
      survivors: [{ pid: 13876, name: 'Discord.exe' }],
      listening: new Set<number>(),
    });
    await stopOrphan(orphan(start - 3_600_000), { identity: { platform: 'win32', run: machine.run } });
    assert.deepEqual(machine.signals, [], 'a process that took the root pid was asked to end');
    await stopOrphan(orphan(start), { identity: { platform: 'win32', run: machine.run } });
    assert.deepEqual(machine.signals, ['taskkill.exe /PID 13876 /T']);
  });
});
