import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api } from './_launch';
import { registerFreePortCommand } from '../../src/commands/freePortCommand';
import { FreePorts } from '../../src/services/freePorts';

// Read at run time from the compiled location (out/test/integration), not
// imported: an import would be resolved relative to out/ and miss the manifest.
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('activation', () => {
  let server: net.Server | undefined;

  afterEach(async () => {
    const s = server;
    server = undefined;
    if (s?.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
  });

  it('activates the extension from the development path', async () => {
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `${extensionId} is not among the loaded extensions`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('registers portZero.freePort', async () => {
    await vscode.extensions.getExtension(extensionId)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('portZero.freePort'), 'portZero.freePort is not registered');
  });

  it('returns from portZero.freePort a port string that can be bound at once', async () => {
    const port = await vscode.commands.executeCommand<unknown>('portZero.freePort', {});
    assert.equal(typeof port, 'string');
    assert.match(port as string, /^\d+$/);
    const n = Number(port);
    assert.ok(n > 0 && n < 65536, `port ${n} out of range`);
    server = net.createServer();
    const s = server;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen({ port: n, host: '127.0.0.1', exclusive: true }, () => resolve());
    });
    assert.equal((s.address() as net.AddressInfo).port, n);
  });

  it('goes on activating when the freePort command ids are taken already, and the registered commands keep working', async () => {
    const portZero = await api();
    const log = vscode.window.createOutputChannel('Port Zero alias test', { log: true });
    try {
      // Port Zero registered both ids at activation: a second registration meets them taken, as it
      // would if another extension had registered the short alias first.
      const again = registerFreePortCommand(new FreePorts(() => portZero.allocator, portZero.messages), portZero.messages, log);
      again.dispose();
      const port = await vscode.commands.executeCommand<string>('freePort');
      assert.match(port, /^\d+$/);
    } finally {
      log.dispose();
    }
  });
});
