import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { recordMessages } from './_messages';
import type { ProcessNode, SocketNode, ViewNode } from '../../src/engine/view/viewNodes';
import { readProcessTable } from '../../src/engine/proc/processTable';
import { Refresher } from '../../src/services/refresher';
import { PollScheduler } from '../../src/engine/sockets/pollScheduler';
import { ListenWatcher } from '../../src/engine/launch/listenWatcher';
import type { SocketsApi } from '../../src/api';
import { api, externalUrl, waitFor } from './_launch';

/**
 * A process with known sockets: a TCP listener, a UDP socket and a
 * connection to itself; on any stdin line it opens one more listener.
 * It prints each port set as a JSON line once the kernel holds the sockets
 * (the accepted side included: an unaccepted connection has no inode yet).
 */
const ZOO = `
const net = require('node:net'), dgram = require('node:dgram');
const say = (o) => console.log(JSON.stringify(o));
if (process.env.ZOO_IGNORES_SIGTERM) process.on('SIGTERM', () => {});
const tcp = net.createServer((s) => { accepted = s; ready(); });
let accepted, client, told = false;
const ready = () => { if (!told && accepted && client && client.localPort) told = true, say({ tcp: tcp.address().port, udp: udp.address().port, client: client.localPort }); };
const udp = dgram.createSocket('udp4');
tcp.listen(0, '127.0.0.1', () => udp.bind(0, '127.0.0.1', () => { client = net.connect(tcp.address().port, '127.0.0.1', ready); }));
process.stdin.on('data', () => { const extra = net.createServer(); extra.listen(0, '127.0.0.1', () => say({ extra: extra.address().port })); });
`;

interface Zoo {
  proc: ChildProcess;
  next(): Promise<Record<string, number>>;
}

function startZoo(env: Record<string, string> = {}): Zoo {
  const proc = spawn(process.execPath, ['-e', ZOO], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...env },
    // A group of its own, like a server started in a terminal: the editor's own group is never stoppable.
    detached: true,
  });
  const lines: string[] = [];
  let buffer = '';
  proc.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts.filter(Boolean));
  });
  const next = async (): Promise<Record<string, number>> => {
    while (lines.length === 0) {
      await Promise.race([once(proc.stdout!, 'data'), once(proc, 'exit').then(() => { throw new Error('the fixture exited'); })]);
    }
    return JSON.parse(lines.shift()!);
  };
  return { proc, next };
}

