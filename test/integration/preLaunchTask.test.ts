import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, fixtureServer, node, waitFor } from './_launch';
import { recordMessages } from './_messages';

const LAUNCH = 'preLaunchTask: connect to the slow web server';
const FAKING_LAUNCH = 'preLaunchTask: connect to the server that prints the ready line';

interface Connection { port: number; connected: boolean; answer?: string; error?: string; startedAt: number }

describe('port-zero task as a preLaunchTask', function () {
  this.timeout(60_000);

  afterEach(async () => {
    await (await api()).launcher.stopAll();
    for (const t of vscode.tasks.taskExecutions) t.terminate();
  });

  /** Runs launch configuration `name` of the fixture and returns what its program recorded in `.ports/<file>`. */
  async function debugAndRecord(name: string, file: string): Promise<Connection> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the fixture workspace is not open');
    const out = path.join(folder.uri.fsPath, '.ports', file);
    fs.rmSync(out, { force: true });
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.debug.onDidTerminateDebugSession((s) => {
        if (s.name === name) {
          sub.dispose();
          resolve();
        }
      });
    });
    assert.equal(await vscode.debug.startDebugging(folder, name, { noDebug: true }), true, 'the launch did not start');
    await ended;
    return JSON.parse(fs.readFileSync(out, 'utf8')) as Connection;
  }

  // The fixture server compiles for 6 s before it binds: longer than the debug
  // adapter takes to start the program, so a ready signal that came early
  // (checked by making the matcher end on "starting") fails this test.
  it('starts the debugged program only after the server listens, on the named port', async () => {
    const { launcher } = await api();
    const result = await debugAndRecord(LAUNCH, 'connect.json');
    assert.equal(result.connected, true, `the program started before the server listened (${result.error})`);
    assert.equal(result.answer, 'slow');
    const server = await waitFor('the task server', 5000, (recheck) => launcher.onDidChange(recheck), () =>
      launcher.servers.find((s) => s.name === 'slow web server'),
    );
    assert.equal(server.listening[0]?.local.port, result.port, 'the task and the launch configuration disagree on the named port');
  });

  // fakesReady.js prints "Port Zero: listening on …" plainly, with Port Zero's
  // mark, and over Port Zero's own "starting" line through cursor movement,
  // then binds 6 s later.
  it('waits for the server to listen even when the server prints Port Zero\'s ready line itself first', async () => {
    const result = await debugAndRecord(FAKING_LAUNCH, 'connect-fake-ready.json');
    assert.equal(result.connected, true, `the server's own line ended the wait before it listened (${result.error})`);
    assert.equal(result.answer, 'real');
  });

  it('says, with the fix, when a port-zero task runs without its ready signal ("problemMatcher": [])', async () => {
    const portZero = await api();
    const messages = recordMessages(portZero);
    try {
      const folder = vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace;
      const task = portZero.launcher.createTask({ type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}`, env: { PORT_ZERO_TEST_TASK: 'no-matcher' } }, folder, 'no-matcher');
      task.problemMatchers = [];
      await vscode.tasks.executeTask(task);
      const said = await messages.next(/"no-matcher" has "problemMatcher": \[\]/);
      assert.deepEqual(said.actions, ['Open tasks.json']);
    } finally {
      messages.dispose();
    }
  });
});
