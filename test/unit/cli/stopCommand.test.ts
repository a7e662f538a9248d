import * as assert from 'node:assert/strict';
import type { StopArgs } from '../../../src/cli/args';
import { protectedProcesses, readProtectedProcesses } from '../../../src/cli/editorGuard';
import { defaultStopDeps, runStop, StopDeps } from '../../../src/cli/stopCommand';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { processStartTime } from '../../../src/engine/proc/processIdentity';
import { forceKill as stopByForce, terminate } from '../../../src/engine/proc/processStop';
import { forceKill, isGone, treePids } from '../engine/launch/launchHarness';
import type { ProcessInfo } from '../../../src/engine/proc/processInfo';
import type { ProcessIdentity } from '../../../src/engine/proc/processIdentity';
import type { StopOutcome } from '../../../src/engine/proc/processStop';
import { ipv4Endpoint } from '../../../src/engine/sockets/address';
import type { Snapshot, Socket } from '../../../src/engine/sockets/socket';

const ME = { name: 'me', uid: 1000 };

function listener(port: number, pid: number | undefined): Socket {
  return { id: `${port}-${pid}`, protocol: 'tcp', family: 4, state: 'LISTEN', local: ipv4Endpoint(0x7f000001, port), ...(pid === undefined ? {} : { pid }) };
}

/** A socket table with `sockets`, processes owned by `uid`, and stop outcomes in order. */
function deps(sockets: Socket[], options: { uid?: number; guarded?: number[]; ask?: boolean[]; outcomes?: StopOutcome[]; commandLine?: string } = {}): StopDeps & { signals: string[]; asked: string[] } {
  const commandLine = (pid: number) => options.commandLine ?? `node server-${pid}.js`;
  const processes = new Map<number, ProcessInfo>(sockets.flatMap((s) => (s.pid === undefined ? [] : [[s.pid, { pid: s.pid, name: 'node', commandLine: commandLine(s.pid), uid: options.uid ?? ME.uid }]])));
  const snapshot: Snapshot = { takenAt: 0, sockets, processes, skippedLines: 0 };
  const outcomes = [...(options.outcomes ?? ['exited'])];
  const answers = options.ask && [...options.ask];
  const signals: string[] = [];
  const asked: string[] = [];
  return {
    signals,
    asked,
    source: { snapshot: async () => snapshot, socketsOfTree: async () => snapshot },
    guard: async () => (p) => (options.guarded ?? []).includes(p.pid),
    ask: answers && (async (q) => (asked.push(q), answers.shift() ?? false)),
    me: ME,
    terminate: async (who: ProcessIdentity) => (signals.push(`TERM ${who.pid}`), outcomes.shift() ?? 'exited'),
    forceKill: async (who: ProcessIdentity) => (signals.push(`KILL ${who.pid}`), outcomes.shift() ?? 'exited'),
  };
}

const stop = (port: number, yes = false): StopArgs => ({ command: 'stop', query: { port }, yes });

describe('port-zero stop', () => {
  it('refuses without --yes when there is no terminal to ask on, and signals nothing', async () => {
    const d = deps([listener(3000, 41)]);
    const result = await runStop(stop(3000), d);
    assert.equal(result.code, 1);
    assert.match(result.stderr ?? '', /not stopping node server-41\.js \(pid 41\) without asking; run port-zero stop 3000 --yes/);
    assert.deepEqual(d.signals, []);
  });

  it('asks on a terminal and stops only on yes', async () => {
    const no = deps([listener(3000, 41)], { ask: [false] });
    assert.equal((await runStop(stop(3000), no)).code, 1);
    assert.deepEqual(no.signals, []);
    assert.match(no.asked[0], /^Stop node server-41\.js \(pid 41\), which listens on 3000\? \[y\/N\] $/);
    const yes = deps([listener(3000, 41)], { ask: [true] });
    const result = await runStop(stop(3000), yes);
    assert.equal(result.code, 0);
    assert.equal(result.stdout, 'stopped node server-41.js (pid 41)\n');
    assert.deepEqual(yes.signals, ['TERM 41']);
  });

  it('forces with --yes what outlived the clean request, and asks first on a terminal', async () => {
    const forced = deps([listener(3000, 41)], { outcomes: ['running', 'exited'] });
    assert.equal((await runStop(stop(3000, true), forced)).code, 0);
    assert.deepEqual(forced.signals, ['TERM 41', 'KILL 41']);
    const declined = deps([listener(3000, 41)], { ask: [true, false], outcomes: ['running'] });
    const result = await runStop(stop(3000), declined);
    assert.equal(result.code, 1);
    assert.match(declined.asked[1], /is still running\. Force it to stop/);
    assert.match(result.stderr ?? '', /is still running\./);
    assert.deepEqual(declined.signals, ['TERM 41']);
  });

  it('never stops VS Code or another user\'s process, even with --yes', async () => {
    const editor = deps([listener(3000, 41)], { guarded: [41] });
    const guarded = await runStop(stop(3000, true), editor);
    assert.equal(guarded.code, 1);
    assert.match(guarded.stderr ?? '', /never stops VS Code itself/);
    const other = deps([listener(3000, 41)], { uid: 0 });
    const refused = await runStop(stop(3000, true), other);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr ?? '', /stops only your own processes: .* belongs to another user/);
    assert.deepEqual([...editor.signals, ...other.signals], []);
  });

  it('escapes the control characters of a command line in its [y/N] prompt and its messages', async () => {
    const d = deps([listener(3000, 41)], { ask: [false], commandLine: 'node srv.js\r\x1b[2KStop nothing? [y/N] ' });
    const result = await runStop(stop(3000), d);
    assert.equal(d.asked[0], 'Stop node srv.js\\r\\x1b[2KStop nothing? [y/N]  (pid 41), which listens on 3000? [y/N] ');
    assert.equal(result.stderr, 'port-zero: left node srv.js\\r\\x1b[2KStop nothing? [y/N]  (pid 41) running.\n');
  });

  it('stops each process on the port once, says what it cannot see, and ends with 1 when nothing listens', async () => {
    const d = deps([listener(3000, 41), listener(3000, 41), listener(3000, 42), listener(3000, undefined), listener(4000, 43)]);
    const result = await runStop(stop(3000, true), d);
    assert.deepEqual(d.signals, ['TERM 41', 'TERM 42']);
    assert.equal(result.code, 0);
    assert.match(result.stderr ?? '', /3000 is also held by a process Port Zero cannot see \(another user\)/);
    const none = await runStop(stop(5000, true), deps([listener(3000, 41)]));
    assert.deepEqual(none, { code: 1, stderr: 'port-zero: nothing listens on 5000.\n' });
  });
});

