import * as assert from 'node:assert/strict';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PortAllocator } from '../../src/engine/ports/allocator';
import { ReservationStore } from '../../src/engine/ports/reservations';
import { api, waitFor } from './_launch';

// The fixture workspace's .vscode/tasks.json and launch.json use
// ${command:freePort}, ${command:portZero.freePort} and ${input:…} entries of
// type command with { "name": "web" }; record-args.js writes what it got.
const TASK = 'freePort: record substituted ports';
const LAUNCH = 'freePort: resolve launch ports';

function folder(): vscode.WorkspaceFolder {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the fixture workspace is not open');
  return f;
}

function listen(host: string, port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host, port, exclusive: true }, () => resolve(server));
  });
}

/** What record-args.js wrote for one "host=port" argument. */
interface Received {
  host: string;
  port: string;
  binds: Array<{ host: string; error?: string }>;
}

function asPorts(values: unknown): number[] {
  assert.ok(Array.isArray(values));
  for (const v of values) assert.match(String(v), /^\d+$/, `"${v}" is not a port number`);
  return values.map(Number);
}

describe('${command:freePort} in tasks.json and launch.json', function () {
  this.timeout(30_000);
  const servers: net.Server[] = [];
  const disposables: vscode.Disposable[] = [];
  const outDir = (): string => path.join(folder().uri.fsPath, '.ports');

  beforeEach(async () => {
    await api();
    fs.rmSync(outDir(), { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
    for (const d of disposables.splice(0)) d.dispose();
    fs.rmSync(outDir(), { recursive: true, force: true });
  });

  /**
   * Runs the fixture task through the task system and returns the ports its
   * process received, after checking the process could bind each one at once
   * (every port held at the same time, "localhost" on both loopbacks).
   */
  async function runRecordingTask(): Promise<number[]> {
    const task = (await vscode.tasks.fetchTasks()).find((t) => t.name === TASK);
    assert.ok(task, `task "${TASK}" not found in the fixture's tasks.json`);
    let exitCode: number | undefined;
    const ended = waitFor(`task "${TASK}" to end`, 20_000, (recheck) => vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.name === TASK) {
        exitCode = e.exitCode ?? -1;
        recheck();
      }
    }), () => exitCode);
    await vscode.tasks.executeTask(task);
    assert.equal(await ended, 0, 'the recording task failed');
    const received = JSON.parse(fs.readFileSync(path.join(outDir(), 'task.json'), 'utf8')) as Received[];
    for (const { port, binds } of received) {
      for (const bind of binds) {
        const ipv6Missing = bind.host === '::1' && (bind.error === 'EADDRNOTAVAIL' || bind.error === 'EAFNOSUPPORT');
        assert.ok(bind.error === undefined || ipv6Missing, `the task could not bind ${bind.host}:${port}: ${bind.error}`);
      }
    }
    return asPorts(received.map((r) => r.port));
  }

  /** Starts the fixture launch config; a provider records its args after substitution and cancels it. */
  async function resolveLaunchArgs(): Promise<number[]> {
    let resolved: unknown[] | undefined;
    disposables.push(vscode.debug.registerDebugConfigurationProvider('*', {
      resolveDebugConfigurationWithSubstitutedVariables(_folder, config) {
        if (config.name !== LAUNCH) return config;
        resolved = config.args as unknown[];
        return undefined;
      },
    }));
    const started = await vscode.debug.startDebugging(folder(), LAUNCH);
    assert.equal(started, false, 'the provider should have cancelled the launch');
    assert.ok(resolved, 'the launch configuration was never resolved');
    return asPorts(resolved.slice(1));
  }

  it('substitutes ports the task can bind at once: distinct unless named alike (a name belonging to this folder), "localhost" free on both loopbacks', async () => {
    const [plain, prefixed, web, webAgain, loopback] = await runRecordingTask();
    assert.equal(web, webAgain, 'the same name gave two ports');
    const { allocator } = await api();
    const anotherWindow = new PortAllocator(new ReservationStore(allocator.store.root));
    assert.equal(await anotherWindow.allocate({ name: 'web', workspace: folder().uri.fsPath }), web, 'the tasks.json name "web" is not this folder\'s');
    assert.equal(new Set([plain, prefixed, web, loopback]).size, 4, `ports not distinct: ${[plain, prefixed, web, loopback]}`);
  });

  it('gives a launch configuration the same named port as the task', async () => {
    const [plain, , web] = await runRecordingTask();
    const [launchWeb, launchPlain] = await resolveLaunchArgs();
    assert.equal(launchWeb, web);
    assert.notEqual(launchPlain, plain);
    assert.notEqual(launchPlain, web);
    servers.push(await listen('127.0.0.1', launchPlain));
  });

  it('copies the port when run from the Command Palette (no argument)', async () => {
    await vscode.env.clipboard.writeText('not a port');
    const port = await vscode.commands.executeCommand<string>('portZero.freePort');
    assert.match(port, /^\d+$/);
    assert.equal(await vscode.env.clipboard.readText(), port);
    servers.push(await listen('127.0.0.1', Number(port)));
  });

  it('does not touch the clipboard when resolving a variable', async () => {
    await vscode.env.clipboard.writeText('untouched');
    await vscode.commands.executeCommand<string>('portZero.freePort', ['${command:portZero.freePort}']);
    await vscode.commands.executeCommand<string>('freePort');
    assert.equal(await vscode.env.clipboard.readText(), 'untouched');
  });

  it('fails the resolution with a message that says what to fix for bad args', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('freePort', { host: 'example.com' })),
      /"host" must be one of "127\.0\.0\.1", "::1", "0\.0\.0\.0", "::", "localhost"/,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('portZero.freePort', { nmae: 'web' })), /unknown "nmae"/);
  });

  it('keeps a reservation while only a UDP socket or another address binds its port, and releases it when the reserved host listens', async () => {
    const { allocator, sockets } = await api();
    const port = await allocator.allocate({ host: '127.0.0.1', reservationMs: 60_000 });
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => udp.once('error', reject).bind(port, '127.0.0.1', () => resolve()));
    const elsewhere = await listen('::1', port).catch(() => undefined);
    let reserved: net.Server | undefined;
    try {
      await sockets.refresher.refresh();
      assert.ok(allocator.store.read(port), 'a UDP socket or a listener on ::1 released the TCP reservation for 127.0.0.1');
      reserved = await listen('127.0.0.1', port);
      await sockets.refresher.refresh();
      assert.equal(allocator.store.read(port), undefined, 'the reserved host listens, yet the reservation stays');
    } finally {
      udp.close();
      elsewhere?.close();
      reserved?.close();
    }
  });
});
