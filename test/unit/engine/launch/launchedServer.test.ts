import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import { askKernelForPort } from '../../../../src/engine/ports/kernelPort';
import { LaunchOptions, LaunchedServer } from '../../../../src/engine/launch/launchedServer';
import { ExitInfo } from '../../../../src/engine/launch/launchEvents';
import { LaunchError } from '../../../../src/engine/launch/launchError';
import { LaunchedServers } from '../../../../src/engine/launch/launchedServers';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { Socket } from '../../../../src/engine/sockets/socket';
import { fixtureCommand, isGone, nextEvent, OutputLog, stopAndForceKill, treePids } from './launchHarness';

describe('LaunchedServer', function () {
  const allocated: number[] = [];
  const pids = new Set<number>();
  let registry: LaunchedServers;

  beforeEach(() => {
    allocated.length = 0;
    registry = new LaunchedServers({
      socketSource: createSocketSource(),
      allocatePort: async (host) => {
        const port = await askKernelForPort(host);
        allocated.push(port);
        return port;
      },
    });
  });

  afterEach(() => stopAndForceKill(registry, pids));

  function launch(options: Partial<LaunchOptions> & Pick<LaunchOptions, 'command'>): { server: LaunchedServer; log: OutputLog } {
    const server = registry.create({ cwd: os.tmpdir(), readyTimeoutMs: 10_000, stopGraceMs: 500, ...options });
    server.on('spawn', (pid) => pids.add(pid));
    return { server, log: new OutputLog(server) };
  }

  /** Starts and waits for the first listening socket. */
  async function ready(server: LaunchedServer): Promise<Socket> {
    const first = nextEvent<[Socket]>(server, 'listening', 10_000, () => server.lastLines.join('\n'));
    await server.start();
    return (await first)[0];
  }

  it('env: passes the allocated port as PORT and ${port}, and reports the address the server bound', async () => {
    const { server, log } = launch({ command: fixtureCommand('envServer', '--port=${port}') });
    const socket = await ready(server);
    const [reported] = (await log.waitFor(/^LISTENING .*$/m), log.reports());
    assert.equal(allocated.length, 1);
    assert.equal(reported.port, allocated[0]);
    assert.match(log.text, new RegExp(`^ARGV --port=${allocated[0]}$`, 'm'));
    assert.deepEqual([socket.local.address, socket.local.port], ['127.0.0.1', allocated[0]]);
    assert.equal(socket.pid, reported.pid);
    assert.equal(server.port, allocated[0]);
  });

  it('zero: learns the port the kernel chose from the socket table', async () => {
    const { server, log } = launch({ command: fixtureCommand('zeroServer'), strategy: 'zero' });
    const socket = await ready(server);
    await log.waitFor(/^LISTENING /m);
    const [reported] = log.reports();
    assert.deepEqual([socket.local.address, socket.local.port], [reported.address, reported.port]);
    assert.notEqual(socket.local.port, 0);
    assert.equal(server.port, reported.port);
    assert.equal(allocated.length, 0, 'zero must not allocate a port');
  });

  it('socket: the server inherits the bound socket as fd 3 with LISTEN_PID set to its own pid', async () => {
    const { server, log } = launch({ command: fixtureCommand('inheritedSocketServer'), strategy: 'socket' });
    const socket = await ready(server);
    await log.waitFor(/^LISTENING /m);
    const [reported] = log.reports();
    assert.deepEqual([socket.local.address, socket.local.port], [reported.address, reported.port]);
    assert.equal(server.port, reported.port);
    assert.match(log.text, new RegExp(`^FDNAMES http PORT ${reported.port}$`, 'm'));
    const ownFds = fs.readdirSync('/proc/self/fd').map((fd) => {
      try {
        return fs.readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    assert.ok(!ownFds.includes(`socket:[${socket.inode}]`), 'the launcher must close its copy of the socket');
    assert.equal(await fetchLine(reported.port, '127.0.0.1'), 'inherited');
  });

  it('attributes a listener opened by a forked worker to the tree and reports it', async () => {
    const { server, log } = launch({ command: fixtureCommand('forkWorker') });
    const socket = await ready(server);
    const [, workerPid] = (await log.waitFor(/^PARENT \d+ WORKER (\d+)$/m)).map(Number);
    assert.equal(socket.pid, workerPid);
    assert.equal(socket.local.port, allocated[0]);
  });

  it('reports every listening socket of the tree, not only the first', async () => {
    const { server, log } = launch({ command: fixtureCommand('twoPorts'), strategy: 'zero' });
    const seen: Socket[] = [];
    server.on('listening', (socket) => seen.push(socket));
    const bothSeen = new Promise<void>((resolve) => server.on('listening', () => seen.length === 2 && resolve()));
    await server.start();
    await Promise.race([bothSeen, nextEvent(server, 'exit', 10_000)]);
    await log.waitFor(/^HMR /m);
    await log.waitFor(/^APP /m);
    const printed = log.reports().map((r) => r.port).sort();
    assert.deepEqual(seen.map((s) => s.local.port).sort(), printed);
    assert.deepEqual(server.sockets.map((s) => s.local.port).sort(), printed);
  });

  it('listens on IPv6 loopback when the host is ::1', async () => {
    const { server, log } = launch({ command: fixtureCommand('envServer'), host: '::1' });
    const socket = await ready(server);
    await log.waitFor(/^LISTENING /m);
    assert.equal(socket.family, 6);
    assert.deepEqual([socket.local.address, socket.local.port], ['::1', log.reports()[0].port]);
    assert.equal(await fetchLine(socket.local.port, '::1'), 'env');
  });

  it('reports an exit before listening with its code and last lines', async () => {
    const { server } = launch({ command: fixtureCommand('exitEarly') });
    const exit = nextEvent<[ExitInfo]>(server, 'exit');
    await server.start();
    const [info] = await exit;
    assert.equal(info.code, 3);
    assert.equal(info.beforeListening, true);
    assert.equal(info.stopped, false);
    assert.ok(info.lastLines.includes('Error: config file is broken'), info.lastLines.join('\n'));
    assert.equal(server.state, 'exited');
  });

  it('signals readyTimeout when nothing listens, keeps the process running, and stops it', async () => {
    const { server, log } = launch({ command: fixtureCommand('neverBinds'), readyTimeoutMs: 300 });
    const timeout = nextEvent(server, 'readyTimeout', 5_000);
    await server.start();
    await timeout;
    const [, pid] = (await log.waitFor(/pid=(\d+)/)).map(Number);
    assert.equal(isGone(pid), false, 'the server must keep running after the ready timeout');
    const exit = nextEvent<[ExitInfo]>(server, 'exit');
    await server.stop();
    assert.equal((await exit)[0].stopped, true);
    assert.equal(isGone(pid), true);
  });

  it('stop ends every pid of the tree, SIGKILLing a setsid worker that ignores SIGTERM', async () => {
    const { server, log } = launch({ command: fixtureCommand('forkWorker', '--setsid', '--ignore-term') });
    await ready(server);
    const [, parentPid, workerPid] = (await log.waitFor(/^PARENT (\d+) WORKER (\d+)$/m)).map(Number);
    const tree = treePids(server.pid as number);
    tree.forEach((pid) => pids.add(pid));
    assert.ok(tree.includes(parentPid) && tree.includes(workerPid), `tree ${tree} lacks ${parentPid} or ${workerPid}`);
    const result = await server.stop();
    assert.deepEqual(tree.filter((pid) => !isGone(pid)), []);
    assert.ok(result?.forced.includes(workerPid), `expected ${workerPid} among forced ${result?.forced}`);
    assert.match(log.text, /worker ignores SIGTERM/);
  });

  it('a stop issued while starting waits for the spawn and ends it', async () => {
    const { server } = launch({ command: fixtureCommand('neverBinds') });
    const spawned = nextEvent<[number]>(server, 'spawn');
    const starting = server.start();
    const stopped = server.stop();
    await starting;
    const [pid] = await spawned;
    await stopped;
    assert.equal(isGone(pid), true);
    assert.equal(server.state, 'exited');
  });

  it('reports a command the shell cannot find, with the name', async () => {
    const { server } = launch({ command: 'port-zero-no-such-command --flag' });
    const failed = nextEvent<[LaunchError]>(server, 'launchError');
    const exit = nextEvent<[ExitInfo]>(server, 'exit');
    await server.start();
    const [error] = await failed;
    assert.equal(error.kind, 'commandNotFound');
    assert.equal(error.message, 'command not found: port-zero-no-such-command');
    assert.equal((await exit)[0].code, 127);
    assert.equal(server.state, 'failed');
  });

  it('reports a working directory that does not exist without spawning', async () => {
    const cwd = `${os.tmpdir()}/port-zero-missing-${process.pid}`;
    const { server } = launch({ command: fixtureCommand('envServer'), cwd });
    const failed = nextEvent<[LaunchError]>(server, 'launchError');
    await server.start();
    const [error] = await failed;
    assert.equal(error.kind, 'cwdMissing');
    assert.equal(error.message, `cwd does not exist: ${cwd}`);
    assert.equal(server.pid, undefined);
  });

  it('passes colour codes through unchanged with FORCE_COLOR, unless the user set it', async () => {
    const colored = launch({ command: fixtureCommand('coloredOutput') });
    await ready(colored.server);
    await colored.log.waitFor(/ready/);
    assert.ok(colored.log.text.includes('\x1b[32mready\x1b[39m in \x1b[1m12\x1b[22m ms\n'));
    const plain = launch({ command: fixtureCommand('coloredOutput'), env: { FORCE_COLOR: '0' } });
    await ready(plain.server);
    await plain.log.waitFor(/ready/);
    assert.match(plain.log.text, /^ready in 12 ms$/m);
  });

  it('restart stops the tree and starts it again, listening anew', async () => {
    const { server, log } = launch({ command: fixtureCommand('zeroServer'), strategy: 'zero' });
    await ready(server);
    const firstPid = server.pid as number;
    const again = nextEvent<[Socket]>(server, 'listening');
    await server.restart();
    const [socket] = await again;
    assert.notEqual(server.pid, firstPid);
    assert.equal(isGone(firstPid), true);
    await log.waitFor(/^LISTENING [\s\S]*^LISTENING /m);
    assert.equal(socket.local.port, log.reports()[1].port);
  });

  it('stopAll stops every registered server', async () => {
    const a = launch({ command: fixtureCommand('neverBinds') });
    const b = launch({ command: fixtureCommand('envServer') });
    await a.server.start();
    await ready(b.server);
    const roots = [a.server.pid as number, b.server.pid as number];
    await registry.stopAll();
    assert.deepEqual(roots.filter((pid) => !isGone(pid)), []);
    assert.deepEqual(registry.all().map((s) => s.state), ['exited', 'exited']);
  });
});

function fetchLine(port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = net.connect({ port, host });
    let text = '';
    client.on('data', (d) => (text += d.toString()));
    client.on('end', () => resolve(text.trim()));
    client.on('error', reject);
  });
}
