import * as assert from 'node:assert/strict';
import { once } from 'node:events';
import * as net from 'node:net';
import { api, fixtureServer, node, startTask } from './_launch';
import { recordMessages, type RecordedMessages } from './_messages';

describe('A launch that fails says why', function () {
  this.timeout(30_000);
  let messages: RecordedMessages | undefined;
  let holder: net.Server | undefined;

  afterEach(async () => {
    messages?.dispose();
    holder?.close();
    holder = undefined;
    await (await api()).launcher.stopAll();
  });

  it('quotes the line that says why (Vite\'s "Found another Vite dev process"), not the last three lines joined by ⏎', async () => {
    messages = recordMessages(await api());
    const { name } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('viteLock.js'))}` });
    const shown = await messages.next(new RegExp(`^${name} exited with code 1 before it listened`));
    assert.match(shown.text, /Found another Vite dev process for this project \(PID 10179\)/);
    assert.doesNotMatch(shown.text, /⏎|configureServer/);
    assert.deepEqual(shown.actions, ['Show Terminal']);
  });

  it('names the process holding the port a server found in use, and offers Stop It and Show Terminal', async () => {
    holder = net.createServer().listen(0, '127.0.0.1');
    await once(holder, 'listening');
    const port = (holder.address() as net.AddressInfo).port;
    messages = recordMessages(await api());
    const { name } = await startTask({ command: `${node} ${JSON.stringify(fixtureServer('portTaken.js'))} ${port}` });
    const shown = await messages.next(new RegExp(`^${name} exited with code 1 before it listened`));
    // This test's own extension host holds it: a node process.
    assert.match(shown.text, new RegExp(`${port} is held by node \\(pid ${process.pid}\\)`));
    assert.doesNotMatch(shown.text, /⏎/);
    assert.deepEqual(shown.actions, ['Stop It', 'Show Terminal']);
  });
});
