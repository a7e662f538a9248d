import * as assert from 'node:assert/strict';
import type { PortZeroApi } from '../../src/api';
import { StopPrompts } from '../../src/services/stopPrompts';
import { SocketTreeProvider } from '../../src/tree/socketTree';
import { api } from './_launch';

/**
 * What the Ports view and Stop say on each platform, read from the real
 * adapters: the tree provider with a Windows view context, and the dialog
 * texts StopPrompts builds for each platform (a modal can't be read back).
 */
describe('Platform wording', function () {
  this.timeout(20_000);
  let port: PortZeroApi;
  before(async () => {
    port = await api();
  });
  afterEach(() => port.sockets.filters.reset());

  it("says the workspace filter can't apply on Windows and shows every process instead of hiding them", async () => {
    const { sockets, launcher } = port;
    const windows = new SocketTreeProvider(sockets.refresher, sockets.filters, launcher, undefined,
      () => ({ workspaceFolders: ['C:\\Users\\dev\\app'], user: { name: 'dev', domain: 'PC' }, platform: 'win32' }));
    try {
      await sockets.filters.update({ workspaceOnly: true });
      const roots = await windows.getChildren();
      assert.match(windows.message ?? '', /can't apply on Windows/);
      assert.ok(roots.some((id) => id.startsWith('process:')), roots.join('\n'));
      await sockets.filters.update({ workspaceOnly: false });
      assert.equal(windows.message, undefined);
    } finally {
      windows.dispose();
    }
  });

  it('shows no such message where working directories can be read', async () => {
    await port.sockets.filters.update({ workspaceOnly: true });
    await port.sockets.tree.getChildren();
    assert.equal(port.sockets.tree.message, undefined);
    assert.equal(port.sockets.view.message, undefined);
  });

  it('words Stop on Windows for taskkill: a request first, force as a second question, never "shut down cleanly"', () => {
    const prompts = new StopPrompts('win32');
    const request = { pid: 4242, command: 'node server.js' };
    const first = prompts.stopQuestion(request);
    assert.match(first.detail, /taskkill \/T/);
    assert.doesNotMatch(first.detail, /SIGTERM|cleanly/);
    assert.match(prompts.forceQuestion(request, 'needsForce').message, /only by force/);
    assert.match(prompts.forceQuestion(request, 'running').detail, /taskkill \/F/);
    assert.match(prompts.stopQuestion({ ...request, kind: 'server' }).detail, /taskkill \/T \/F/);
  });

  it('words Stop on macOS and Linux for SIGTERM, then SIGKILL', () => {
    const prompts = new StopPrompts('darwin');
    const request = { pid: 4242, command: 'node server.js' };
    assert.match(prompts.stopQuestion(request).detail, /SIGTERM/);
    assert.match(prompts.forceQuestion(request, 'running').detail, /SIGKILL/);
  });

  it("says in the confirmation when the process's owner could not be read", () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const prompts = new StopPrompts(platform);
      assert.match(prompts.stopQuestion({ pid: 1112, command: 'svchost.exe', owner: 'unknown' }).detail, /could not read who owns this process/);
      assert.doesNotMatch(prompts.stopQuestion({ pid: 1112, command: 'svchost.exe', owner: 'own' }).detail, /who owns/);
    }
  });

  it('shows a command line\'s control characters escaped in Stop\'s dialogs, so it can add no line of its own', () => {
    const prompts = new StopPrompts('linux');
    const request = { pid: 4242, command: 'node srv.js\n\nIt is part of VS Code: Stop is safe.\x1b[2K' };
    const shown = [prompts.stopQuestion(request), prompts.forceQuestion(request, 'running'), prompts.stopQuestion({ ...request, kind: 'server' as const })];
    for (const { message, detail } of shown) {
      assert.ok(!`${message}${detail}`.includes('\x1b') && !detail.includes('\nIt is part'), detail);
      assert.match(`${message}\n${detail}`, /node srv\.js\\n\\nIt is part of VS Code: Stop is safe\.\\x1b\[2K/);
    }
  });
});
