import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { countingReader } from './_countingReader';

/** A child whose stdio are socketpairs (unix sockets); it listens, connects and closes on command. */
const CHILD = `
const net = require('net');
let server; let client;
const say = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'listen') server = net.createServer((s) => (server.peer = s)).listen(0, '127.0.0.1', () => say({ port: server.address().port }));
  if (line === 'connect') client = net.connect(server.address().port, '127.0.0.1', () => say({ connected: true }));
  // destroy() closes the descriptor at once (uv_close), so the reply comes after it.
  if (line === 'disconnect') { client.destroy(); server.peer?.destroy(); say({ disconnected: true }); }
  if (line === 'close') server.close(() => say({ closed: true }));
});
say({ ready: true });`;

class Child {
  readonly process: ChildProcess;
  private lines: string[] = [];
  private wake: (() => void) | undefined;

  constructor() {
    this.process = spawn(process.execPath, ['-e', CHILD], { stdio: ['pipe', 'pipe', 'inherit'] });
    let text = '';
    this.process.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
        this.lines.push(text.slice(0, nl));
        text = text.slice(nl + 1);
      }
      this.wake?.();
    });
  }

  get pid(): number {
    return this.process.pid!;
  }

  async next<T>(command?: string): Promise<T> {
    if (command) this.process.stdin!.write(`${command}\n`);
    while (this.lines.length === 0) {
      await new Promise<void>((resolve, reject) => {
        this.wake = resolve;
        this.process.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
      });
    }
    return JSON.parse(this.lines.shift()!) as T;
  }
}

function countingSource(): { source: ProcfsSource; tableReads: () => number; bytes: (path: string) => number } {
  const counting = countingReader();
  return { source: new ProcfsSource({ reader: counting.reader }), tableReads: () => counting.opens(/\/net\/(tcp|udp)6?$/), bytes: counting.bytes };
}

describe('TreeSockets: a waiting launch\'s polls', () => {
  let child: Child | undefined;
  afterEach(() => {
    child?.process.kill('SIGKILL');
    child = undefined;
  });

  it('read no inet table while the tree holds only unix sockets, and find a listener the poll after it opens', async () => {
    child = new Child();
    await child.next();
    const { source, tableReads } = countingSource();
    for (let i = 0; i < 3; i++) assert.deepEqual((await source.socketsOfTree([child.pid])).sockets, []);
    assert.equal(tableReads(), 0, 'tables read while only unix sockets were held');
    const { port } = await child.next<{ port: number }>('listen');
    const found = await source.socketsOfTree([child.pid]);
    assert.deepEqual(found.sockets.map((s) => [s.state, s.local.port, s.pid]), [['LISTEN', port, child.pid]]);
    const readsThen = tableReads();
    assert.ok(readsThen > 0);
    const again = await source.socketsOfTree([child.pid]);
    assert.deepEqual(again.sockets.map((s) => [s.state, s.local.port, s.pid]), [['LISTEN', port, child.pid]]);
    assert.equal(tableReads(), readsThen, 'a known listener needs no table');
    await child.next('close');
    assert.deepEqual((await source.socketsOfTree([child.pid])).sockets, []);
  });

  it('read the tables on every poll while the tree holds a connection, and list it', async () => {
    child = new Child();
    await child.next();
    const { source, tableReads } = countingSource();
    const { port } = await child.next<{ port: number }>('listen');
    await child.next('connect');
    const first = await source.socketsOfTree([child.pid]);
    const readsThen = tableReads();
    const second = await source.socketsOfTree([child.pid]);
    assert.ok(tableReads() > readsThen, 'a connection\'s state can change: read again');
    for (const snapshot of [first, second]) {
      assert.deepEqual(snapshot.sockets.map((s) => s.state).sort(), ['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
      assert.ok(snapshot.sockets.every((s) => s.pid === child!.pid));
    }
    const listenersOnly = await source.socketsOfTree([child.pid], { listenersOnly: true });
    assert.deepEqual(listenersOnly.sockets.map((s) => [s.state, s.local.port]), [['LISTEN', port]]);
    await child.next('disconnect');
    const readsBefore = tableReads();
    const after = await source.socketsOfTree([child.pid]);
    assert.deepEqual(after.sockets.map((s) => [s.state, s.local.port]), [['LISTEN', port]]);
    assert.equal(tableReads(), readsBefore, 'only a known listener is left: no table');
  });
});

describe('TreeSockets: reading no more than it must', () => {
  const held: net.Socket[] = [];
  let server: net.Server | undefined;
  let child: Child | undefined;
  afterEach(() => {
    child?.process.kill('SIGKILL');
    child = undefined;
    for (const s of held.splice(0)) s.destroy();
    server?.close();
    server = undefined;
  });

  it('stops reading /proc/net/tcp once the tree\'s new socket is found among the listeners', async () => {
    // Connections of this process, not of the child's tree, fill the table past one 64 KiB read.
    server = net.createServer((s) => held.push(s)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port0 = (server.address() as net.AddressInfo).port;
    for (let i = 0; i < 300; i++) {
      const client = net.connect(port0, '127.0.0.1');
      held.push(client);
      await once(client, 'connect');
    }
    child = new Child();
    await child.next();
    const { port } = await child.next<{ port: number }>('listen');
    const { source, bytes } = countingSource();
    const found = await source.socketsOfTree([child.pid]);
    assert.deepEqual(found.sockets.map((s) => [s.state, s.local.port]), [['LISTEN', port]]);
    const whole = fs.readFileSync('/proc/net/tcp').length;
    assert.ok(whole > 600 * 149, `the table is ${whole} bytes`);
    assert.ok(bytes('/proc/net/tcp') < whole / 2, `read ${bytes('/proc/net/tcp')} of ${whole} bytes`);
    assert.equal(bytes('/proc/net/udp6'), 0, 'no table after the one that held the last socket sought');
  });
});

describe('ProcfsSource: a long session of tree-only reads', () => {
  it('forgets the processes of trees that have exited, without a whole snapshot', async () => {
    const source = new ProcfsSource({ pruneEveryMs: 0 });
    for (let i = 0; i < 3; i++) {
      const child = new Child();
      await child.next();
      await child.next('listen');
      assert.equal((await source.socketsOfTree([child.pid])).sockets.length, 1);
      const exited = new Promise((resolve) => child.process.once('exit', resolve));
      child.process.kill('SIGKILL');
      await exited;
    }
    await source.socketsOfTree([process.pid]);
    assert.ok(source.remembered <= 1, `remembers ${source.remembered} processes' descriptors`);
  });
});
