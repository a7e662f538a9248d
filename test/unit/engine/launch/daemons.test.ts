import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LaunchOptions, LaunchedServer } from '../../../../src/engine/launch/launchedServer';
import { DetachedInfo, describeSurvivors, ExitInfo } from '../../../../src/engine/launch/launchEvents';
import { LaunchedServers } from '../../../../src/engine/launch/launchedServers';
import { askKernelForPort } from '../../../../src/engine/ports/kernelPort';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { Socket } from '../../../../src/engine/sockets/socket';
import { fixtureCommand, forceKill, isGone, nextEvent, OutputLog, stopAndForceKill } from './launchHarness';

/**
 * Servers that leave the shell Port Zero started: backgrounded (`cmd &`),
 * daemonised with a double fork and setsid, and programs the server starts
 * that are not part of it (a browser). Each stays Port Zero's to watch and
 * stop; only the last needs the user's say.
 */
describe('LaunchedServer: daemons and outsiders', function () {
  const pids = new Set<number>();
  let registry: LaunchedServers;

  beforeEach(() => {
    registry = new LaunchedServers({ socketSource: createSocketSource(), allocatePort: (host) => askKernelForPort(host) });
  });
  const gates: string[] = [];
  afterEach(async () => {
    for (const gate of gates.splice(0)) fs.rmSync(gate, { force: true });
    await stopAndForceKill(registry, pids);
  });

  function launch(command: string, options: Partial<LaunchOptions> = {}): { server: LaunchedServer; log: OutputLog; exits: ExitInfo[] } {
    const server = registry.create({ cwd: os.tmpdir(), readyTimeoutMs: 10_000, stopGraceMs: 500, command, ...options });
    const exits: ExitInfo[] = [];
    server.on('exit', (info) => exits.push(info));
    server.on('spawn', (pid) => pids.add(pid));
    server.on('listening', (socket) => socket.pid !== undefined && pids.add(socket.pid));
    return { server, log: new OutputLog(server), exits };
  }

  it('keeps a launch whose shell backgrounded the server: reports its listener, and Stop ends it', async () => {
    const { server, exits } = launch(`${fixtureCommand('envServer')} &`);
    const detached = nextEvent<[DetachedInfo]>(server, 'detached', 10_000);
    const listening = nextEvent<[Socket]>(server, 'listening', 10_000, () => server.lastLines.join('\n'));
    await server.start();
    const [socket] = await listening;
    const [info] = await detached;
    assert.equal(info.code, 0);
    assert.ok(info.survivors.some((p) => p.pid === socket.pid), JSON.stringify(info.survivors));
    assert.equal(exits.length, 0, 'reported as exited while its server runs');
    assert.equal(server.state, 'listening');
    await server.stop();
    assert.equal(isGone(socket.pid!), true);
    assert.equal(exits.length, 1);
    assert.equal(exits[0].stopped, true);
    assert.equal(exits[0].beforeListening, false);
  });

  it('finds and stops a daemon that double-forked out of the group and session, once it listens', async () => {
    const { server, exits } = launch(`(setsid ${fixtureCommand('envServer')} >/dev/null 2>&1 &); exit 0`);
    const listening = nextEvent<[Socket]>(server, 'listening', 10_000, () => server.lastLines.join('\n'));
    await server.start();
    const [socket] = await listening;
    assert.equal(exits.length, 0);
    await server.stop();
    assert.equal(isGone(socket.pid!), true, 'the daemon serving the launch\'s port outlived Stop');
  });

  it('ends when the processes its shell left behind end by themselves', async () => {
    const { server } = launch(`${process.execPath} -e "setTimeout(() => {}, 300)" & exit 0`);
    const detached = nextEvent<[DetachedInfo]>(server, 'detached', 10_000);
    const exit = nextEvent<[ExitInfo]>(server, 'exit', 10_000);
    await server.start();
    await detached;
    const [info] = await exit;
    assert.deepEqual([info.code, info.stopped, info.beforeListening], [0, false, true]);
  });

  for (const outsiders of [false, true]) {
    it(`names a process that only carries the launch's mark and ${outsiders ? 'stops it when asked to' : 'leaves it running by default'}`, async () => {
      // The stand-in for a browser `vite --open` starts: setsid, its parent gone, only the mark left.
      const { server } = launch(`(setsid sleep 600 &); exec ${fixtureCommand('envServer')}`);
      const listening = nextEvent<[Socket]>(server, 'listening', 10_000, () => server.lastLines.join('\n'));
      await server.start();
      const [socket] = await listening;
      const named = (await server.processes()).outsiders;
      const sleep = named.find((p) => p.name === 'sleep' || p.name === 'setsid');
      assert.ok(sleep, `outsiders: ${JSON.stringify(named)}`);
      assert.ok(!named.some((p) => p.pid === socket.pid), 'the server itself named as an outsider');
      try {
        await server.stop({ outsiders });
        assert.equal(isGone(socket.pid!), true);
        assert.equal(isGone(sleep.pid), outsiders, outsiders ? 'the outsider survived' : 'the outsider was stopped without being asked');
      } finally {
        forceKill([sleep.pid]);
      }
    });
  }

  it('ends a Stop whose server already exited though an outsider it started still runs', async () => {
    // The server is gone (exit 0) but its "browser" lives on: the launch stays, and Stop must not wait on the browser.
    const { server, exits } = launch('(setsid sleep 600 &); exit 0');
    const detached = nextEvent<[DetachedInfo]>(server, 'detached', 10_000);
    await server.start();
    const [info] = await detached;
    // The one survivor: named `setsid` or `sleep`, depending on whether its exec has happened yet.
    assert.equal(info.survivors.length, 1, JSON.stringify(info.survivors));
    const sleep = info.survivors[0];
    try {
      assert.deepEqual(((await server.processes()).outsiders).map((p) => p.pid), [sleep.pid]);
      await server.stop();
      assert.equal(exits.length, 1);
      assert.equal(isGone(sleep.pid), false);
    } finally {
      forceKill([sleep.pid]);
    }
  });

  it('leaves a marked daemon listening on a port of its own an outsider once the shell exited: never announced, named, spared by Stop', async () => {
    const gate = path.join(os.tmpdir(), `pz-daemons-gate-${process.pid}`);
    gates.push(gate);
    // The daemon double-forks and listens on a port the kernel picks; the server starts only once the gate opens.
    const daemon = `setsid env PORT=0 ${fixtureCommand('envServer')}`;
    const { server, log } = launch(`(${daemon} &); (until [ -e ${gate} ]; do sleep 0.05; done; exec ${fixtureCommand('envServer')}) & exit 0`);
    const announced: Socket[] = [];
    server.on('listening', (socket) => announced.push(socket));
    const detached = nextEvent<[DetachedInfo]>(server, 'detached', 10_000);
    await server.start();
    await detached;
    await log.waitFor(/^LISTENING /m);
    const [daemonReport] = log.reports();
    pids.add(daemonReport.pid);
    // Survivors are watched now, the daemon among them: the poll that finds the server finds the daemon's socket too.
    fs.writeFileSync(gate, '');
    const listening = nextEvent<[Socket]>(server, 'listening', 10_000, () => server.lastLines.join('\n'));
    const [socket] = await listening;
    assert.equal(socket.local.port, server.port);
    assert.deepEqual(announced.filter((s) => s.pid === daemonReport.pid), [], 'the daemon\'s own port was announced as the launch\'s');
    const { members, outsiders } = await server.processes();
    assert.ok(outsiders.some((p) => p.pid === daemonReport.pid), `outsiders: ${JSON.stringify(outsiders)}`);
    assert.ok(!members.some((p) => p.pid === daemonReport.pid));
    await server.stop();
    assert.equal(isGone(socket.pid!), true);
    assert.equal(isGone(daemonReport.pid), false, 'a daemon on a port of its own was stopped without being asked');
  });

  it('with the zero strategy, takes no process outside the tree for the server by its port: a double-forked daemon is named and spared', async () => {
    const { server, log } = launch(`(setsid ${fixtureCommand('envServer')} &); exit 0`, { strategy: 'zero' });
    const detached = nextEvent<[DetachedInfo]>(server, 'detached', 10_000);
    await server.start();
    const [info] = await detached;
    await log.waitFor(/^LISTENING /m);
    const [report] = log.reports();
    pids.add(report.pid);
    assert.deepEqual(info.survivors.map((p) => p.pid), [report.pid]);
    const { members, outsiders } = await server.processes();
    assert.deepEqual([members, outsiders.map((p) => p.pid)], [[], [report.pid]]);
    await server.stop();
    assert.equal(isGone(report.pid), false);
  });

  it('names a survivor by the program it became, not by the shell it was forked from', async () => {
    // The subshell bears the shell's name until its exec, a moment after the shell exited.
    const { server } = launch('(sleep 0.03; exec sleep 600) & exit 0');
    const detached = nextEvent<[DetachedInfo]>(server, 'detached', 10_000);
    await server.start();
    const [info] = await detached;
    info.survivors.forEach((p) => pids.add(p.pid));
    assert.deepEqual(info.survivors.map((p) => p.name), ['sleep']);
    assert.equal(describeSurvivors(info.survivors), `sleep (${info.survivors[0].pid}) keeps running`);
  });
});
