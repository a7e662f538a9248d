// Runs against Port Zero installed from port-zero.vsix (test/host/run-vsix-smoke.mjs):
// proves the package carries everything the extension needs at run time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PortZeroApi } from '../../src/api';
import { alive, extensionId, fixtureServer, listening, node, repoRoot, treePids, waitFor } from '../integration/_launch';

/**
 * Modules the bundle may leave as plain `require`s: Node's own, the host's
 * `vscode`, and systeminformation's optional macOS temperature sensors, which
 * it requires inside try/catch (esbuild leaves an unresolvable require in a
 * try block as it is), so their absence only means "no sensor".
 */
const ALLOWED_REQUIRES = new Set(['vscode', ...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'osx-temperature-sensor', 'macos-temperature-sensor']);

function installed(): vscode.Extension<PortZeroApi> {
  const extension = vscode.extensions.getExtension<PortZeroApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed`);
  return extension;
}

function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

describe('Port Zero installed from the .vsix', function () {
  // Bounds, not expectations: a busy 2-core machine opens a workbench terminal slowly.
  this.timeout(90_000);
  const extensionsDir = process.env.PORT_ZERO_TEST_EXTENSIONS_DIR;
  let server: net.Server | undefined;

  before(function () {
    assert.ok(extensionsDir, 'PORT_ZERO_TEST_EXTENSIONS_DIR is not set: run this suite through test/host/run-vsix-smoke.mjs');
  });

  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s?.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
    await (await installed().activate()).launcher.stopAll();
  });

  it('runs the copy in the extensions folder, not the one in this checkout', async () => {
    const extension = installed();
    assert.ok(isInside(fs.realpathSync(extensionsDir!), fs.realpathSync(extension.extensionPath)), `${extension.extensionPath} is not inside ${extensionsDir}`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    // The module the host really loaded, by the path it loaded it from.
    const loaded = Object.keys(require.cache).filter((file) => /[\\/]dist[\\/]extension\.js$/.test(file));
    assert.ok(loaded.includes(path.join(extension.extensionPath, 'dist', 'extension.js')), `loaded bundles: ${loaded.join(', ')}`);
    assert.ok(!loaded.includes(path.join(repoRoot, 'dist', 'extension.js')), `the checkout's bundle is loaded too: ${loaded.join(', ')}`);
  });

  it('ships a bundle that requires nothing but Node built-ins and vscode', () => {
    const bundle = fs.readFileSync(path.join(installed().extensionPath, 'dist', 'extension.js'), 'utf8');
    const required = new Set([...bundle.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]));
    assert.ok(required.has('vscode'), 'the bundle never requires vscode: not the bundle we think');
    assert.deepEqual([...required].filter((name) => !ALLOWED_REQUIRES.has(name)), []);
    assert.equal(fs.existsSync(path.join(installed().extensionPath, 'node_modules')), false, 'the package carries node_modules: the bundle is not self-contained');
  });

  it('ships its manifest strings and icons', () => {
    const extension = installed();
    const manifest = extension.packageJSON as { icon: string; contributes: { commands: { command: string; title: string }[]; viewsContainers: { activitybar: { icon: string }[] } } };
    const titles = manifest.contributes.commands.map((c) => c.title);
    assert.deepEqual(titles.filter((t) => /^%.*%$/.test(t)), [], 'command titles left as %keys%: package.nls.json is missing from the package');
    for (const icon of [manifest.icon, ...manifest.contributes.viewsContainers.activitybar.map((c) => c.icon)]) {
      assert.ok(fs.existsSync(path.join(extension.extensionPath, icon)), `${icon} is not in the package`);
    }
  });

  it('returns from portZero.freePort a port that can be bound at once', async () => {
    const port = await vscode.commands.executeCommand<unknown>('portZero.freePort', {});
    assert.match(String(port), /^\d+$/);
    const s = (server = net.createServer());
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ port: Number(port), host: '127.0.0.1', exclusive: true }, () => resolve());
    });
    assert.equal((s.address() as net.AddressInfo).port, Number(port));
  });

  it('reads the socket table with the configured engine', async () => {
    const engine = vscode.workspace.getConfiguration('portZero').get<string>('socketEngine');
    const s = (server = net.createServer());
    await new Promise<void>((resolve) => s.listen({ port: 0, host: '127.0.0.1' }, () => resolve()));
    const { port } = s.address() as net.AddressInfo;
    const snapshot = await (await installed().activate()).socketSource.snapshot();
    const socket = snapshot.sockets.find((x) => x.state === 'LISTEN' && x.local.port === port);
    assert.ok(socket, `our listener on ${port} is not in the snapshot (engine ${engine})`);
    assert.equal(socket.pid, process.pid);
    // Which reader answered: procfs knows every socket's inode, systeminformation (netstat/ss) none.
    if (engine === 'systeminformation') assert.equal(socket.inode, undefined);
    else assert.equal(typeof socket.inode, 'number');
  });

  it('starts a fixture server as a port-zero task, lists it in the Ports tree, and stops its whole tree', async () => {
    const { sockets, launcher } = await installed().activate();
    const name = 'smoke envServer';
    const task = launcher.createTask({ type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, strategy: 'env' }, vscode.workspace.workspaceFolders![0], name);
    await vscode.tasks.executeTask(task);
    // The first terminal of a window is slow to open in a busy browser, and the server starts only once it is.
    const started = await waitFor(`${name} to start`, 30_000, (recheck) => launcher.onDidChange(recheck), () =>
      launcher.servers.find((s) => s.name === name && s.rootPid !== undefined),
    );
    const [socket] = await listening(started.server, 1, 30_000);
    const pids = await treePids(started.rootPid!);
    await sockets.refresher.refresh();
    const row = await waitFor(`${name} in the Ports tree`, 10_000, (recheck) => sockets.tree.onDidRender(recheck), () =>
      sockets.tree.roots.flatMap((n) => (n.kind === 'startedGroup' ? n.children : [])).find((c) => c.kind === 'startedServer' && c.addresses.length > 0 && sockets.tree.getTreeItem(c.id).label === name),
    );
    assert.equal(sockets.tree.getTreeItem(row.id).description, `127.0.0.1:${socket.local.port}`);

    await started.server.stop();
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} survived stop`);
    await waitFor(`${name} to leave the Ports tree`, 10_000, (recheck) => sockets.tree.onDidRender(recheck), () =>
      sockets.tree.roots.some((n) => n.kind === 'startedGroup' && n.children.some((c) => c.id === row.id)) ? undefined : true,
    );
  });
});
