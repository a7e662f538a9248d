import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SocketJson } from '../../src/cli/lsCommand';
import { formatEndpoint } from '../../src/engine/sockets/address';
import { PortAllocator } from '../../src/engine/ports/allocator';
import { isAlive, processStartTime } from '../../src/engine/proc/processIdentity';
import { userMessages } from '../../src/messages/userMessages';
import { FreePorts, windowWorkspace } from '../../src/services/freePorts';
import { putCliOnPath } from '../../src/terminal/cliOnPath';
import { api, fixtureServer, repoRoot, waitFor } from './_launch';

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `script` in a real VS Code terminal (`/bin/sh -c`, so it ends by
 * itself), with the environment VS Code gives terminals, and returns what
 * it printed (stderr only when nothing is `typed` into the terminal). The shell always exits 0, the script's code is written aside:
 * a terminal whose process fails may stay open.
 */
async function inTerminal(script: string, dir: string, ms = 60_000, typed?: string): Promise<Ran> {
  const [out, err, rc] = ['out', 'err', 'rc'].map((f) => path.join(dir, f));
  const terminal = vscode.window.createTerminal({
    name: 'port-zero cli test',
    shellPath: '/bin/sh',
    // With `typed`, stderr and stdin stay the terminal, as when a person runs it: what is typed ahead waits in the pty.
    shellArgs: ['-c', `{ ${script}\n} >'${out}' ${typed === undefined ? `2>'${err}'` : ''}; echo $? >'${rc}'`],
    cwd: dir,
  });
  if (typed !== undefined) {
    fs.writeFileSync(err, '');
    terminal.sendText(typed, true);
  }
  try {
    await waitFor('the terminal to end', ms, (recheck) => vscode.window.onDidCloseTerminal((t) => t === terminal && recheck()),
      () => (terminal.exitStatus !== undefined ? true : undefined));
  } finally {
    terminal.dispose();
  }
  return { code: Number(fs.readFileSync(rc, 'utf8')), stdout: fs.readFileSync(out, 'utf8'), stderr: fs.readFileSync(err, 'utf8') };
}

function ports(text: string): number[] {
  const lines = text.trim().split('\n');
  for (const line of lines) assert.match(line, /^\d+$/, `"${line}" is not a port`);
  return lines.map(Number);
}

