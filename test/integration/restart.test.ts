import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { alive, api, fixtureServer, listening, node, startTask, treePids, waitFor } from './_launch';

describe('Started here: Restart and Show Terminal', function () {
  this.timeout(40_000);

  afterEach(async () => {
    await (await api()).launcher.stopAll();
  });

  async function rowOf(name: string): Promise<string> {
    const { sockets } = await api();
    await sockets.refresher.refresh();
    return waitFor(`a Started here row for ${name}`, 10_000, (recheck) => sockets.tree.onDidRender(recheck), () => {
      const group = sockets.tree.roots.find((n) => n.kind === 'startedGroup');
      const row = group?.children.find((c) => c.kind === 'startedServer' && c.server.name === name);
      return row?.id;
    });
  }

  it('restarts the whole tree in the same terminal and serves the same named port again', async () => {
    const { launcher } = await api();
    const { started, name } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, portName: 'restart-test' });
    const [before] = await listening(started.server);
    const oldPids = await treePids(started.rootPid as number);
    const terminals = vscode.window.terminals.length;

    await vscode.commands.executeCommand('portZero.restartServer', await rowOf(name));

    const [after] = await listening(started.server);
    assert.equal(after.local.port, before.local.port, 'a named port must survive a restart');
    for (const pid of oldPids) assert.equal(alive(pid), false, `pid ${pid} of the first run survived the restart`);
    assert.equal(launcher.servers.filter((s) => s.name === name).length, 1);
    assert.equal(vscode.window.terminals.length, terminals, 'the restart opened another terminal');
  });

  it('shows the terminal the server runs in', async () => {
    const { launcher } = await api();
    const { started, name } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}` });
    await listening(started.server);
    await vscode.commands.executeCommand('portZero.showServerTerminal', await rowOf(name));
    const active = await waitFor('the server terminal to become active', 5000, (recheck) => vscode.window.onDidChangeActiveTerminal(recheck), () =>
      vscode.window.activeTerminal?.name === name ? true : undefined);
    assert.equal(active, true);
    assert.equal(launcher.showTerminal(started.server), true);
  });
});
