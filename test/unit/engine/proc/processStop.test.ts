import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { forceKill, terminate } from '../../../../src/engine/proc/processStop';
import { isAlive, listedStartNow, processStartTime } from '../../../../src/engine/proc/processIdentity';

/** A node child that prints `ready` once its SIGTERM handling is in place. */
async function child(ignoreTerm: boolean): Promise<ChildProcess> {
  const script = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('ready'); setInterval(() => {}, 1000);`;
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(proc.stdout!, 'data')) as [Buffer];
  assert.match(line.toString(), /ready/);
  return proc;
}

describe('processStop', () => {
  let proc: ChildProcess | undefined;
  afterEach(() => {
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    proc = undefined;
  });

  it('ends a process that honours SIGTERM', async () => {
    proc = await child(false);
    const who = { pid: proc.pid!, start: processStartTime(proc.pid!) };
    const exited = once(proc, 'exit');
    assert.equal(await terminate(who), 'exited');
    assert.deepEqual((await exited)[1], 'SIGTERM');
  });

  it('reports a process that ignores SIGTERM as running, and SIGKILL ends it', async () => {
    proc = await child(true);
    const who = { pid: proc.pid!, start: processStartTime(proc.pid!) };
    assert.equal(await terminate(who, { graceMs: 300, pollMs: 20 }), 'running');
    assert.equal(isAlive(who), true);
    const exited = once(proc, 'exit');
    assert.equal(await forceKill(who), 'exited');
    assert.equal((await exited)[1], 'SIGKILL');
  });

  // Start times come from /proc: this one is about Linux, where pids get reused quickest.
  it('signals nothing when the pid now belongs to a process started at another time', async () => {
    proc = await child(false);
    const start = processStartTime(proc.pid!)!;
    assert.equal(await terminate({ pid: proc.pid!, start: start + 1 }), 'gone');
    assert.equal(isAlive({ pid: proc.pid!, start }), true);
  });

  // The systeminformation engine's rows carry ps-derived start times in ms since the epoch, not /proc ticks.
  it('stops a process identified the way the systeminformation engine lists it, read again with ps', async () => {
    proc = await child(false);
    const start = (await listedStartNow(proc.pid!))!;
    assert.equal(typeof start, 'number');
    assert.equal(await terminate({ pid: proc.pid!, start: start - 3_600_000, clock: 'processList' }), 'gone');
    const exited = once(proc, 'exit');
    assert.equal(await terminate({ pid: proc.pid!, start, clock: 'processList' }), 'exited');
    assert.deepEqual((await exited)[1], 'SIGTERM');
  });
});
