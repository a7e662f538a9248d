import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { TerminalAttribution, whoHoldsPort } from '../../../../src/engine/view/terminalAttribution';
import { buildSocketView } from '../../../../src/engine/view/socketView';
import { allNodes } from '../../../../src/engine/view/socketViewIndex';
import { defaultSocketFilter, type StartedServer, type TerminalNode, type ViewContext } from '../../../../src/engine/view/viewNodes';
import type { ProcessInfo } from '../../../../src/engine/proc/processInfo';
import { MACHINES } from '../_platform/machines';
import { processOf, snapshotOf, tcp } from './socketView.fixtures';

const byPid = (processes: readonly ProcessInfo[]): Map<number, ProcessInfo> => new Map(processes.map((p) => [p.pid, p]));
const names = (attributed: ReadonlyMap<number, { name: string }>): Record<number, string> =>
  Object.fromEntries([...attributed].map(([pid, t]) => [pid, t.name]));

describe('TerminalAttribution', () => {
  // ptyHost 10 → bash 100 (terminal "bash") → npm 110 → node 111; bash 100 → bash 200 (terminal "inner", nested) → python 210; 50 → node 51 (no terminal).
  const table = [
    processOf(10, 'ptyHost', { ppid: 1 }),
    processOf(100, 'bash', { ppid: 10 }), processOf(110, 'npm', { ppid: 100 }), processOf(111, 'node', { ppid: 110 }),
    processOf(200, 'bash', { ppid: 100 }), processOf(210, 'python3', { ppid: 200 }),
    processOf(50, 'systemd', { ppid: 1 }), processOf(51, 'node', { ppid: 50 }),
  ];

  function opened(): TerminalAttribution {
    const terminals = new TerminalAttribution();
    terminals.opened('1', 'bash', 100);
    terminals.opened('2', 'inner', 200);
    return terminals;
  }

  it('attributes a process to the nearest terminal shell above it, and no other to any', () => {
    assert.deepEqual(names(opened().attribute(byPid(table), [111, 210, 51])), { 111: 'bash', 210: 'inner' });
  });

  it('keeps a reparented process under its closed terminal until it ends, then forgets the terminal', () => {
    const terminals = opened();
    terminals.attribute(byPid(table), [111]);
    terminals.closed('1');
    // The shell exited: node was reparented to init (`nohup node … &`).
    const orphaned = table.filter((p) => p.pid !== 100 && p.pid !== 110).map((p) => (p.pid === 111 ? { ...p, ppid: 1 } : p));
    const after = terminals.attribute(byPid(orphaned), [111]).get(111);
    assert.deepEqual([after?.name, after?.open], ['bash', false]);
    assert.ok(terminals.terminals.some((t) => t.key === '1'));
    terminals.attribute(byPid(orphaned.filter((p) => p.pid !== 111)), []);
    assert.deepEqual(terminals.terminals.map((t) => t.key), ['2']);
  });

  it('does not hand a remembered terminal to a new process that reuses the pid', () => {
    const terminals = opened();
    terminals.attribute(byPid(table), [111]);
    const reused = [...table.filter((p) => p.pid !== 111), processOf(111, 'node', { ppid: 50, startTime: 99_999 })];
    assert.deepEqual(names(terminals.attribute(byPid(reused), [111])), {});
  });

  it('follows a rename of the terminal tab', () => {
    const terminals = opened();
    terminals.renamed('1', 'npm: dev');
    assert.equal(terminals.attribute(byPid(table), [111]).get(111)?.name, 'npm: dev');
  });

  it('stops at a loop in a stale parent table', () => {
    const loop = [processOf(7, 'a', { ppid: 8 }), processOf(8, 'b', { ppid: 7 })];
    assert.deepEqual(names(opened().attribute(byPid(loop), [7])), {});
  });
});

