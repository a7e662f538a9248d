import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { alive, api, fixtureServer, node, waitFor, withStopPrompts } from './_launch';

/**
 * A window that dies without deactivate() leaves its servers running in
 * their own sessions. Played here by a host process using Port Zero's engine,
 * killed with SIGKILL; the real extension then finds its servers through the
 * journal and offers to stop or keep them (issue 11, point 4).
 */
describe('Servers left running by a window that died', function () {
  this.timeout(40_000);
  const suite = withStopPrompts();
  const leftovers: number[] = [];

  afterEach(() => {
    for (const pid of leftovers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  });

  /** Starts a server from a stand-in host, then kills that host with SIGKILL; returns the server's pid and port. */
  async function loseHost(name: string): Promise<{ pid: number; port: number }> {
    const { launcher } = await api();
    assert.ok(launcher.journal, 'the extension keeps no journal');
    const command = `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`;
    const host: ChildProcess = spawn(process.execPath, [fixtureServer('lostHost.js'), launcher.journal.dir, name, command], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    let out = '';
    host.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const ready = await waitFor('the stand-in host to start its server', 20_000, (recheck) => {
      host.stdout!.on('data', recheck);
      return () => host.stdout!.off('data', recheck);
    }, () => /READY (\d+) (\d+)/.exec(out) ?? undefined);
    const [port, pid] = [Number(ready[1]), Number(ready[2])];
    leftovers.push(pid);
    const exited = once(host, 'exit');
    host.kill('SIGKILL');
    await exited;
    assert.equal(alive(pid), true, 'the server died with its host: nothing to recover');
    return { pid, port };
  }

  it('offers the servers, and Keep puts them back under Started here, listening and stoppable', async () => {
    const { launcher } = await api();
    const { pid, port } = await loseHost('lost-web');
    const asked: string[][] = [];
    await launcher.recoverOrphans(async (servers) => {
      asked.push([...servers]);
      return 'keep';
    });
    assert.equal(asked.length, 1);
    assert.match(asked[0].join('\n'), new RegExp(`^lost-web \\(.*${pid}`));
    const kept = await waitFor('the kept server to listen again', 10_000, (recheck) => launcher.onDidChange(recheck), () =>
      launcher.servers.find((s) => s.name === 'lost-web' && s.listening.some((l) => l.local.port === port)));
    assert.equal(kept.rootPid !== undefined, true);
    suite.sockets.stopPrompts.confirmStop = async () => true;
    await suite.sockets.refresher.refresh();
    const row = await waitFor('its row', 5000, (recheck) => suite.sockets.tree.onDidRender(recheck), () =>
      suite.sockets.tree.roots.find((n) => n.kind === 'startedGroup')?.children.find((c) => c.kind === 'startedServer' && c.server.name === 'lost-web'));
    await vscode.commands.executeCommand('portZero.stopProcess', row.id);
    assert.equal(alive(pid), false, 'Stop left the adopted server running');
  });

  it('Stop All ends them and leaves nothing in Started here; no answer leaves them for next time', async () => {
    const { launcher } = await api();
    const { pid } = await loseHost('lost-api');
    await launcher.recoverOrphans(async () => undefined);
    assert.equal(alive(pid), true);
    assert.equal(launcher.servers.some((s) => s.name === 'lost-api'), false);
    const asked: string[][] = [];
    await launcher.recoverOrphans(async (servers) => {
      asked.push([...servers]);
      return 'stop';
    });
    assert.equal(asked.length, 1, 'not asked again after no answer');
    assert.equal(alive(pid), false);
    assert.equal(launcher.servers.some((s) => s.name === 'lost-api'), false);
    await launcher.recoverOrphans(async () => assert.fail('asked about servers already stopped'));
  });
});