describe('port-zero stop: what it never stops', () => {
  const spawned: ChildProcess[] = [];
  const inits: number[] = [];
  afterEach(() => {
    forceKill(inits.splice(0));
    for (const child of spawned.splice(0)) child.kill('SIGKILL');
  });

  async function sleeper(command = 'sleep', args = ['600']): Promise<ChildProcess> {
    const child = spawn(command, args, { stdio: 'ignore' });
    spawned.push(child);
    await once(child, 'spawn');
    return child;
  }

  it('never signals the init of a pid namespace, as a container\'s app is, even with --yes', async () => {
    // unshare's child is pid 1 of a new pid namespace; ending it would end every process there.
    const unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', 'sh', '-c', 'echo ready; exec sleep 600'], { stdio: ['ignore', 'pipe', 'inherit'] });
    spawned.push(unshare);
    await once(unshare.stdout!, 'data');
    const [, init] = treePids(unshare.pid!);
    inits.push(init);
    const d = { ...deps([listener(3000, init)]), terminate, forceKill: stopByForce };
    const result = await runStop(stop(3000, true), d);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr ?? '', /never stops node server-\d+\.js \(pid \d+\): it is the first process of its system or container/);
    assert.equal(isGone(init), false, 'the namespace\'s init was stopped');
  });

  it('protects the extension host PORT_ZERO_EDITOR_PID names by pid and start, and ignores a stale one', async () => {
    const host = await sleeper();
    const start = processStartTime(host.pid!)!;
    const candidate = { pid: host.pid!, commandLine: 'sleep 600' };
    const guard = (value: string) => defaultStopDeps({ PORT_ZERO_EDITOR_PID: value }, undefined).guard();
    assert.equal((await guard(`${host.pid}:${start}`))(candidate), true, 'the running extension host was not protected');
    // The same pid with another start: a window long gone, its pid now someone else's.
    assert.equal((await guard(`${host.pid}:${start + 1}`))(candidate), false, 'a stale pid was protected');
  });

  it('refuses code-server, the VS Code server, its extension hosts and pty host whatever the environment says', async () => {
    const guarded = await defaultStopDeps({}, undefined).guard();
    const editors = [
      '/usr/lib/code-server/lib/node /usr/lib/code-server --bind-addr 127.0.0.1:8080',
      '/usr/lib/code-server/lib/node /usr/lib/code-server/out/node/entry',
      '/home/me/.vscode-server/bin/abc/node /home/me/.vscode-server/bin/abc/out/server-main.js --start-server --host=127.0.0.1',
      '/home/me/.vscode-server/bin/abc/node /home/me/.vscode-server/bin/abc/out/bootstrap-fork --type=extensionHost --transformURIs',
      '/usr/lib/code-server/lib/node /usr/lib/code-server/lib/vscode/out/bootstrap-fork --type=ptyHost --logsPath /tmp/logs',
      'sh /home/me/.vscode-server/bin/abc/bin/code-server --start-server',
    ];
    for (const commandLine of editors) assert.equal(guarded({ pid: 99_999_999, commandLine }), true, commandLine);
    for (const commandLine of ['node server.js --type=extensionHost', 'node /home/me/code-server-clone/app.js', 'vim code-server.md']) {
      assert.equal(guarded({ pid: 99_999_999, commandLine }), false, commandLine);
    }
  });

  it('covers the extension host and its ancestors, and the chain that ran the command, not its process group', async () => {
    const entry = (pid: number, ppid: number, pgid: number) => [pid, { pid, ppid, pgid, zombie: false }] as const;
    // server 10 ← extension host 20; server 10 ← pty host 30 ← shell 40 (its own group) ← port-zero 50; script server 60 in the shell's group.
    const table = new Map([entry(10, 1, 10), entry(20, 10, 10), entry(30, 10, 10), entry(40, 30, 40), entry(50, 40, 40), entry(60, 40, 40)]);
    const guarded = protectedProcesses(table, { pid: 20 }, 50);
    assert.deepEqual([10, 20, 30, 40, 50, 60].filter((pid) => guarded(table.get(pid)!)), [10, 20, 30, 40, 50]);
    const blind = await readProtectedProcesses(async () => { throw new Error('no ps'); }, { pid: 20 });
    assert.equal(blind({ pid: 20 }), true);
    assert.equal(blind({ pid: 60 }), false);
  });
});
