import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { recordMessages } from './_messages';
import { api, fixtureServer, listening, node, startTask, waitFor } from './_launch';

/** The Simple Browser tabs open now, by the URL in their title or label. */
function simpleBrowserTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('simpleBrowser'));
}

/** Issue 14, item 4: a dev server that opens itself when ready (`openOnReady`). */
describe('Open when ready', function () {
  this.timeout(60_000);
  const server = `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`;

  afterEach(async () => {
    await (await api()).launcher.stopAll();
    for (const tab of simpleBrowserTabs()) await vscode.window.tabGroups.close(tab);
    await vscode.workspace.getConfiguration('portZero.launch').update('openOnReady', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('opens the first address in the Simple Browser the moment it listens, and says so in the status bar only', async () => {
    const messages = recordMessages(await api());
    try {
      const { started, name } = await startTask({ command: server, openOnReady: 'simpleBrowser' });
      const [socket] = await listening(started.server);
      const tab = await waitFor('a Simple Browser tab', 20_000, (recheck) => vscode.window.tabGroups.onDidChangeTabs(recheck), () => simpleBrowserTabs()[0]);
      assert.ok(tab);
      const said = await messages.next(new RegExp(`opened http://127\\.0\\.0\\.1:${socket.local.port}/`));
      assert.equal(said.severity, 'status');
      assert.ok(!messages.seen.some((m) => m.text.startsWith(`${name}: listening on`)), 'a notification as well as the tab');
    } finally {
      messages.dispose();
    }
  });

  it('says nothing when the setting says silent, and notifies with Open and Copy by default', async () => {
    const messages = recordMessages(await api());
    try {
      await vscode.workspace.getConfiguration('portZero.launch').update('openOnReady', 'silent', vscode.ConfigurationTarget.Workspace);
      // Two definitions that differ: VS Code runs no second copy of a task that is still active.
      const quiet = await startTask({ command: server, env: { LAUNCH: 'quiet' } });
      await listening(quiet.started.server);
      await vscode.workspace.getConfiguration('portZero.launch').update('openOnReady', undefined, vscode.ConfigurationTarget.Workspace);
      const loud = await startTask({ command: server, env: { LAUNCH: 'loud' } });
      const [socket] = await listening(loud.started.server);
      const said = await messages.next(new RegExp(`^${loud.name}: listening on http://127\\.0\\.0\\.1:${socket.local.port}/$`));
      assert.deepEqual(said.actions, ['Open in Browser', 'Open in Simple Browser', 'Copy URL']);
      assert.ok(!messages.seen.some((m) => m.text.startsWith(`${quiet.name}:`)), `the silent launch said ${JSON.stringify(messages.seen.map((m) => m.text))}`);
      assert.deepEqual(simpleBrowserTabs(), []);
    } finally {
      messages.dispose();
    }
  });

  it('refuses a task whose openOnReady is not one of the four, naming the field', async () => {
    const messages = recordMessages(await api());
    try {
      const task = (await api()).launcher.createTask({ type: 'port-zero', command: server, openOnReady: 'chrome' } as never, vscode.workspace.workspaceFolders![0], 'bad-open');
      await vscode.tasks.executeTask(task);
      const said = await messages.next(/Port Zero task "bad-open" cannot start/);
      assert.match(said.text, /"openOnReady" must be "notify", "browser", "simpleBrowser" or "silent"/);
    } finally {
      messages.dispose();
    }
  });
});
