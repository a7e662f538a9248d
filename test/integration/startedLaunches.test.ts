import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LaunchChoice } from '../../src/launch/recentLaunches';
import { alive, api, fixtureServer, listening, node, startTask, waitFor } from './_launch';
import { recordMessages, type RecordedMessages } from './_messages';

/** A launch as Start on Free Port makes it, in a terminal of Port Zero's own. */
async function launch(label: string, script = 'envServer.js'): Promise<{ choice: LaunchChoice; started: Awaited<ReturnType<typeof startedAs>> }> {
  const folder = vscode.workspace.workspaceFolders![0];
  const choice: LaunchChoice = { label, command: `${node} ${JSON.stringify(fixtureServer(script))} ${label}`, cwd: folder.uri.fsPath, origin: 'typed' };
  void (await api()).launcher.launch(choice, folder);
  return { choice, started: await startedAs(label) };
}

async function startedAs(name: string) {
  const { launcher } = await api();
  return waitFor(`${name} to start`, 10_000, (recheck) => launcher.onDidChange(recheck), () =>
    launcher.servers.find((s) => s.name === name && s.rootPid !== undefined));
}

/** The Started here row of a launch, once `check` accepts it. */
async function rowOf(name: string, what: string, check: (item: vscode.TreeItem) => boolean) {
  const { sockets } = await api();
  await sockets.refresher.refresh();
  return waitFor(what, 10_000, (recheck) => sockets.tree.onDidRender(recheck), () => {
    const row = sockets.tree.roots.find((n) => n.kind === 'startedGroup')?.children.find((c) => c.kind === 'startedServer' && c.server.name === name);
    return row && check(sockets.tree.getTreeItem(row.id)) ? row : undefined;
  });
}

describe('Started here: a launch from start to removal', function () {
  this.timeout(40_000);
  let messages: RecordedMessages;

  beforeEach(async () => {
    messages = recordMessages(await api());
  });

  afterEach(async () => {
    messages.dispose();
    // Answers (with nothing) any notification still waiting, such as "already running".
    await vscode.commands.executeCommand('notifications.clearAll');
    const { launcher } = await api();
    await launcher.stopAll();
    for (const { id } of launcher.servers) await launcher.remove(id);
  });

  it('a second start of a running command says it runs, offers Open / Restart / Start Another, and stops nothing', async () => {
    const { choice, started } = await launch('twice');
    const [socket] = await listening(started.server);
    void (await api()).launcher.launch(choice, vscode.workspace.workspaceFolders![0]);
    const shown = await messages.next(/already running/);
    assert.equal(shown.text, `twice is already running on 127.0.0.1:${socket.local.port}.`);
    assert.deepEqual(shown.actions, ['Open', 'Restart', 'Start Another']);
    assert.ok(alive(started.rootPid!), 'the running server was stopped');
    assert.equal(started.server.state, 'listening');
    assert.equal((await api()).launcher.servers.filter((s) => s.server.options.command === choice.command).length, 1);
  });

  it('closes the "listening on" notification when the server stops', async () => {
    const { started, name } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}` });
    await listening(started.server);
    const shown = await messages.next(new RegExp(`^${name}: listening on `));
    assert.ok(shown.closed, 'the notification cannot close: it outlives the server and offers Open on a dead port');
    let closed = false;
    void shown.closed.then(() => (closed = true));
    await Promise.resolve();
    assert.equal(closed, false, 'closed while the server still listens');
    await started.server.stop();
    await shown.closed;
  });

  it('says "exited (…)" with Show Terminal / Restart when a listening server dies, keeps it under Started here marked exited, and Restart runs it again in the same terminal', async () => {
    const { started } = await launch('dies');
    const [socket] = await listening(started.server);
    const terminals = vscode.window.terminals.length;
    process.kill(socket.pid!, 'SIGKILL');
    const shown = await messages.next(/^dies exited \(/);
    assert.match(shown.text, /^dies exited \((signal SIGKILL|code 137)\)\.$/);
    assert.deepEqual(shown.actions, ['Show Terminal', 'Restart']);
    const row = await rowOf('dies', 'the row to say it exited', (item) => /^exited \(/.test(String(item.description)));
    assert.equal(row.contextValue, 'portZero.startedServer.exited');
    await vscode.commands.executeCommand('portZero.restartServer', row.id);
    const [again] = await listening(started.server);
    assert.ok(alive(again.pid!));
    assert.equal(vscode.window.terminals.length, terminals, 'Restart opened another terminal');
  });

  it('Remove forgets an exited launch and closes its terminal', async () => {
    const { started } = await launch('removed');
    const [socket] = await listening(started.server);
    const terminal = await waitFor('the launch\'s terminal', 5000, (recheck) => vscode.window.onDidOpenTerminal(recheck), () =>
      vscode.window.terminals.find((t) => t.name === 'removed'));
    process.kill(socket.pid!, 'SIGKILL');
    const row = await rowOf('removed', 'the row to say it exited', (item) => /^exited \(/.test(String(item.description)));
    const closed = new Promise<void>((resolve) => vscode.window.onDidCloseTerminal((t) => t === terminal && resolve()));
    await vscode.commands.executeCommand('portZero.removeServer', row.id);
    await closed;
    assert.equal((await api()).launcher.servers.some((s) => s.name === 'removed'), false);
  });

  it('runs Start on Free Port outside the task system, so Run Task\'s "recently used" does not fill up', async () => {
    const { started } = await launch('not-a-task');
    await listening(started.server);
    assert.deepEqual(vscode.tasks.taskExecutions.map((e) => e.task.name).filter((n) => n === 'not-a-task'), []);
  });

  it('says in the notification and the row\'s tooltip that a server which ignored HOST listens on all interfaces', async () => {
    const { started } = await launch('wild', 'wildcardServer.js');
    const [socket] = await listening(started.server);
    assert.equal(socket.local.address, '0.0.0.0');
    const shown = await messages.next(/^wild: listening on /);
    assert.match(shown.text, /listens on all interfaces — reachable from the network/);
    const { sockets } = await api();
    const row = await rowOf('wild', 'the row with its address', (item) => String(item.description).includes(String(socket.local.port)));
    const item = sockets.tree.resolveTreeItem(sockets.tree.getTreeItem(row.id), row.id);
    assert.match((item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' '), /listens on all interfaces — reachable from the network/);
  });

  it('names the servers and their URLs in the status bar\'s tooltip', async () => {
    const { started } = await launch('tooltip');
    const [socket] = await listening(started.server);
    const { sockets, launcher } = await api();
    await waitFor('the status bar to name it', 5000, (recheck) => launcher.onDidChange(recheck), () => (sockets.status.tooltip?.includes('tooltip:') ? true : undefined));
    assert.match(sockets.status.tooltip ?? '', new RegExp(`tooltip: http://127\\.0\\.0\\.1:${socket.local.port}/`));
  });
});
