import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { SocketNode } from '../../../src/engine/view/viewNodes';
import { serveCounting } from '../_countingServer';
import { api, externalUrl, fixtureServer, node, treePids } from '../_launch';

/** Processes whose command line mentions the fixture: none may exist in Restricted Mode. */
function fixtureProcesses(marker: string): number[] {
  return fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).flatMap((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) ? [Number(pid)] : [];
    } catch {
      return [];
    }
  });
}

describe('Restricted Mode', function () {
  this.timeout(30_000);

  it('opens the fixture untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('Start on Free Port starts nothing, even a command handed to it', async () => {
    const { launcher } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const command = `${node} ${JSON.stringify(fixtureServer('envServer.js'))} restricted-mode-marker`;
    const result = await vscode.commands.executeCommand('portZero.startOnFreePort', {
      label: 'restricted', command, cwd: folder.uri.fsPath, origin: 'typed',
    });
    assert.equal(result, undefined);
    assert.equal(launcher.servers.length, 0);
    assert.deepEqual(fixtureProcesses('restricted-mode-marker'), []);
  });

  it('a port-zero task execution refuses to spawn and ends with an error', async () => {
    // VS Code keeps tasks.json tasks from running here already (it asks for
    // trust, which the test host refuses silently), so the execution is
    // driven directly: it must hold even if that ever changes.
    const { launcher } = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const pty = await launcher.terminalFor(
      { type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))} restricted-task-marker` },
      folder,
      'restricted task',
    );
    let written = '';
    pty.onDidWrite((text) => (written += text));
    const code = await new Promise<number | void>((resolve) => {
      pty.onDidClose?.((c) => resolve(c));
      pty.open(undefined);
    });
    assert.equal(code, 1);
    assert.match(written, /Restricted Mode/);
    assert.equal(launcher.servers.length, 0);
    assert.deepEqual(fixtureProcesses('restricted-task-marker'), []);
  });

  it('still hands out free ports and lists sockets', async () => {
    const port = Number(await vscode.commands.executeCommand<string>('portZero.freePort', {}));
    assert.ok(port > 0 && port < 65536);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen({ port, host: '127.0.0.1' }, resolve));
    try {
      const { socketSource } = await api();
      const snapshot = await socketSource.socketsOfTree([process.pid]);
      assert.ok(snapshot.sockets.some((s) => s.local.port === port && s.state === 'LISTEN'));
      assert.ok((await treePids(process.pid)).includes(process.pid));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('probes nothing: Copy URL of the user\'s own TLS server copies http, and the server sees no connection', async () => {
    const { sockets } = await api();
    const mine = await serveCounting({ tls: true });
    try {
      await sockets.refresher.refresh();
      const owner = sockets.tree.roots.find((n) => n.kind === 'process' && n.process.pid === mine.proc.pid);
      const row = owner?.children.find((c): c is SocketNode => c.kind === 'socket' && c.socket.local.port === mine.port);
      assert.ok(row, 'the server has its row');
      await vscode.commands.executeCommand('portZero.copyUrl', row.id);
      assert.equal(await vscode.env.clipboard.readText(), await externalUrl(`http://127.0.0.1:${mine.port}/`));
      assert.equal(await mine.knock(), 1, 'the only connection is the test\'s own');
    } finally {
      const exited = once(mine.proc, 'exit');
      mine.proc.kill('SIGKILL');
      await exited;
    }
  });

  it('reads remote.portsAttributes from the user\'s settings only: the workspace\'s label is not shown', async () => {
    const { sockets } = await api();
    const mine = await serveCounting({ tls: false });
    const settings = vscode.workspace.getConfiguration();
    try {
      await settings.update('remote.portsAttributes', { [mine.port]: { label: 'From the Workspace' } }, vscode.ConfigurationTarget.Workspace);
      await settings.update('remote.portsAttributes', { 'countingServer\\.js': { label: 'From the User' } }, vscode.ConfigurationTarget.Global);
      await sockets.refresher.refresh();
      const owner = sockets.tree.roots.find((n) => n.kind === 'process' && n.process.pid === mine.proc.pid);
      const row = owner?.children.find((c): c is SocketNode => c.kind === 'socket' && c.socket.local.port === mine.port);
      assert.ok(row, 'the server has its row');
      assert.equal(sockets.tree.getTreeItem(row.id).label, `127.0.0.1:${mine.port} · From the User`);
    } finally {
      await settings.update('remote.portsAttributes', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('remote.portsAttributes', undefined, vscode.ConfigurationTarget.Global);
      const exited = once(mine.proc, 'exit');
      mine.proc.kill('SIGKILL');
      await exited;
    }
  });
});
