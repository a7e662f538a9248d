import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SocketsApi } from '../../src/api';
import { alive, api, fixtureServer, listening, node, startTask, waitFor } from './_launch';

/** Stop never stops the wrong processes, and never leaves the launch's own behind (issue 11, points 1 and 2). */
describe('Stop: daemons and outsiders, in the real host', function () {
  this.timeout(30_000);
  let sockets: SocketsApi;
  let prompts: Pick<SocketsApi['stopPrompts'], 'confirmStop' | 'confirmStopWithOutsiders'>;
  const leftovers: number[] = [];

  before(async () => {
    sockets = (await api()).sockets;
    prompts = { confirmStop: sockets.stopPrompts.confirmStop, confirmStopWithOutsiders: sockets.stopPrompts.confirmStopWithOutsiders };
  });

  afterEach(async () => {
    Object.assign(sockets.stopPrompts, prompts);
    await (await api()).launcher.stopAll();
    for (const pid of leftovers.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });

  it('keeps a task whose shell backgrounded its server in Started here, listening, and Terminate Task ends the server', async () => {
    const server = `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`;
    const { started, execution } = await startTask({ command: `sh -c '${server} >/dev/null 2>&1 &'` });
    const [socket] = await listening(started.server);
    leftovers.push(socket.pid!);
    const { launcher } = await api();
    assert.ok(launcher.servers.some((s) => s.server === started.server), 'the launch left Started here when its shell exited');
    execution.terminate();
    await waitFor('the backgrounded server to end', 10_000, (recheck) => {
      const timer = setInterval(recheck, 50);
      return () => clearInterval(timer);
    }, () => (alive(socket.pid!) ? undefined : true));
  });

  it('names a program the server started outside its tree in the Stop confirmation and leaves it running by default', async () => {
    const server = `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`;
    // The BROWSER stand-in of `vite --open`: a setsid program whose parent is gone, tied to the launch only by its mark.
    const { started, name } = await startTask({ command: `(setsid sleep 600 &); exec ${server}` });
    const [socket] = await listening(started.server);
    const asked: string[][] = [];
    sockets.stopPrompts.confirmStop = async () => assert.fail('asked without naming the outsider');
    sockets.stopPrompts.confirmStopWithOutsiders = async (_request, outsiders) => {
      asked.push(outsiders.map((p) => `${p.name} ${p.pid}`));
      leftovers.push(...outsiders.map((p) => p.pid));
      return 'server';
    };
    await sockets.refresher.refresh();
    const row = await waitFor('the started row', 5000, (recheck) => sockets.tree.onDidRender(recheck), () =>
      sockets.tree.roots.find((n) => n.kind === 'startedGroup')?.children.find((c) => c.kind === 'startedServer' && c.server.name === name));
    await vscode.commands.executeCommand('portZero.stopProcess', row.id);
    assert.equal(asked.length, 1);
    assert.equal(asked[0].length, 1, asked[0].join(', '));
    assert.match(asked[0][0], /^sleep \d+$/);
    assert.equal(alive(socket.pid!), false, 'the server survived Stop');
    assert.equal(alive(leftovers[0]), true, 'the outsider was stopped although the user chose to leave it');
  });

  it('names the server that gets the signal in Stop\'s question, read when it is asked, not the shell that already exited', async () => {
    const server = `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`;
    const { started, name } = await startTask({ command: `sh -c '${server} >/dev/null 2>&1 &'` });
    const [socket] = await listening(started.server);
    leftovers.push(socket.pid!);
    const asked: string[] = [];
    sockets.stopPrompts.confirmStop = async (request) => {
      const question = sockets.stopPrompts.stopQuestion(request);
      asked.push(`${question.message}\n${question.detail}`);
      return true;
    };
    await sockets.refresher.refresh();
    const row = await waitFor('the started row', 5000, (recheck) => sockets.tree.onDidRender(recheck), () =>
      sockets.tree.roots.find((n) => n.kind === 'startedGroup')?.children.find((c) => c.kind === 'startedServer' && c.server.name === name));
    await vscode.commands.executeCommand('portZero.stopProcess', row.id);
    assert.equal(asked.length, 1);
    assert.ok(asked[0].startsWith(`Stop ${name}?\n`), asked[0]);
    // Node names its main thread, which is what the kernel shows as the process's name.
    assert.match(asked[0], new RegExp(`Its process: (?:node|MainThread) \\(${socket.pid}\\)`));
    assert.doesNotMatch(asked[0], new RegExp(`\\b${started.rootPid}\\b`), 'the question names the exited shell');
    assert.equal(alive(socket.pid!), false, 'the server survived Stop');
  });
});
