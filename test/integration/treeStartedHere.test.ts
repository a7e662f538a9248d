import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { alive, externalUrl, fixtureServer, listening, node, startTask, waitFor, withStopPrompts } from './_launch';

describe('Ports tree: Started here and the status bar', function () {
  this.timeout(30_000);
  const suite = withStopPrompts();

  it('Copy URL copies the address Open opens (asExternalUri: code-server\'s /proxy/PORT/), not the local one', async () => {
    const { started } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}` });
    const [socket] = await listening(started.server);
    const local = `http://127.0.0.1:${socket.local.port}/`;
    const external = await externalUrl(local);
    assert.notEqual(external, local, 'this window is not remote: asExternalUri leaves the address as it is');
    await suite.sockets.refresher.refresh();
    const row = await waitFor('the Started here row', 5000, (recheck) => suite.sockets.tree.onDidRender(recheck), () =>
      suite.sockets.tree.roots.find((n) => n.kind === 'startedGroup')?.children.find((c) => c.kind === 'startedServer' && c.server.rootPid === started.rootPid && c.addresses.length > 0));
    await vscode.commands.executeCommand('portZero.copyUrl', row.id);
    assert.equal(await vscode.env.clipboard.readText(), external);
  });

  it('lists a launched server first, by name with its address, counts it in the status bar, and stops it after asking', async () => {
    const { started, name } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, strategy: 'env' });
    const [socket] = await listening(started.server);
    const address = `127.0.0.1:${socket.local.port}`;
    await suite.sockets.refresher.refresh();
    const group = await waitFor('the Started here group', 5000, (recheck) => suite.sockets.tree.onDidRender(recheck),
      () => suite.sockets.tree.roots.find((n) => n.kind === 'startedGroup' && n.children.some((c) => c.kind === 'startedServer' && c.addresses.length > 0)));
    assert.equal(suite.sockets.tree.roots[0], group);
    assert.equal(suite.sockets.tree.getTreeItem(group.id).label, 'Started here');
    const serverId = (await suite.sockets.tree.getChildren(group.id)).find((id) => suite.sockets.tree.getTreeItem(id).label === name);
    assert.ok(serverId, `no row for ${name}`);
    const item = suite.sockets.tree.getTreeItem(serverId);
    assert.equal(item.description, address);
    assert.equal(item.contextValue, 'portZero.startedServer.tcp.web.own');
    assert.equal(suite.sockets.status.text, '$(rocket) 1');

    await vscode.commands.executeCommand('portZero.copyUrl', serverId);
    assert.equal(await vscode.env.clipboard.readText(), await externalUrl(`http://${address}/`));

    const asked: number[] = [];
    suite.sockets.stopPrompts.confirmStop = async (request) => {
      asked.push(request.pid);
      return true;
    };
    const pid = started.rootPid!;
    await vscode.commands.executeCommand('portZero.stopProcess', serverId);
    assert.deepEqual(asked, [pid]);
    assert.equal(alive(pid), false);
    await waitFor('the status bar to hide', 5000, (recheck) => (suite.sockets.tree.onDidRender(recheck)),
      () => (suite.sockets.status.text === undefined ? true : undefined));
  });
});
