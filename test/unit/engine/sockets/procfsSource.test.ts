import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { formatEndpoint } from '../../../../src/engine/sockets/address';
import { ProcfsSource } from '../../../../src/engine/sockets/procfsSource';
import { nodeProcReader, ProcFs } from '../../../../src/engine/proc/procReader';
import { Snapshot } from '../../../../src/engine/sockets/socket';
import { describeExpected, describeSocket, Expected, LiveSockets } from './_liveSockets';

function assertHas(snapshot: Snapshot, expected: readonly Expected[]): void {
  const seen = snapshot.sockets.map(describeSocket);
  for (const e of expected) assert.ok(seen.includes(describeExpected(e)), `${describeExpected(e)} missing from\n${seen.join('\n')}`);
}

function errno(code: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${path}`), { code });
}

describe('ProcfsSource (live sockets)', () => {
  const live = new LiveSockets();
  afterEach(() => live.closeAll());

  it('lists this process\'s listeners, UDP sockets and a connected pair with their owner', async () => {
    await live.tcpListener('127.0.0.1');
    await live.tcpListener('::1');
    await live.tcpListener('0.0.0.0');
    const target = await live.udp('udp4', '127.0.0.1');
    await live.udp('udp6', '::1');
    await live.udp('udp4', '127.0.0.1', target.address());
    await live.tcpPair('127.0.0.1', '127.0.0.1');
    const snapshot = await new ProcfsSource().snapshot();
    assertHas(snapshot, live.expected);
    const me = snapshot.processes.get(process.pid)!;
    // ps as the independent witness: process.argv is already resolved by Node.
    assert.equal(me.commandLine, execFileSync('ps', ['-o', 'args=', '-p', String(process.pid)], { encoding: 'utf8' }).trim());
    assert.equal(me.cwd, process.cwd());
    assert.equal(me.ppid, process.ppid);
    assert.equal(me.uid, process.getuid!());
  });

  it('attributes a listener opened by a child process to the child and its command line', async () => {
    const code = "require('net').createServer().listen(0,'127.0.0.1',function(){console.log(JSON.stringify({port:this.address().port}))})";
    const { child, message } = await live.node<{ port: number }>(code);
    const snapshot = await new ProcfsSource().snapshot();
    const socket = snapshot.sockets.find((s) => s.state === 'LISTEN' && s.local.port === message.port);
    assert.equal(socket?.pid, child.pid);
    assert.equal(snapshot.processes.get(child.pid!)?.commandLine, `${process.execPath} -e ${code}`);
  });

  it('sees sockets opened and closed between warm snapshots', async () => {
    const source = new ProcfsSource();
    await source.snapshot();
    const server = await live.tcpListener('127.0.0.1');
    const port = (server.address() as net.AddressInfo).port;
    assertHas(await source.snapshot(), live.expected);
    await new Promise((r) => server.close(r));
    const after = await source.snapshot();
    assert.equal(after.sockets.find((s) => s.local.port === port && s.state === 'LISTEN'), undefined);
  });

  it('finds a socket that replaced another one with the descriptor count unchanged, a snapshot later at most', async () => {
    const source = new ProcfsSource();
    const first = await live.tcpListener('127.0.0.1');
    await source.snapshot();
    // Close one listener and open another before the next snapshot: the fd
    // count is the same, possibly even the same fd number.
    await new Promise((r) => first.close(r));
    live.expected.length = 0;
    await live.tcpListener('127.0.0.1');
    const [e] = live.expected;
    const listed = (await source.snapshot()).sockets.find((s) => formatEndpoint(s.local) === e.local);
    assert.ok(listed, 'listed at once');
    assertHas(await source.snapshot(), live.expected);
  });

  it('keeps a socket with owner unknown when its process denies access (EACCES)', async () => {
    await live.tcpListener('127.0.0.1');
    const mine = `/proc/${process.pid}/fd`;
    const denying: ProcFs = {
      ...fs,
      statSync: ((p: string, ...rest: []) => {
        if (p === mine) throw errno('EACCES', p);
        return fs.statSync(p, ...rest);
      }) as typeof fs.statSync,
    };
    const snapshot = await new ProcfsSource({ reader: nodeProcReader(denying) }).snapshot();
    const [e] = live.expected;
    const socket = snapshot.sockets.find((s) => s.state === 'LISTEN' && formatEndpoint(s.local) === e.local);
    assert.ok(socket, 'socket kept');
    assert.equal(socket.pid, undefined);
  });

  it('keeps a socket with owner unknown when its process vanishes mid-scan (ENOENT, ESRCH)', async () => {
    await live.tcpListener('127.0.0.1');
    const prefix = `/proc/${process.pid}/fd/`;
    for (const code of ['ENOENT', 'ESRCH']) {
      const vanishing: ProcFs = {
        ...fs,
        readlinkSync: ((p: string) => {
          if (p.startsWith(prefix)) throw errno(code, p);
          return fs.readlinkSync(p);
        }) as typeof fs.readlinkSync,
      };
      const snapshot = await new ProcfsSource({ reader: nodeProcReader(vanishing) }).snapshot();
      const socket = snapshot.sockets.find((s) => formatEndpoint(s.local) === live.expected[0].local);
      assert.ok(socket, `socket kept (${code})`);
      assert.equal(socket.pid, undefined, code);
    }
  });

  it('lets faults that are not part of normal life propagate', async () => {
    const broken: ProcFs = { ...fs, readdirSync: (() => { throw errno('EIO', '/proc'); }) as unknown as typeof fs.readdirSync };
    await assert.rejects(new ProcfsSource({ reader: nodeProcReader(broken) }).snapshot(), /EIO/);
  });

  it('keeps a short-lived real process\'s socket even after the process exits', async () => {
    // The child passes its listener to a grandchild and exits: the socket
    // outlives the pid that created it and must land on the survivor.
    const code = `
      const net=require('net'),cp=require('child_process');
      const s=net.createServer().listen(0,'127.0.0.1',()=>{
        const g=cp.spawn(process.execPath,['-e','setInterval(()=>{},1000)'],{stdio:['ignore','ignore','ignore',s._handle.fd],detached:true});
        console.log(JSON.stringify({port:s.address().port,pids:[g.pid]}));
        process.exit(0);
      });`;
    const { child, message } = await live.node<{ port: number; pids: number[] }>(code);
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    const snapshot = await new ProcfsSource().snapshot();
    const socket = snapshot.sockets.find((s) => s.state === 'LISTEN' && s.local.port === message.port);
    assert.equal(socket?.pid, message.pids[0]);
  });
});
