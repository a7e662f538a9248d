// The Ports view's scans read only what it shows: listeners while
// connections are hidden (the default), every row once they are shown.
import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { PortZeroApi } from '../../src/api';
import type { WorkerSocketSource } from '../../src/engine/sockets/workerSource';
import { api } from './_launch';

describe('scan scope', () => {
  let portZero: PortZeroApi;
  let server: net.Server | undefined;
  const ends: net.Socket[] = [];

  before(async () => {
    portZero = await api();
  });

  afterEach(async () => {
    for (const end of ends.splice(0)) end.destroy();
    const s = server;
    server = undefined;
    if (s?.listening) await new Promise<void>((resolve) => s.close(() => resolve()));
    await portZero.sockets.filters.reset();
  });

  it('scans listeners only while connections are hidden, and every row once they are shown', async () => {
    await portZero.sockets.filters.reset();
    server = net.createServer((s) => ends.push(s)).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as net.AddressInfo).port;
    const client = net.connect(port, '127.0.0.1');
    ends.push(client);
    await once(client, 'connect');
    const clientPort = client.localPort!;
    // By address, not owner: a warm scan may name the owner of a brand-new socket one scan late (inodeOwners.ts).
    const ours = async (): Promise<string[]> => {
      const snapshot = await portZero.sockets.refresher.refresh();
      return snapshot.sockets.filter((s) => (s.local.port === port && (s.peer === undefined || s.peer.port === clientPort))
        || (s.local.port === clientPort && s.peer?.port === port)).map((s) => s.state).sort();
    };
    assert.deepEqual(await ours(), ['LISTEN']);
    await vscode.commands.executeCommand('portZero.showConnections');
    assert.deepEqual(await ours(), ['ESTABLISHED', 'ESTABLISHED', 'LISTEN']);
    await vscode.commands.executeCommand('portZero.showListenersOnly');
    assert.deepEqual(await ours(), ['LISTEN']);
  });

  it('reads the whole table on the bundled worker thread, not in the extension host\'s own', async () => {
    await portZero.sockets.refresher.refresh();
    assert.equal((portZero.socketSource as WorkerSocketSource).mode, 'worker');
  });
});
