import * as assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { SocketsApi } from '../../src/api';
import type { SocketJson } from '../../src/cli/lsCommand';
import type { ContainerPortNode, ViewNode } from '../../src/engine/view/viewNodes';
import { relay } from '../host/mochaSuite';
import { containerRow, docker, engineMissing, IMAGE, inView, running, shown, startWeb } from './_containers';
import { recordMessages } from './_messages';
import { api, externalUrl, repoRoot, waitFor } from './_launch';

const run = promisify(execFile);
const cli = async (...args: string[]) => run(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { timeout: 60_000 }).catch((e: { code: number; stdout: string; stderr: string }) => e);

/** Issue 22: a port a container publishes is the container's, with Stop, Copy and Open acting on the container. */
describe('Containers', function () {
  this.timeout(120_000);
  let sockets: SocketsApi;
  let confirm: SocketsApi['containers']['confirm'];
  const names: string[] = [];
  let n = 0;
  const nextName = (): string => {
    const name = `pz-test-${process.pid}-${++n}`;
    names.push(name);
    return name;
  };

  before(async function () {
    if (await engineMissing('Containers')) this.skip();
    sockets = (await api()).sockets;
    confirm = sockets.containers.confirm;
    await vscode.commands.executeCommand('portZero.sockets.focus');
  });

  afterEach(async () => {
    if (sockets) sockets.containers.confirm = confirm;
    if (names.length > 0) await docker('rm', '-f', ...names.splice(0)).catch(() => undefined);
  });

  it('shows a container started while the view is open, published on 127.0.0.1::8080, under its name with image and compose service, on the view\'s own refresh', async () => {
    assert.ok(sockets.refresher.hasTimer, 'the view is not polling');
    const name = nextName();
    const port = await startWeb(name);
    const row = await waitFor(`the view's own refresh to show ${name}`, 30_000, (recheck) => sockets.tree.onDidRender(recheck), () => containerRow(sockets, name));
    assert.match(row.description, new RegExp(`^${IMAGE} · shop/web · Up `));
    const [portRow] = row.children as ContainerPortNode[];
    assert.equal(portRow.label, `127.0.0.1:${port} → 8080/tcp`);
    assert.equal(portRow.process?.name, 'docker-proxy');
    const others = [...sockets.tree.roots].filter((r) => r.kind === 'process' || r.kind === 'ownerUnknown');
    const claimedTwice = (node: ViewNode): boolean => (node.kind === 'socket' && node.socket.local.port === port) || node.children.some(claimedTwice);
    assert.ok(!others.some(claimedTwice), 'the host port also shows outside the Containers group');
  });

  it('copies the URL of the host port', async () => {
    const name = nextName();
    const port = await startWeb(name);
    await vscode.commands.executeCommand('portZero.copyUrl', (await shown(sockets, name)).children[0].id);
    assert.equal(await vscode.env.clipboard.readText(), await externalUrl(`http://127.0.0.1:${port}/`));
  });

  it('stops the container after a question naming container, image and compose service, and the row goes', async () => {
    const name = nextName();
    await startWeb(name);
    const row = await shown(sockets, name);
    const asked: string[] = [];
    sockets.containers.confirm = async (action, c) => {
      const q = sockets.containers.question(action, c);
      asked.push(`${q.message}\n${q.detail}`);
      return true;
    };
    await vscode.commands.executeCommand('portZero.stopContainer', row.id);
    assert.equal(asked.length, 1);
    assert.match(asked[0], new RegExp(`^Stop container ${name}\\?\nImage: ${IMAGE}\nCompose service: shop/web\n`));
    assert.equal(await running(name), false);
    await inView(sockets, `the row of ${name} to go`, () => (containerRow(sockets, name) === undefined ? true : undefined));
  });

  it('leaves the container running when the question is cancelled', async () => {
    const name = nextName();
    await startWeb(name);
    const row = await shown(sockets, name);
    sockets.containers.confirm = async () => false;
    await vscode.commands.executeCommand('portZero.stopContainer', row.id);
    assert.equal(await running(name), true);
    await sockets.refresher.refresh();
    assert.ok(containerRow(sockets, name));
  });

  it('offers Stop Container for a container\'s port in Stop the Process on a Port', async () => {
    const name = nextName();
    const port = await startWeb(name);
    await shown(sockets, name);
    const asked: string[] = [];
    sockets.containers.confirm = async (action, c) => (asked.push(`${action} ${c.name}`), false);
    await vscode.commands.executeCommand('portZero.stopProcessOnPort', port);
    assert.deepEqual(asked, [`stop ${name}`]);
  });

  it('port-zero ls --json names the container for the host port, and port-zero stop PORT --yes stops it', async () => {
    const name = nextName();
    const port = await startWeb(name);
    const ls = await cli('ls', '--json', '--port', String(port));
    const rows = JSON.parse(ls.stdout) as SocketJson[];
    assert.deepEqual(rows.map((r) => [r.local.port, r.container?.name, r.container?.image, r.container?.service]), [[port, name, IMAGE, 'web']]);
    const stop = await cli('stop', String(port), '--yes');
    assert.equal(stop.stdout, `stopped container ${name} (${IMAGE}, shop/web)\n`, stop.stderr);
    assert.equal(await running(name), false);
  });

  it('keeps the view working when dockerd stops and its socket goes', async function () {
    const dir = process.env.PORT_ZERO_TEST_DOCKER_DIR;
    if (!dir || !fs.existsSync(path.join(dir, 'dockerd.pid'))) {
      relay('      skipped: this engine was not started by the test host (PORT_ZERO_TEST_DOCKER_DIR), and a test does not stop someone else\'s');
      this.skip();
    }
    const name = nextName();
    await startWeb(name);
    await shown(sockets, name);
    const messages = recordMessages(await api());
    try {
      const pid = Number(fs.readFileSync(path.join(dir, 'dockerd.pid'), 'utf8'));
      process.kill(pid, 'SIGTERM');
      while (fs.existsSync(path.join(dir, 'dockerd.pid'))) await new Promise((r) => setTimeout(r, 100)); // dockerd removes it as its last step
      await inView(sockets, 'the Containers group to go', () => (sockets.tree.roots.some((r) => r.kind === 'containerGroup') ? undefined : true));
      assert.ok(sockets.tree.roots.some((r) => r.kind === 'process'), 'the other rows went too');
      assert.deepEqual(messages.seen.filter((m) => m.severity !== 'status'), [], 'a popup was shown');
    } finally {
      messages.dispose();
      // The next suites need the engine: start it again as the test host did.
      const restart = spawn(path.join(repoRoot, 'test', 'host', 'docker-engine.sh'), ['start', dir],
        { stdio: 'ignore', detached: true, env: { ...process.env, PORT_ZERO_TREE: '' } });
      const [code] = await once(restart, 'exit');
      assert.equal(code, 0, 'dockerd did not start again');
    }
  });
});