describe('Ports tree', function () {
  this.timeout(20_000);
  let sockets: SocketsApi;
  let zoo: Zoo | undefined;
  let ports: Record<string, number>;
  const originalPrompts: Partial<SocketsApi['stopPrompts']> = {};

  before(async () => {
    sockets = (await api()).sockets;
    originalPrompts.confirmStop = sockets.stopPrompts.confirmStop;
    originalPrompts.confirmForceStop = sockets.stopPrompts.confirmForceStop;
  });

  beforeEach(async () => {
    await sockets.filters.reset();
    zoo = startZoo();
    ports = await zoo.next();
    await sockets.refresher.refresh();
  });

  afterEach(async () => {
    const proc = zoo?.proc;
    zoo = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = once(proc, 'exit');
      proc.kill('SIGKILL');
      await exited;
    }
    sockets.stopPrompts.confirmStop = originalPrompts.confirmStop!;
    sockets.stopPrompts.confirmForceStop = originalPrompts.confirmForceStop!;
    await sockets.filters.reset();
  });

  const zooProcess = (): ViewNode | undefined =>
    sockets.tree.roots.find((n) => n.kind === 'process' && n.process.pid === zoo!.proc.pid);

  /** As the socket source names it (comm): Node 24 calls its main thread `MainThread`. */
  const zooName = (): string | undefined => sockets.refresher.latest?.processes.get(zoo!.proc.pid!)?.name;

  async function childItems(id: string): Promise<vscode.TreeItem[]> {
    return (await sockets.tree.getChildren(id)).map((c) => sockets.tree.getTreeItem(c));
  }

  /** Scans skip connections while they are hidden, so the tree has them from the scan after the command. */
  async function showConnections(): Promise<void> {
    await vscode.commands.executeCommand('portZero.showConnections');
    await sockets.refresher.refresh();
  }

  function zooSocket(label: string): SocketNode {
    const node = zooProcess()?.children.find((c): c is SocketNode => c.kind === 'socket' && c.label === label);
    assert.ok(node, `no socket ${label} under the fixture`);
    return node;
  }

  it("lists the fixture's process by name and pid with its listeners, connections hidden", async () => {
    const proc = zooProcess();
    assert.ok(proc, 'the fixture process is not in the tree');
    assert.ok((await sockets.tree.getChildren()).includes(proc.id));
    const item = sockets.tree.getTreeItem(proc.id);
    assert.equal(item.label, proc.kind === 'process' && proc.process.name);
    assert.match(String(item.description), new RegExp(`^${zoo!.proc.pid} · node -e`));
    assert.equal(item.contextValue, 'portZero.process.own');
    const children = await childItems(proc.id);
    assert.deepEqual(children.map((c) => [c.label, c.description, c.contextValue]).sort(), [
      [`127.0.0.1:${ports.tcp}`, 'LISTEN tcp', 'portZero.listener.tcp.web.own'],
      [`127.0.0.1:${ports.udp}`, 'BOUND udp', 'portZero.listener.udp.own'],
    ].sort());
  });

  it('shows both ends of the connection after Show Connections, and hides them again', async () => {
    await showConnections();
    const labels = (await childItems(zooProcess()!.id)).map((c) => `${c.label} ${c.description} ${c.contextValue}`);
    assert.ok(labels.includes(`127.0.0.1:${ports.tcp} → 127.0.0.1:${ports.client} ESTABLISHED portZero.connection.tcp.own`), labels.join('\n'));
    assert.ok(labels.includes(`127.0.0.1:${ports.client} → 127.0.0.1:${ports.tcp} ESTABLISHED portZero.connection.tcp.own`), labels.join('\n'));
    await vscode.commands.executeCommand('portZero.showListenersOnly');
    assert.equal((await childItems(zooProcess()!.id)).length, 2);
  });

  it('hides UDP, and groups by port with the connection under the server port', async () => {
    await vscode.commands.executeCommand('portZero.hideUdp');
    assert.deepEqual((await childItems(zooProcess()!.id)).map((c) => c.label), [`127.0.0.1:${ports.tcp}`]);
    await showConnections();
    await vscode.commands.executeCommand('portZero.groupSocketsByPort');
    const group = sockets.tree.roots.find((n) => n.kind === 'portGroup' && n.port === ports.tcp);
    assert.ok(group, `no group for port ${ports.tcp}`);
    assert.equal(sockets.tree.getTreeItem(group.id).contextValue, 'portZero.portGroup');
    const items = await childItems(group.id);
    const descriptions = items.map((c) => c.description);
    const name = zooName();
    assert.ok(descriptions.includes(`LISTEN tcp · ${name} ${zoo!.proc.pid}`), descriptions.join('\n'));
    // Only the fixture's own connection: drawing the listener lets Port Zero's TLS probe connect to it too.
    const connection = items.filter((c) => String(c.label).includes(`:${ports.client}`));
    assert.deepEqual(connection.map((c) => String(c.description).split(' ')[0]), ['ESTABLISHED', 'ESTABLISHED'], descriptions.join('\n'));
    assert.ok(!sockets.tree.roots.some((n) => n.kind === 'portGroup' && n.port === ports.udp));
  });

  it("keeps the fixture's ids across refreshes and fires its node only when its sockets change", async () => {
    const id = zooProcess()!.id;
    const fired: (string | undefined)[] = [];
    const subscription = sockets.tree.onDidChangeTreeData((e) => fired.push(...(Array.isArray(e) ? e : [e ?? undefined])));
    try {
      await sockets.refresher.refresh();
      assert.equal(zooProcess()!.id, id);
      assert.ok(!fired.some((e) => e?.startsWith(id)), `unchanged fixture fired: ${fired.join(', ')}`);
      zoo!.proc.stdin!.write('more\n');
      const { extra } = await zoo!.next();
      const snapshot = await sockets.refresher.refresh();
      const seen = snapshot.sockets.filter((x) => x.local.port === extra).map((x) => `${x.state} pid ${x.pid}`);
      assert.ok(zooProcess()!.children.some((c) => c.kind === 'socket' && c.socket.local.port === extra),
        `port ${extra} in the snapshot: ${seen.join(', ') || 'absent'}; under the fixture: ${zooProcess()!.children.map((c) => c.id).join(', ')}`);
      // Other processes on the machine may add top-level rows at the same time: then the root is what fires.
      assert.ok(fired.includes(id) || fired.includes(undefined), `fired: ${fired.join(', ')}`);
      assert.ok(!fired.some((e) => e?.startsWith(`${id}/`)), 'a child was fired together with its parent');
    } finally {
      subscription.dispose();
    }
  });

  it('copies the local address, the URL and the peer address exactly', async () => {
    await vscode.commands.executeCommand('portZero.copyLocalAddress', zooSocket(`127.0.0.1:${ports.tcp}`).id);
    assert.equal(await vscode.env.clipboard.readText(), `127.0.0.1:${ports.tcp}`);
    await vscode.commands.executeCommand('portZero.copyUrl', zooSocket(`127.0.0.1:${ports.tcp}`).id);
    assert.equal(await vscode.env.clipboard.readText(), await externalUrl(`http://127.0.0.1:${ports.tcp}/`));
    await showConnections();
    await vscode.commands.executeCommand('portZero.copyPeerAddress', zooSocket(`127.0.0.1:${ports.tcp} → 127.0.0.1:${ports.client}`).id);
    assert.equal(await vscode.env.clipboard.readText(), `127.0.0.1:${ports.client}`);
  });

  it('says in the status bar why nothing was copied when a copy command has no row, and leaves the clipboard alone', async () => {
    const messages = recordMessages(await api());
    try {
      await vscode.env.clipboard.writeText('kept');
      await vscode.commands.executeCommand('portZero.copyLocalAddress');
      await vscode.commands.executeCommand('portZero.copyUrl');
      await vscode.commands.executeCommand('portZero.copyPeerAddress', zooSocket(`127.0.0.1:${ports.tcp}`).id);
      const said = messages.seen.filter((m) => m.severity === 'status').map((m) => m.text);
      assert.equal(said.length, 3, said.join('\n'));
      assert.match(said[0], /^Nothing copied: choose a socket in the Port Zero view/);
      assert.match(said[1], /^Nothing copied: choose a listening TCP socket/);
      assert.match(said[2], new RegExp(`^Nothing copied: 127\\.0\\.0\\.1:${ports.tcp} has no peer address`));
      assert.equal(await vscode.env.clipboard.readText(), 'kept');
    } finally {
      messages.dispose();
    }
  });

  it('offers no Stop on VS Code itself (the extension host\'s ancestors, code-server among them) and refuses it if asked anyway', async () => {
    const table = await readProcessTable();
    const ancestors = new Set<number>();
    for (let pid = process.pid; pid > 1 && !ancestors.has(pid); pid = table.get(pid)?.ppid ?? 0) ancestors.add(pid);
    const editorRows = sockets.tree.roots.filter((n): n is ProcessNode => n.kind === 'process' && ancestors.has(n.process.pid));
    assert.ok(editorRows.length > 0, `no ancestor of the extension host (${[...ancestors].join(', ')}) owns a listed socket`);
    for (const row of editorRows) assert.doesNotMatch(row.contextValue, /\.own$/, `${row.process.name} ${row.process.pid} offers Stop`);
    sockets.stopPrompts.confirmStop = async () => assert.fail('Stop asked to stop VS Code itself');
    const messages = recordMessages(await api());
    try {
      await vscode.commands.executeCommand('portZero.stopProcess', editorRows[0].id);
      const said = await messages.next(/never stops VS Code itself/);
      assert.equal(said.severity, 'error');
    } finally {
      messages.dispose();
    }
    assert.doesNotThrow(() => process.kill(editorRows[0].process.pid, 0));
  });

  it('asks before stopping, naming pid and command, and leaves the process running on No', async () => {
    const asked: { pid: number; command: string }[] = [];
    sockets.stopPrompts.confirmStop = async (request) => {
      asked.push(request);
      return false;
    };
    await vscode.commands.executeCommand('portZero.stopProcess', zooProcess()!.id);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].pid, zoo!.proc.pid);
    assert.match(asked[0].command, /-e/);
    assert.equal(zoo!.proc.exitCode, null);
    assert.doesNotThrow(() => process.kill(zoo!.proc.pid!, 0));
  });

  it('ends the process with SIGTERM once the user agrees, and the tree drops it', async () => {
    sockets.stopPrompts.confirmStop = async () => true;
    sockets.stopPrompts.confirmForceStop = async () => assert.fail('SIGTERM should have been enough');
    const exited = once(zoo!.proc, 'exit');
    await vscode.commands.executeCommand('portZero.stopProcess', zooProcess()!.id);
    const [, signal] = await exited;
    assert.equal(signal, 'SIGTERM');
    assert.equal(zooProcess(), undefined);
  });

  it('offers a forced stop when SIGTERM is ignored, and SIGKILLs only after the second yes', async () => {
    const first = zoo!.proc;
    first.kill('SIGKILL');
    await once(first, 'exit');
    zoo = startZoo({ ZOO_IGNORES_SIGTERM: '1' });
    ports = await zoo.next();
    await sockets.refresher.refresh();
    const asked: string[] = [];
    sockets.stopPrompts.confirmStop = async () => (asked.push('stop'), true);
    sockets.stopPrompts.confirmForceStop = async (request) => (asked.push(`force ${request.pid}`), true);
    const exited = once(zoo.proc, 'exit');
    await vscode.commands.executeCommand('portZero.stopProcess', zooProcess()!.id);
    assert.deepEqual(asked, ['stop', `force ${zoo.proc.pid}`]);
    assert.equal((await exited)[1], 'SIGKILL');
  });

  it('gives a getParent chain for every fixture row, so reveal can find it', async () => {
    const socket = zooSocket(`127.0.0.1:${ports.tcp}`);
    assert.equal(sockets.tree.getParent(socket.id), zooProcess()!.id);
    assert.equal(sockets.tree.getParent(zooProcess()!.id), undefined);
    await sockets.view.reveal(socket.id, { select: false, focus: false });
  });
});

