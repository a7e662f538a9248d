import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PortAllocator } from '../../src/engine/ports/allocator';
import { ReservationStore } from '../../src/engine/ports/reservations';
import { api } from './_launch';

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
  });
}

async function freePort(args: unknown): Promise<number> {
  const port = await vscode.commands.executeCommand<string>('freePort', args);
  assert.match(port, /^\d+$/);
  return Number(port);
}

// The host opens one folder. Another window is another process on the same
// reservation directory: an allocator of its own on that store, asking with
// its folder as the workspace, is what its freePort does (and what a terminal
// in that folder will do).
describe('Named ports per workspace: { "name": "web" } and "scope"', function () {
  this.timeout(30_000);
  const servers: net.Server[] = [];
  const dirs: string[] = [];
  // Unique per run: other users of this machine's account share the user-wide names.
  const name = `web-${process.pid}-${Date.now()}`;

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function anotherWindow(): Promise<PortAllocator> {
    return new PortAllocator(new ReservationStore((await api()).allocator.store.root));
  }

  function thisFolder(): string {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the fixture workspace is not open');
    return folder.uri.fsPath;
  }

  function anotherFolder(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-other-project-'));
    dirs.push(dir);
    return dir;
  }

  it('gives this folder and another folder asking for the same name two ports both servers can bind, and this folder the same port again', async () => {
    const here = await freePort({ name });
    assert.equal(await freePort({ name, scope: 'workspace' }), here, 'the same folder asking again got another port');
    const other = await anotherWindow();
    assert.equal(await other.allocate({ name, workspace: thisFolder() }), here, 'another window of this folder got another port');
    const elsewhere = await other.allocate({ name, workspace: anotherFolder() });
    assert.notEqual(elsewhere, here, 'two folders naming a port alike got one port');
    servers.push(await listen(here), await listen(elsewhere));
  });

  it('shares a "scope": "user" name with every workspace, apart from the workspace names', async () => {
    const userWide = await freePort({ name, scope: 'user' });
    const other = await anotherWindow();
    assert.equal(await other.allocate({ name }), userWide, 'another workspace asking user-wide got another port');
    assert.equal(await freePort({ name, scope: 'user' }), userWide);
    const here = await freePort({ name });
    const elsewhere = await other.allocate({ name, workspace: anotherFolder() });
    assert.equal(new Set([userWide, here, elsewhere]).size, 3, `ports: user ${userWide}, this folder ${here}, another folder ${elsewhere}`);
  });

  it('refuses an unknown scope with a message that says what to write', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('freePort', { name, scope: 'global' })),
      /Port Zero freePort: "scope" must be "workspace" \(the default: a port of this workspace's own\) or "user" \(one port for every workspace\), not "global"\./,
    );
  });
});