describe('The Terminals group', () => {
  const ctx = (terminals: TerminalAttribution): ViewContext => ({ workspaceFolders: [], user: { name: 'dev', uid: 1000 }, platform: 'linux', terminals });
  const processes = [
    processOf(100, 'bash', { ppid: 10 }), processOf(111, 'node', { ppid: 100 }),
    processOf(300, 'bash', { ppid: 10 }), processOf(311, 'curl', { ppid: 300 }),
    processOf(400, 'bash', { ppid: 10 }), processOf(411, 'vite', { ppid: 400 }),
  ];
  const launched = processOf(500, 'node', { ppid: 400 });
  const snapshot = snapshotOf([
    tcp('127.0.0.1', 3000, { pid: 111 }),
    tcp('127.0.0.1', 40000, { pid: 311, peer: ['127.0.0.1', 3000] }),
    tcp('127.0.0.1', 5173, { pid: 411 }),
    tcp('127.0.0.1', 8080, { pid: 500 }),
  ], [...processes, launched]);
  const started: StartedServer[] = [{ id: 's1', name: 'web', rootPid: 500, listening: [snapshot.sockets[3]] }];

  function terminals(): TerminalAttribution {
    const t = new TerminalAttribution();
    t.opened('1', 'npm: dev', 100);
    t.opened('2', 'curl', 300);
    t.opened('3', 'vite', 400);
    return t;
  }

  it('comes after Started here, with one node per terminal that has a listener, holding its processes and sockets', () => {
    const view = buildSocketView(snapshot, { ...defaultSocketFilter, connections: true }, started, ctx(terminals()));
    assert.deepEqual(view.roots.slice(0, 2).map((n) => n.kind), ['startedGroup', 'terminalsGroup']);
    const nodes = view.roots[1].children as TerminalNode[];
    assert.deepEqual(nodes.map((n) => [n.terminal.name, n.addresses.join(',')]), [['npm: dev', '127.0.0.1:3000'], ['vite', '127.0.0.1:5173']]);
    const node = nodes[0];
    assert.equal(node.contextValue, 'portZero.terminal.tcp.web.open.own');
    assert.deepEqual(node.children.map((p) => p.id), ['terminals/terminal:1/process:111:1110']);
    assert.equal(view.nodeOf(node.children[0].children[0].id)?.kind, 'socket');
  });

  it("does not repeat a server Port Zero started from within a terminal's tree", () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, started, ctx(terminals()));
    const pids = [...allNodes(view)].filter((n) => n.id.startsWith('terminals/') && n.kind === 'process').map((n) => n.kind === 'process' && n.process.pid);
    assert.deepEqual(pids, [111, 411]);
  });

  it('is left out when no terminal has a listener', () => {
    const view = buildSocketView(snapshot, defaultSocketFilter, [], ctx(new TerminalAttribution()));
    assert.ok(!view.roots.some((n) => n.kind === 'terminalsGroup'));
  });

  it('names who holds a port: the process and its terminal', () => {
    const holder = whoHoldsPort(snapshot, 3000, terminals());
    assert.deepEqual([holder?.name, holder?.pid, holder?.terminal?.name], ['node', 111, 'npm: dev']);
    assert.equal(whoHoldsPort(snapshot, 3001, terminals()), undefined);
  });
});

describe('Terminal attribution on captured process tables', () => {
  // macOS: Vite 4242 runs under zsh 4240 (ps -axo … ppid). Windows: Chrome 13372 and its child 10160 under 3016 (Win32_Process ParentProcessId).
  const cases: Record<string, { shell: number; under: number[]; outside: number[] }> = {
    darwin: { shell: 4240, under: [4242], outside: [843, 512] },
    win32: { shell: 3016, under: [13372, 10160], outside: [13876] },
  };
  for (const machine of MACHINES.filter((m) => cases[m.platform] !== undefined)) {
    it(`finds the terminal by the parent chain on ${machine.title}`, async () => {
      const { shell, under, outside } = cases[machine.platform];
      const snapshot = await machine.source().source.snapshot();
      const terminals = new TerminalAttribution();
      terminals.opened('1', 'dev', shell);
      const attributed = terminals.attribute(snapshot.processes, [...under, ...outside]);
      assert.deepEqual([...attributed.keys()].sort(), [...under].sort());
    });
  }
});

describe('Terminal attribution on this machine (procfs)', function () {
  if (process.platform !== 'linux') return;
  let shell: ChildProcess | undefined;

  afterEach(() => {
    if (shell?.pid !== undefined) {
      try {
        process.kill(-shell.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    shell = undefined;
  });

  it('finds the terminal of a real server two processes below its shell', async () => {
    const server = path.resolve(__dirname, '../../../../../test/fixtures/servers/zeroServer.js');
    // shell → sh → node: the sh in between is no socket's owner, and the snapshot must still carry it.
    shell = spawn('sh', ['-c', `sh -c 'node "${server}"; true'; true`], { detached: true, env: { ...process.env, PORT: '0', HOST: '127.0.0.1' } });
    const line = await new Promise<string>((resolve, reject) => {
      shell!.stdout!.on('data', (data: Buffer) => resolve(data.toString()));
      shell!.on('exit', (code) => reject(new Error(`server exited: ${code}`)));
    });
    const pid = Number(/pid=(\d+)/.exec(line)![1]);
    const snapshot = new ProcfsSource().snapshotNow({ listenersOnly: true });
    assert.notEqual(snapshot.processes.get(pid)?.ppid, shell.pid, 'the server is a grandchild of the shell');
    const terminals = new TerminalAttribution();
    terminals.opened('1', 'bash', shell.pid!);
    assert.equal(terminals.attribute(snapshot.processes, [pid]).get(pid)?.name, 'bash');
  });
});