describe('Refresher', function () {
  this.timeout(20_000);
  let sockets: SocketsApi;
  const visibility = new vscode.EventEmitter<{ visible: boolean }>();
  const disposables: vscode.Disposable[] = [];

  before(async () => {
    sockets = (await api()).sockets;
  });

  afterEach(async () => {
    for (const d of disposables.splice(0)) d.dispose();
    await vscode.workspace.getConfiguration().update('portZero.refreshIntervalMs', undefined, vscode.ConfigurationTarget.Global);
  });

  it('holds a timer only while a followed view is visible or a launch waits for its port, all on one clock', async () => {
    const log = vscode.window.createOutputChannel('Port Zero refresher test', { log: true });
    const scheduler = new PollScheduler();
    const source = (await api()).socketSource;
    const refresher = new Refresher(source, log, scheduler);
    disposables.push(refresher, log, scheduler);
    let visible = false;
    disposables.push(refresher.followVisibility({ get visible() { return visible; }, onDidChangeVisibility: visibility.event }));
    assert.equal(refresher.hasTimer, false);
    visible = true;
    const first = new Promise((resolve) => disposables.push(refresher.onDidSnapshot(resolve)));
    visibility.fire({ visible: true });
    await first;
    await refresher.refresh();
    assert.equal(refresher.hasTimer, true);
    visible = false;
    visibility.fire({ visible: false });
    assert.equal(refresher.hasTimer, false);
    assert.deepEqual(scheduler.jobs, []);
    assert.equal(scheduler.hasTimer, false);
    const watcher = new ListenWatcher(source, [process.pid], { listening: () => undefined }, {}, scheduler);
    assert.deepEqual(scheduler.jobs, [`launch ${process.pid}`]);
    assert.equal(scheduler.hasTimer, true);
    watcher.dispose();
    assert.deepEqual(scheduler.jobs, []);
    assert.equal(scheduler.hasTimer, false);
  });

  it('clamps portZero.refreshIntervalMs to a minute: 1e12 from a workspace would overflow Node\'s timer', async () => {
    await vscode.workspace.getConfiguration().update('portZero.refreshIntervalMs', 1e12, vscode.ConfigurationTarget.Global);
    await waitFor('the clamped interval', 5000, (recheck) => vscode.workspace.onDidChangeConfiguration(recheck),
      () => (sockets.refresher.interval !== 2000 ? true : undefined));
    assert.equal(sockets.refresher.interval, 60_000);
  });

  it('re-reads the interval when the setting changes', async () => {
    await vscode.workspace.getConfiguration().update('portZero.refreshIntervalMs', 750, vscode.ConfigurationTarget.Global);
    await waitFor('the new interval', 5000, (recheck) => vscode.workspace.onDidChangeConfiguration(recheck),
      () => (sockets.refresher.interval === 750 ? true : undefined));
  });
});