describe('port-zero in the integrated terminal', function () {
  this.timeout(60_000);
  let dir: string;
  const servers: net.Server[] = [];
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    await api();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-cli-it-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    const config = vscode.workspace.getConfiguration('portZero');
    await config.update('portRange', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('reservationSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds port-zero on PATH and prints the same port for the same name twice, the one ${command:freePort} gives for it', async () => {
    const name = `cli-web-${process.pid}-${Date.now()}`;
    const ran = await inTerminal(`command -v port-zero; port-zero port --name ${name}; port-zero port --name ${name}`, dir);
    assert.equal(ran.code, 0, ran.stderr);
    const [where, ...printed] = ran.stdout.trim().split('\n');
    assert.equal(where, path.join(repoRoot, 'bin', 'port-zero'));
    const [first, second] = ports(printed.join('\n'));
    assert.equal(second, first);
    // The window's workspace scopes the name on both sides (PORT_ZERO_WORKSPACE), so it is one port.
    assert.equal(await vscode.commands.executeCommand('freePort', { name }), String(first));
    const userWide = await inTerminal(`port-zero port --name ${name} --scope user`, dir);
    assert.equal(userWide.code, 0, userWide.stderr);
    assert.equal(userWide.stdout.trim(), await vscode.commands.executeCommand('freePort', { name, scope: 'user' }));
    assert.notEqual(Number(userWide.stdout), first, 'the user-wide name is another port than the workspace\'s');
  });

  it('never hands the same port to the terminal and to ${command:freePort}: 200 calls each in one window', async function () {
    this.timeout(600_000);
    const range = '41000-41999';
    const config = vscode.workspace.getConfiguration('portZero');
    // Reservations that outlive the test, so none expires and is rightly handed out again.
    for (const [key, value] of [['portRange', range], ['reservationSeconds', 3600]] as const) {
      const changed = waitFor(`${key} to change`, 10_000, (recheck) => vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(`portZero.${key}`) && recheck()), () => true);
      await config.update(key, value, vscode.ConfigurationTarget.Workspace);
      await changed;
    }
    const fromTerminal = inTerminal('echo "$PORT_ZERO_RANGE $PORT_ZERO_RESERVATION_SECONDS"; i=0; while [ $i -lt 200 ]; do port-zero port || exit; i=$((i+1)); done', dir, 580_000);
    const fromVsCode: number[] = [];
    for (let i = 0; i < 200; i++) fromVsCode.push(Number(await vscode.commands.executeCommand<string>('freePort')));
    const ran = await fromTerminal;
    const { allocator } = await api();
    try {
      assert.equal(ran.code, 0, ran.stderr);
      const [settings, ...lines] = ran.stdout.trim().split('\n');
      assert.equal(settings, `${range} 3600`, 'the terminal did not get the settings in force');
      const cli = ports(lines.join('\n'));
      assert.equal(cli.length, 200);
      for (const port of [...cli, ...fromVsCode]) assert.ok(port >= 41000 && port <= 41999, `${port} is outside ${range}`);
      assert.equal(new Set(cli).size, 200, 'the terminal got a port twice');
      assert.equal(new Set(fromVsCode).size, 200, '${command:freePort} gave a port twice');
      const both = cli.filter((p) => fromVsCode.includes(p));
      assert.deepEqual(both, [], 'handed to both the terminal and ${command:freePort}');
    } finally {
      for (const port of [...fromVsCode, ...ran.stdout.split('\n').filter((l) => /^\d+$/.test(l)).map(Number)]) {
        const stored = allocator.store.read(port);
        if (stored) allocator.store.remove(stored);
      }
    }
  });

  it('lists with ls --json the listeners ss -tlnH sees on a test server\'s port, with their process', async () => {
    const v4 = await listen('127.0.0.1', 0);
    const port = (v4.address() as net.AddressInfo).port;
    const v6 = await listen('::1', port).catch(() => undefined);
    const ran = await inTerminal(`port-zero ls --json --port ${port} > ls.json; ss -tlnH "sport = :${port}"`, dir);
    assert.equal(ran.code, 0, ran.stderr);
    const fromSs = ran.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/)[3]).sort();
    const listed = JSON.parse(fs.readFileSync(path.join(dir, 'ls.json'), 'utf8')) as SocketJson[];
    const fromCli = listed.map((s) => formatEndpoint(s.local)).sort();
    assert.deepEqual(fromCli, fromSs);
    assert.equal(fromCli.length, v6 ? 2 : 1);
    for (const s of listed) {
      assert.equal(s.protocol, 'tcp');
      assert.equal(s.state, 'LISTEN');
      assert.equal(s.pid, process.pid, 'the socket is not attributed to the extension host holding it');
    }
  });

  it('stops what holds a port only with --yes when not on a terminal, and never VS Code itself', async () => {
    const { server, port } = await startServer();
    const refused = await inTerminal(`port-zero stop ${port}`, dir);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`not stopping .*pid ${server.pid}.*port-zero stop ${port} --yes`));
    assert.ok(isAlive({ pid: server.pid! }));
    const host = await listen('127.0.0.1', 0);
    const guarded = await inTerminal(`port-zero stop ${(host.address() as net.AddressInfo).port} --yes`, dir);
    assert.equal(guarded.code, 1);
    assert.match(guarded.stderr, /never stops VS Code itself/);
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const stopped = await inTerminal(`port-zero stop ${port} --yes`, dir);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, new RegExp(`stopped .*pid ${server.pid}`));
    await exited;
  });

  it('asks on a terminal, and stops on y only', async () => {
    const { server, port } = await startServer();
    const kept = await inTerminal(`port-zero stop ${port}`, dir, 60_000, 'n');
    assert.equal(kept.code, 1);
    assert.ok(isAlive({ pid: server.pid! }), 'answering n stopped the server');
    const exited = new Promise((resolve) => server.once('exit', resolve));
    const stopped = await inTerminal(`port-zero stop ${port}`, dir, 60_000, 'y');
    assert.equal(stopped.code, 0);
    assert.match(stopped.stdout, new RegExp(`stopped .*pid ${server.pid}`));
    await exited;
  });

  /** A server in a process group of its own, as one started from a shell would be. */
  async function startServer(): Promise<{ server: ChildProcess; port: string }> {
    const server = spawn(process.execPath, [fixtureServer('zeroServer.js')], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(server);
    let output = '';
    server.stdout!.on('data', (d) => (output += d));
    const port = await waitFor('the server to listen', 20_000, (recheck) => {
      server.stdout!.on('data', recheck);
      return () => server.stdout!.off('data', recheck);
    }, () => /LISTENING \S+ (\d+)/.exec(output)?.[1]);
    return { server, port };
  }

  function listen(host: string, port: number): Promise<net.Server> {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen({ host, port, exclusive: true }, () => {
        servers.push(server);
        resolve(server);
      });
    });
  }
});

describe('port-zero on PATH', () => {
  it('prepends the shims with the settings in force, and takes everything off again when disposed', async () => {
    const entries = new Map<string, { value: string; type: string }>();
    const collection = {
      persistent: true,
      description: undefined as unknown,
      prepend: (name: string, value: string) => void entries.set(name, { value, type: 'prepend' }),
      replace: (name: string, value: string) => void entries.set(name, { value, type: 'replace' }),
      clear: () => entries.clear(),
    };
    const log = vscode.window.createOutputChannel('Port Zero cli test', { log: true });
    const context = { environmentVariableCollection: collection, extensionPath: repoRoot } as unknown as vscode.ExtensionContext;
    const onPath = putCliOnPath(context, new FreePorts(() => PortAllocator.forCurrentUser(), userMessages), log);
    try {
      assert.deepEqual(entries.get('PATH'), { value: path.join(repoRoot, 'bin') + path.delimiter, type: 'prepend' });
      assert.equal(entries.get('PORT_ZERO_NODE')?.value, process.execPath);
      assert.equal(entries.get('PORT_ZERO_EDITOR_PID')?.value, `${process.pid}:${processStartTime(process.pid)}`);
      assert.equal(entries.get('PORT_ZERO_WORKSPACE')?.value, windowWorkspace());
      assert.ok(windowWorkspace(), 'the fixture window has a workspace folder');
      assert.equal(entries.get('PORT_ZERO_RANGE')?.value, '');
      assert.equal(entries.get('PORT_ZERO_RESERVATION_SECONDS')?.value, '30');
      assert.equal(collection.persistent, false, 'a persisted collection would outlive a disabled extension until the next activation');
    } finally {
      onPath.dispose();
      log.dispose();
    }
    assert.equal(entries.size, 0);
  });
});
