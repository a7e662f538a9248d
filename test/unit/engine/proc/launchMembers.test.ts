import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { launchMembers } from '../../../../src/engine/proc/launchMembers';
import { readProcessTable } from '../../../../src/engine/proc/processTable';
import { forceKill } from '../launch/launchHarness';

const MARK = `PORT_ZERO_LAUNCH=launch-members-test-${process.pid}`;

/** Pids of processes whose command line is exactly `command`, read with ps so the check shares no code with the table. */
function pidsOf(command: string): number[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .flatMap((m) => (m && m[2] === command ? [Number(m[1])] : []));
}

describe('launchMembers', () => {
  const started: number[] = [];
  afterEach(() => forceKill(started.splice(0)));

  it('once the root is dead, takes from its group and session only what carries the mark and runs as the user, not nobody\'s or an unmarked process', async () => {
    const [name, value] = MARK.split('=');
    // Running a process as nobody takes root, as CI has; elsewhere there is nobody else to be.
    const asNobody = process.getuid?.() === 0 ? 'setpriv --reuid=nobody --regid=nogroup --clear-groups sleep 613 &' : '';
    // The root leads its group and session (a detached spawn, as every launch), starts them, prints and exits.
    const script = `sleep 611 & env -u PORT_ZERO_LAUNCH sleep 612 & ${asNobody} echo started`;
    const root = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, [name]: value } });
    const exited = once(root, 'exit');
    await once(root.stdout!, 'data');
    await exited;
    const [own, unmarked, nobodys] = ['sleep 611', 'sleep 612', 'sleep 613'].map((c) => pidsOf(c));
    started.push(...own, ...unmarked, ...nobodys);
    assert.deepEqual([own.length, unmarked.length, nobodys.length], [1, 1, asNobody ? 1 : 0]);
    const table = await readProcessTable({ mark: MARK });
    const { members } = launchMembers(table, { pid: root.pid!, alive: false, uid: process.getuid!() });
    assert.deepEqual([...members], own);
  });
});
