import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { StopRequest } from '../../src/services/stopPrompts';
import { recordMessages } from './_messages';
import { alive, api, startTask, listening, fixtureServer, node, withStopPrompts } from './_launch';

const STOP_ON_PORT = 'portZero.stopProcessOnPort';

/** A server outside VS Code, in a group of its own as one started in a terminal is; resolves once it listens. */
async function outsideServer(host = '127.0.0.1', options: { uid?: number; port?: number } = {}): Promise<{ child: ChildProcess; port: number }> {
  const script = `const s = require('node:net').createServer(); s.listen(${options.port ?? 0}, ${JSON.stringify(host)}, () => console.log(s.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true, ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }) });
  const [data] = await once(child.stdout!, 'data');
  return { child, port: Number(String(data).trim()) };
}

/** Issue 14, item 1: free a port by its number, under Stop Process's rules. */
describe('Stop the Process on a Port', function () {
  this.timeout(60_000);
  const suite = withStopPrompts();
  const children: ChildProcess[] = [];

  const inits: number[] = [];
  afterEach(() => {
    for (const pid of inits.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('shows who holds the port in the question, and stops it once confirmed', async () => {
    const { child, port } = await outsideServer();
    children.push(child);
    const asked: StopRequest[] = [];
    suite.sockets.stopPrompts.confirmStop = async (request) => (asked.push(request), true);
    await vscode.commands.executeCommand(STOP_ON_PORT, port);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].pid, child.pid);
    assert.deepEqual(asked[0].holds, [`TCP 127.0.0.1:${port} (LISTEN)`]);
    assert.ok(asked[0].user, 'the question names no user');
    const detail = suite.sockets.stopPrompts.stopQuestion(asked[0]).detail;
    assert.match(detail, new RegExp(`Holds: TCP 127\\.0\\.0\\.1:${port} \\(LISTEN\\)`));
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    assert.equal(child.signalCode, 'SIGTERM');
  });

  it('takes an address with the port, and stops nothing when the user says no', async () => {
    const { child, port } = await outsideServer('::1');
    children.push(child);
    const asked: number[] = [];
    suite.sockets.stopPrompts.confirmStop = async (request) => (asked.push(request.pid), false);
    await vscode.commands.executeCommand(STOP_ON_PORT, `[::1]:${port}`);
    assert.deepEqual(asked, [child.pid]);
    assert.equal(alive(child.pid!), true);
  });

  it('says nobody listens on a port nobody holds, or on another address of it, and asks nothing', async () => {
    const { child, port } = await outsideServer('127.0.0.1');
    children.push(child);
    const free = net.createServer().listen(0, '127.0.0.1');
    await once(free, 'listening');
    const freePort = (free.address() as net.AddressInfo).port;
    await new Promise((resolve) => free.close(resolve));
    suite.sockets.stopPrompts.confirmStop = async () => assert.fail('asked to stop a port nobody holds');
    const messages = recordMessages(await api());
    try {
      await vscode.commands.executeCommand(STOP_ON_PORT, freePort);
      await messages.next(new RegExp(`^Nobody listens on ${freePort}\\.$`));
      await vscode.commands.executeCommand(STOP_ON_PORT, `[::1]:${port}`);
      await messages.next(new RegExp(`^Nobody listens on \\[::1\\]:${port}\\.$`));
    } finally {
      messages.dispose();
    }
    assert.equal(alive(child.pid!), true);
  });

  it('rejects an argument that is not a port with the reason, and asks nothing', async () => {
    suite.sockets.stopPrompts.confirmStop = async () => assert.fail('asked on bad input');
    const messages = recordMessages(await api());
    try {
      await vscode.commands.executeCommand(STOP_ON_PORT, '70000');
      const said = await messages.next(/70000/);
      assert.equal(said.severity, 'error');
      assert.match(said.text, /between 1 and 65535/);
      await vscode.commands.executeCommand(STOP_ON_PORT, { port: 5173 });
      assert.match((await messages.next(/"port":5173/)).text, /whole number/);
    } finally {
      messages.dispose();
    }
  });

  it('never offers Stop on the first process of a pid namespace, as a container\'s app is, and leaves it running', async () => {
    // unshare's child is pid 1 of a new pid namespace: ending it would end every process there, the editor too in a container.
    const script = `const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => console.log(s.address().port));`;
    const unshare = spawn('unshare', ['--pid', '--fork', '--mount-proc', process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    children.push(unshare);
    const [data] = await once(unshare.stdout!, 'data');
    const port = Number(String(data).trim());
    const init = Number(fs.readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim());
    inits.push(init);
    suite.sockets.stopPrompts.confirmStop = async () => assert.fail('offered to stop a namespace\'s init');
    const messages = recordMessages(await api());
    try {
      await vscode.commands.executeCommand(STOP_ON_PORT, port);
      const said = await messages.next(/it is the first process of its system or container/);
      assert.match(said.text, new RegExp(`\\(pid ${init}\\)`));
      assert.equal(alive(init), true);
    } finally {
      messages.dispose();
    }
  });

  it('refuses a port held by another user\'s process, naming the user, and leaves it running', async function () {
    // Running a server as another user takes root, as CI runs; elsewhere there is nobody else to ask about.
    if (process.getuid?.() !== 0) this.skip();
    const { child, port } = await outsideServer('127.0.0.1', { uid: 65534 });
    children.push(child);
    suite.sockets.stopPrompts.confirmStop = async () => assert.fail('asked to stop another user\'s process');
    const messages = recordMessages(await api());
    try {
      await vscode.commands.executeCommand(STOP_ON_PORT, port);
      const said = await messages.next(new RegExp(`^${port} is held by another user's process`));
      assert.equal(said.severity, 'error');
      assert.match(said.text, /nobody|uid 65534/);
    } finally {
      messages.dispose();
    }
    assert.equal(alive(child.pid!), true);
  });

  it('stops a server Port Zero started as a whole launch, as Stop on its Started here row does', async () => {
    const { started } = await startTask({ command: `sh -c '${node} ${JSON.stringify(fixtureServer('envServer.js'))}'` });
    const [socket] = await listening(started.server);
    const asked: StopRequest[] = [];
    suite.sockets.stopPrompts.confirmStop = async (request) => (asked.push(request), true);
    await vscode.commands.executeCommand(STOP_ON_PORT, socket.local.port);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].kind, 'server', 'stopped as a lone process, not as the launch');
    assert.equal(alive(socket.pid!), false);
    assert.equal(alive(started.server.pid!), false, 'the launch\'s shell outlived the stop');
  });
});
