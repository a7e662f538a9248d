import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as path from 'node:path';
import type { LaunchedServer } from '../../src/engine/launch/launchedServer';
import { alive, api, fixtureServer, listening, node, output, repoRoot, startTask, treePids, waitFor } from './_launch';

/** Connects and reads what the fixture answers: proof that the address really serves. */
function fetchLine(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port }, () => undefined);
    let data = '';
    socket.on('data', (d) => (data += d.toString()));
    socket.on('end', () => resolve(data.trim()));
    socket.on('error', reject);
  });
}

function exited(server: LaunchedServer, ms = 10_000): Promise<{ code: number | null; lastLines: readonly string[] }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not exit')), ms);
    server.once('exit', (info) => {
      clearTimeout(timer);
      resolve(info);
    });
  });
}

describe('Start on Free Port', function () {
  this.timeout(30_000);
  const running: LaunchedServer[] = [];

  afterEach(async () => {
    const { launcher } = await api();
    for (const s of running.splice(0)) await s.stop();
    await launcher.stopAll();
  });

  async function start(command: string, extra: Record<string, unknown> = {}) {
    const launched = await startTask({ command, ...extra });
    running.push(launched.started.server);
    return launched;
  }

  it('env strategy: passes a reserved port in PORT and finds the server listening on it', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, { strategy: 'env' });
    const [socket] = await listening(started.server);
    assert.equal(socket.local.address, '127.0.0.1');
    assert.equal(socket.local.port, started.server.port);
    assert.equal(await fetchLine('127.0.0.1', socket.local.port), 'env');
  });

  it('zero strategy: learns the port the kernel chose from the socket table', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('zeroServer.js'))}`, { strategy: 'zero' });
    const log = output(started.server);
    const [socket] = await listening(started.server);
    assert.equal(await fetchLine('127.0.0.1', socket.local.port), 'zero');
    await waitFor('the fixture to report its port', 5000, (recheck) => {
      started.server.on('output', recheck);
      return () => started.server.off('output', recheck);
    }, () => (/LISTENING \S+ (\d+)/.exec(log.text()) ? true : undefined));
    assert.equal(Number(/LISTENING \S+ (\d+)/.exec(log.text())?.[1]), socket.local.port);
    log.dispose();
  });

  it('socket strategy: the server serves on the socket Port Zero bound and handed over as fd 3', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('inheritedSocketServer.js'))}`, { strategy: 'socket' });
    const [socket] = await listening(started.server);
    assert.equal(socket.local.port, started.server.port);
    assert.equal(await fetchLine('127.0.0.1', socket.local.port), 'inherited');
  });

  it('reports a listener opened by a forked worker', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('forkWorker.js'))}`);
    const [socket] = await listening(started.server);
    assert.notEqual(socket.pid, started.rootPid);
    assert.equal(await fetchLine('127.0.0.1', socket.local.port), 'worker');
  });

  it('reports both ports of a server that binds two', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('twoPorts.js'))}`, { strategy: 'zero' });
    const sockets = await listening(started.server, 2);
    const answers = await Promise.all(sockets.map((s) => fetchLine('127.0.0.1', s.local.port)));
    assert.deepEqual(answers.sort(), ['APP', 'HMR']);
  });

  it('binds an IPv6 loopback host when asked', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, { host: '::1' });
    const [socket] = await listening(started.server);
    assert.equal(socket.local.address, '::1');
    assert.equal(socket.family, 6);
    assert.equal(await fetchLine('::1', socket.local.port), 'env');
  });

  it('reports an exit before listening with the exit code and the last lines', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('exitEarly.js'))}`);
    const info = await exited(started.server);
    assert.equal(info.code, 3);
    assert.ok(info.lastLines.some((l) => l.includes('config file is broken')), info.lastLines.join('\n'));
  });

  it('says when a server never binds, keeps it running, and stops it on request', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('neverBinds.js'))}`, { readyTimeoutSeconds: 1 });
    let timedOut = false;
    await waitFor('the ready timeout', 10_000, (recheck) => {
      const on = (): void => {
        timedOut = true;
        recheck();
      };
      started.server.on('readyTimeout', on);
      return () => started.server.off('readyTimeout', on);
    }, () => (timedOut ? true : undefined));
    assert.equal(started.server.state, 'waiting');
    const pid = started.rootPid as number;
    assert.ok(alive(pid), 'the server must keep running after the timeout');
    await started.server.stop();
    assert.equal(alive(pid), false);
  });

  it('stop leaves no process of the tree alive, even a worker that ignores SIGTERM', async () => {
    const { started } = await start(`${node} ${JSON.stringify(fixtureServer('forkWorker.js'))} --setsid --ignore-term`);
    await listening(started.server);
    const pids = await treePids(started.rootPid as number);
    const setsidWorker = started.server.sockets[0].pid as number;
    assert.ok(pids.length >= 2, `expected the shell, node and its worker, got ${pids}`);
    await started.server.stop();
    for (const pid of new Set([...pids, setsidWorker])) assert.equal(alive(pid), false, `pid ${pid} survived stop`);
  });

  it('deactivate stops every server it started', async () => {
    const a = await start(`${node} ${JSON.stringify(fixtureServer('envServer.js'))}`);
    const b = await start(`${node} ${JSON.stringify(fixtureServer('neverBinds.js'))}`);
    await listening(a.started.server);
    const pids = [...(await treePids(a.started.rootPid as number)), ...(await treePids(b.started.rootPid as number))];
    // The very module instance VS Code loaded: deactivate() is what it calls on window close.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(path.join(repoRoot, 'dist', 'extension.js')) as { deactivate(): Promise<void> };
    await extension.deactivate();
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} survived deactivate`);
  });
});
