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

  it('shows a started server\'s name in the Restart pick as typed: its $(icon) syntax escaped', async () => {
    const { launcher } = await api();
    const name = '$(zap) Not An Icon';
    const task = launcher.createTask({ type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}` },
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
    assert.deepEqual(shown.map((i) => i.label), ['\\$(zap) Not An Icon']);
  });
});
