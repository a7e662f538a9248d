import * as assert from 'node:assert/strict';
import { ProcessIdentity } from '../../../../src/engine/proc/processIdentity';
import { forceKill, StopOptions, terminate } from '../../../../src/engine/proc/processStop';
import { killTree } from '../../../../src/engine/proc/treeKiller';
import { FakeOs } from '../_platform/fakeOs';

const PID = 13876;

for (const platform of ['linux', 'darwin', 'win32'] as const) {
  describe(`Stop on ${platform} (captured tool output)`, () => {
    const windows = platform === 'win32';
    let os: FakeOs;
    let options: StopOptions;
    beforeEach(() => {
      os = new FakeOs(platform);
      options = { platform, run: os.run, signal: os.signal, graceMs: 300, pollMs: 5 };
    });
    /** The row's identity: pid and start time as systeminformation's process list gave them. */
    const rowOf = (start: number): ProcessIdentity => ({ pid: PID, start, clock: 'processList' });

    it('signals nothing when the pid now names a process started at another time', async () => {
      const p = os.add(PID, { onRequest: 'exit' });
      assert.equal(await terminate(rowOf(p.start - 3_600_000), options), 'gone');
      assert.equal(await forceKill(rowOf(p.start - 3_600_000), options), 'gone');
      assert.deepEqual(os.signals, []);
      assert.ok(p.alive);
    });

    it(windows ? 'asks with taskkill /T, without /F, and sees a windowed program close' : 'sends SIGTERM and sees the process exit', async () => {
      const p = os.add(PID, { onRequest: 'exit' });
      assert.equal(await terminate(rowOf(p.start), options), 'exited');
      assert.deepEqual(os.signals, [windows ? `taskkill.exe /PID ${PID} /T` : `kill -SIGTERM ${PID}`]);
    });

    it(windows
      ? 'reports at once that a console program can only be ended by force, and /T /F ends it'
      : 'reports a process that ignores SIGTERM as running after the grace period, and SIGKILL ends it', async () => {
      const p = os.add(PID, { onRequest: 'ignore', windowless: true });
      const started = Date.now();
      assert.equal(await terminate(rowOf(p.start), options), windows ? 'needsForce' : 'running');
      // Windows refused to ask, so there was nothing to wait for.
      if (windows) assert.ok(Date.now() - started < 300, `waited ${Date.now() - started} ms`);
      assert.equal(await forceKill(rowOf(p.start), options), 'exited');
      assert.deepEqual(os.signals, windows
        ? [`taskkill.exe /PID ${PID} /T`, `taskkill.exe /PID ${PID} /T /F`]
        : [`kill -SIGTERM ${PID}`, `kill -SIGKILL ${PID}`]);
    });

    it('checks the identity again before the forced step', async () => {
      const p = os.add(PID, { onRequest: 'ignore', windowless: true });
      await terminate(rowOf(p.start), options);
      const before = os.signals.length;
      // The process ended on its own and Windows (or a wrapped pid counter) gave its pid to another.
      p.start += 60_000;
      assert.equal(await forceKill(rowOf(p.start - 60_000), options), 'gone');
      assert.equal(os.signals.length, before);
    });

    it('says the system refused, rather than throwing its error', async () => {
      const p = os.add(PID, { onRequest: 'deny' });
      assert.equal(await terminate(rowOf(p.start), options), 'denied');
      assert.equal(await forceKill(rowOf(p.start), options), 'denied');
      assert.ok(p.alive);
    });

    it('finds a process already gone without signalling', async () => {
      const p = os.add(PID, { onRequest: 'exit' });
      p.alive = false;
      assert.equal(await terminate(rowOf(p.start), options), 'gone');
      assert.deepEqual(os.signals, []);
    });
  });
}

describe('killTree on win32 (captured tool output)', () => {
  it('asks the tree to close with taskkill /T first, and forces it with /T /F only if the root still runs', async () => {
    const os = new FakeOs('win32');
    os.add(PID, { onRequest: 'exit' });
    assert.deepEqual(await killTree(PID, { platform: 'win32', run: os.run, graceMs: 300, pollMs: 5 }), { pids: [PID], forced: [] });
    assert.deepEqual(os.signals, [`taskkill.exe /PID ${PID} /T`]);
  });

  it('forces a console tree at once, after checking the root is still the process it started', async () => {
    const os = new FakeOs('win32');
    os.add(PID, { onRequest: 'ignore', windowless: true });
    const result = await killTree(PID, { platform: 'win32', run: os.run, graceMs: 5000, pollMs: 5 });
    assert.deepEqual(result, { pids: [PID], forced: [PID] });
    assert.deepEqual(os.calls.map((c) => c.split(' ')[0]), ['powershell.exe', 'taskkill.exe', 'powershell.exe', 'taskkill.exe']);
    assert.deepEqual(os.signals, [`taskkill.exe /PID ${PID} /T`, `taskkill.exe /PID ${PID} /T /F`]);
  });

  it('names no pid once the root has exited, as Windows may have given it to another process', async () => {
    const os = new FakeOs('win32');
    os.add(PID, { onRequest: 'exit' });
    assert.deepEqual(await killTree(PID, { platform: 'win32', run: os.run, rootAlive: false }), { pids: [], forced: [] });
    assert.deepEqual(os.calls, []);
  });
});
