import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { recordMessages } from '../_messages';
import { api } from '../_launch';
import { docker, engineMissing, running, shown, startWeb } from '../_containers';

/** Issue 22, item 4: in Restricted Mode the view shows containers, and stops none. */
describe('Containers in Restricted Mode', function () {
  this.timeout(120_000);
  const name = `pz-untrusted-${process.pid}`;

  before(async function () {
    if (await engineMissing('Containers in Restricted Mode')) this.skip();
  });

  afterEach(async () => {
    await docker('rm', '-f', name).catch(() => undefined);
  });

  it('shows a container, and neither Stop Container nor Stop the Process on a Port stops it', async () => {
    const portZero = await api();
    const { sockets } = portZero;
    const port = await startWeb(name);
    const row = await shown(sockets, name);
    sockets.containers.confirm = async () => assert.fail('asked to stop a container in Restricted Mode');
    const messages = recordMessages(portZero);
    try {
      await vscode.commands.executeCommand('portZero.stopContainer', row.id);
      await messages.next(/^Port Zero stops and restarts no containers in Restricted Mode\.$/);
      await vscode.commands.executeCommand('portZero.stopProcessOnPort', port);
      assert.deepEqual(messages.seen.map((m) => m.text), Array(2).fill('Port Zero stops and restarts no containers in Restricted Mode.'));
    } finally {
      messages.dispose();
    }
    assert.equal(await running(name), true);
  });
});
