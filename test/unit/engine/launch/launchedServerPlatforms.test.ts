import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as os from 'node:os';
import type { LaunchedServer } from '../../../../src/engine/launch/launchedServer';
import { LaunchedServers } from '../../../../src/engine/launch/launchedServers';
import type { CommandRunner } from '../../../../src/engine/proc/commandRunner';
import { listedStartNow, parseListedStart, ProcessIdentity, sameStart } from '../../../../src/engine/proc/processIdentity';
import { createSocketSource } from '../../../../src/engine/sockets/createSocketSource';
import { capture, crlf } from '../_platform/captures';
import { isGone, nextEvent, stopAndForceKill } from './launchHarness';

/**
 * A launch's root recorded off Linux: this machine's `ps` read the macOS way
 * (the same tool and columns), and PowerShell answered from its capture.
 */
describe('Launched servers off Linux: the root recorded by pid and start time', () => {
  const pids = new Set<number>();
  const registries: LaunchedServers[] = [];
  afterEach(async () => {
    for (const registry of registries.splice(0)) await stopAndForceKill(registry, pids);
  });

  function registryOn(platform: NodeJS.Platform, run?: CommandRunner): LaunchedServers {
    const registry = new LaunchedServers({ socketSource: createSocketSource(), identity: { platform, run } });
    registries.push(registry);
    return registry;
  }

  /** Starts `sleep 30`; `recorded` lists the roots the journal would write, as it does on every 'changed'. */
  async function started(registry: LaunchedServers): Promise<{ server: LaunchedServer; root: ProcessIdentity; recorded: (ProcessIdentity | undefined)[] }> {
    const server = registry.create({ command: 'sleep 30', cwd: os.tmpdir(), stopGraceMs: 500 });
    server.on('spawn', (pid) => pids.add(pid));
    const recorded: (ProcessIdentity | undefined)[] = [];
    registry.on('changed', () => recorded.push(server.identity?.root));
    const identified = nextEvent<[ProcessIdentity]>(server, 'identified');
    await server.start();
    const [root] = await identified;
    return { server, root, recorded };
  }

  it('darwin: reads the start with ps once spawned, and has the journal written with it', async () => {
    const { server, root, recorded } = await started(registryOn('darwin'));
    assert.deepEqual(server.identity?.root, root);
    assert.equal(root.clock, 'processList');
    assert.equal(root.pid, server.pid);
    assert.ok(sameStart(root.start!, (await listedStartNow(root.pid, { platform: 'darwin' }))!, 'processList', 'darwin'), JSON.stringify(root));
    assert.deepEqual(recorded.at(-1), root);
  });

  it("win32: reads the start as the root's CreationDate", async () => {
    const answer: CommandRunner = async () => ({ stdout: crlf(capture('win32/creation-date.txt')), stderr: '', code: 0 });
    const { root } = await started(registryOn('win32', answer));
    assert.deepEqual({ start: root.start, clock: root.clock }, { start: parseListedStart(capture('win32/creation-date.txt')), clock: 'processList' });
  });

  it('win32: names no outsiders at Stop without listing every process, as nothing there carries the mark', async () => {
    const ran: string[] = [];
    const answer: CommandRunner = async (_file, args) => {
      ran.push(args.join(' '));
      return { stdout: crlf(capture('win32/creation-date.txt')), stderr: '', code: 0 };
    };
    const { server } = await started(registryOn('win32', answer));
    assert.deepEqual((await server.processes()).outsiders, []);
    assert.deepEqual(ran.filter((command) => command.includes('Select-Object')), []);
  });

  describe('adopted from a lost window', () => {
    let lost: number;
    beforeEach(async () => {
      const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
      await once(child, 'spawn');
      lost = child.pid!;
      pids.add(lost);
    });

    const adopt = async (start: number): Promise<LaunchedServer> => {
      const registry = registryOn('darwin');
      return registry.adopt({ command: 'sleep 30', cwd: os.tmpdir(), stopGraceMs: 500 }, { pid: lost, start, clock: 'processList' }, 'PORT_ZERO_LAUNCH=lost');
    };

    it('runs on while its root runs with the start recorded, and Stop ends it', async () => {
      const server = await adopt((await listedStartNow(lost, { platform: 'darwin' }))!);
      const result = await server.stop();
      assert.deepEqual(result?.pids, [lost]);
      assert.equal(isGone(lost), true);
    });

    it('leaves alone a process that took its root pid, started at another time', async () => {
      const server = await adopt((await listedStartNow(lost, { platform: 'darwin' }))! - 3_600_000);
      assert.deepEqual((await server.stop())?.pids ?? [], []);
      assert.equal(isGone(lost), false);
    });
  });
});
