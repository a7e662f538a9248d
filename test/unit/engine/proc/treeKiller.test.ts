import * as assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { readProcessTable, type ProcessTable } from '../../../../src/engine/proc/processTable';
import { killTree } from '../../../../src/engine/proc/treeKiller';
import { forceKill, isGone, OutputLog, treePids } from '../launch/launchHarness';
import { EventEmitter } from 'node:events';

/** Starts a shell script in its own group, its output on the harness's OutputLog. */
const MARK = `PORT_ZERO_LAUNCH=tree-killer-test-${process.pid}`;

function startTree(script: string): { child: ChildProcess; log: OutputLog } {
  const [name, value] = MARK.split('=');
  const env = { ...process.env, [name]: value };
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: ['ignore', 'pipe', 'inherit'], env });
  const events = new EventEmitter();
  child.stdout?.on('data', (d: Buffer) => events.emit('output', d));
  return { child, log: new OutputLog(events) };
}

function groupMembers(pgid: number): number[] {
  return execFileSync('ps', ['-e', '-o', 'pid=,pgid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter(([, g]) => g === pgid)
    .map(([pid]) => pid);
}

/** Pids whose environment holds MARK, read with grep so the check shares no code with the killer. */
function markedPids(): number[] {
  const out = execFileSync('sh', ['-c', `grep -lzx ${MARK} /proc/[0-9]*/environ 2>/dev/null; true`], { encoding: 'utf8' });
  return out.split('\n').filter(Boolean).map((p) => Number(p.split('/')[2]));
}

describe('killTree', () => {
  const started: number[] = [];
  afterEach(() => forceKill(started.splice(0)));

  /** Starts the script and returns once it printed `started`, with its tree recorded for cleanup. */
  async function running(script: string): Promise<{ root: number; tree: number[] }> {
    const { child, log } = startTree(script.replace('$READY', 'echo started'));
    const root = child.pid as number;
    started.push(root);
    await log.waitFor(/started/);
    const tree = treePids(root);
    started.push(...tree, ...groupMembers(root));
    return { root, tree };
  }

  it('ends the root and every descendant with SIGTERM when they obey it', async () => {
    const { root, tree } = await running('sleep 30 & sleep 30 & $READY; wait');
    assert.ok(tree.length >= 3, `tree ${tree}`);
    const result = await killTree(root, { graceMs: 2000 });
    assert.deepEqual(tree.filter((pid) => !isGone(pid)), []);
    assert.deepEqual([...result.pids].sort(), [...tree].sort());
    assert.deepEqual(result.forced, []);
  });

  it('also ends an orphan whose parent exited but which stayed in the group', async () => {
    // The subshell forks sleep and exits, so sleep's parent becomes init: only its group ties it to the tree.
    const { root, tree } = await running('(sleep 30 &); $READY; sleep 30');
    const group = groupMembers(root);
    const orphans = group.filter((pid) => !tree.includes(pid));
    assert.equal(orphans.length, 1, `group ${group}`);
    await killTree(root, { graceMs: 2000 });
    assert.deepEqual(group.filter((pid) => !isGone(pid)), []);
  });

  it('also ends an orphan that left the group for a job-control group of its own but stayed in the session', async () => {
    // perl's setpgrp(0,0) makes a group of its own, as job control does; the subshell exits, so only the session ties it to us.
    // It says `started` only after leaving the group, so the check below cannot run before it has.
    const { root, tree } = await running(`(perl -e '$| = 1; setpgrp(0, 0); print "started\\n"; sleep 32' &); sleep 30`);
    const session = Number(execFileSync('ps', ['-o', 'sess=', '-p', String(root)], { encoding: 'utf8' }).trim());
    const inSession = execFileSync('ps', ['-e', '-o', 'pid=,sess=,pgid='], { encoding: 'utf8' }).trim().split('\n')
      .map((l) => l.trim().split(/\s+/).map(Number))
      .filter(([pid, sess, pgid]) => sess === session && pgid !== root && !tree.includes(pid))
      .map(([pid]) => pid);
    started.push(...inSession);
    assert.equal(inSession.length, 1, `in the session only: ${inSession}`);
    await killTree(root, { graceMs: 2000, mark: MARK });
    assert.deepEqual([...tree, ...inSession].filter((pid) => !isGone(pid)), []);
  });

  it('leaves a process found only by the mark running unless told to stop outsiders too', async () => {
    // setsid puts sleep in its own session; its parent subshell exits at once: a browser `vite --open` started, say.
    const { root, tree } = await running('(setsid sleep 31 &); $READY; sleep 30');
    const outsider = markedPids().filter((pid) => !tree.includes(pid) && !groupMembers(root).includes(pid));
    started.push(...outsider);
    assert.equal(outsider.length, 1, `marked outside the tree and group: ${outsider}`);
    const first = await killTree(root, { graceMs: 2000, mark: MARK });
    assert.deepEqual(tree.filter((pid) => !isGone(pid)), []);
    assert.equal(isGone(outsider[0]), false, 'an outsider was stopped without being asked');
    assert.ok(!first.pids.includes(outsider[0]));
    await killTree(root, { graceMs: 2000, mark: MARK, rootAlive: false, stopOutsiders: true });
    assert.equal(isGone(outsider[0]), true);
  });

  it('ends a marked daemon that left tree, group and session when it holds the launch\'s listening socket', async () => {
    const { root, tree } = await running('(setsid sleep 33 &); $READY; sleep 30');
    const daemon = markedPids().filter((pid) => !tree.includes(pid) && !groupMembers(root).includes(pid));
    started.push(...daemon);
    assert.equal(daemon.length, 1);
    await killTree(root, { graceMs: 2000, mark: MARK, listening: new Set(daemon) });
    assert.deepEqual([...tree, ...daemon].filter((pid) => !isGone(pid)), []);
  });

  it('SIGKILLs what outlives the grace period', async () => {
    const { root, tree } = await running(`trap '' TERM; $READY; sleep 30`);
    const result = await killTree(root, { graceMs: 200 });
    // An ignored signal stays ignored across exec, so sleep ignores SIGTERM too.
    assert.deepEqual([...result.forced].sort(), [...tree].sort());
    assert.deepEqual(tree.filter((pid) => !isGone(pid)), []);
  });
  it('does not take the children of a newcomer on the root\'s pid for members when the root died during the grace period', async () => {
    // Pids above Linux's pid_max: the signals reach no real process, the injected table alone says who runs.
    const [root, child, newcomerChild] = [99_999_001, 99_999_002, 99_999_003];
    const entry = (pid: number, ppid: number, startTime: number) => [pid, { pid, ppid, pgid: pid, session: pid, startTime, zombie: false }] as const;
    const before: ProcessTable = new Map([entry(root, 1, 100), entry(child, root, 101)]);
    // The root has exited and its pid names a newcomer (started later) with a child of its own; our child runs on.
    const reused: ProcessTable = new Map([entry(root, 1, 500), entry(newcomerChild, root, 501), entry(child, root, 101)]);
    const gone: ProcessTable = new Map([entry(root, 1, 500), entry(newcomerChild, root, 501)]);
    const tables = [before, before, reused, reused];
    const result = await killTree(root, { graceMs: 100, pollMs: 5, readTable: async () => tables.shift() ?? gone });
    assert.deepEqual([...result.pids].sort(), [root, child]);
  });

  it('never makes the init of a pid namespace a member: a container\'s app outlives the stop of the tree that started it', async function () {
    // unshare's child is pid 1 of a new pid namespace, as a dev container's app is; SIGKILL would reach it.
    const { root, tree } = await running('unshare --pid --fork --mount-proc sleep 600 & $READY; wait');
    const init = tree.find((pid) => /NSpid:\s+\d+\s+1\s*$/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8')));
    assert.ok(init !== undefined, `no namespace init in the tree ${tree}`);
    const result = await killTree(root, { graceMs: 300 });
    assert.equal(isGone(init), false, 'the namespace\'s init was stopped');
    assert.ok(!result.pids.includes(init));
  });

  describe('with the table macOS gives (ps, starts from its elapsed time)', () => {
    /** This machine's ps read the macOS way; from the second read on, every start moved by `shift` ms. */
    const psTable = (shift: number) => {
      let reads = 0;
      return async (): Promise<ProcessTable> => {
        const table = await readProcessTable({ platform: 'darwin' });
        if (reads++ === 0) return table;
        return new Map([...table].map(([pid, e]) => [pid, { ...e, startTime: e.startTime === undefined ? undefined : e.startTime + shift }]));
      };
    };

    it('keeps following a member whose ps-derived start moved by a second between reads, and SIGKILLs it', async () => {
      const { root, tree } = await running(`trap '' TERM; $READY; sleep 30`);
      const result = await killTree(root, { platform: 'darwin', graceMs: 200, readTable: psTable(1000) });
      assert.deepEqual([...result.forced].sort(), [...tree].sort());
      assert.deepEqual(tree.filter((pid) => !isGone(pid)), []);
    });

    it('lets go of a pid whose start moved further, as when the pid now names another process', async () => {
      const { root, tree } = await running(`trap '' TERM; $READY; sleep 30`);
      const result = await killTree(root, { platform: 'darwin', graceMs: 200, readTable: psTable(60_000) });
      assert.deepEqual(result.forced, []);
      assert.deepEqual(tree.filter((pid) => isGone(pid)), [], 'a process taken for another was SIGKILLed');
    });
  });
});
