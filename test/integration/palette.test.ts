// What the palette's commands take from their callers and show in their picks:
// a command line handed to Start on Free Port is not run, and names that are
// not Port Zero's show in a quick pick as typed, `$(icon)` syntax included.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, fixtureServer, listening, node, waitFor } from './_launch';

describe('Commands from the palette', function () {
  this.timeout(60_000);
  const showQuickPick = vscode.window.showQuickPick;

  afterEach(async () => {
    vscode.window.showQuickPick = showQuickPick;
    await (await api()).launcher.stopAll();
  });

  it('portZero.startOnFreePort runs no command line handed to it: it asks with its own pick, and closing that starts nothing', async () => {
    const { launcher } = await api();
    const folder = vscode.workspace.workspaceFolders![0];
    const handed = { label: 'handed-in', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))} handed-in-marker`, cwd: folder.uri.fsPath, origin: 'typed' };
    const result = vscode.commands.executeCommand('portZero.startOnFreePort', handed);
    let settled = false;
    void Promise.resolve(result).finally(() => (settled = true));
    // The pick opens after the command starts; it is closed as a user would close it, until the command ends.
    while (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await result, undefined);
    assert.equal(launcher.servers.find((s) => s.name === 'handed-in'), undefined);
  });

  it('shows a started server\'s name in the Restart pick as typed: its $(icon) syntax escaped', async () => {
    const { launcher } = await api();
    const name = '$(zap) Not An Icon';
    const task = launcher.createTask({ type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, env: { PORT_ZERO_TEST_TASK: 'palette' } },
      vscode.workspace.workspaceFolders![0], name);
    await vscode.tasks.executeTask(task);
    // The window's first terminal waits for VS Code to resolve the shell environment (up to 10 s).
    const started = await waitFor('the server to start', 25_000, (recheck) => launcher.onDidChange(recheck),
      () => launcher.servers.find((s) => s.name === name && s.rootPid !== undefined));
    await listening(started.server);
    // What Port Zero hands the pick, caught on its way: the extension host cannot read an open quick pick's rows.
    let shown: readonly vscode.QuickPickItem[] = [];
    vscode.window.showQuickPick = (async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>) => {
      shown = await items;
      return undefined;
    }) as unknown as typeof vscode.window.showQuickPick;
    await vscode.commands.executeCommand('portZero.restartServer');
    // Launches that exited in earlier tests stay listed (with Restart): only this one's row is asked about.
    const labels = shown.map((i) => i.label).filter((label) => label.includes('Not An Icon'));
    assert.deepEqual(labels, ['\\$(zap) Not An Icon']);
  });
});
