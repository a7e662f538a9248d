// The bad-input catalogue, configuration side (docs/bad-input.md): freePort
// args, portZero.portRange, portZero.reservationSeconds, portZero.launch.* and
// port-zero task fields.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PortZeroTaskDefinition } from '../../src/launch/portZeroTask';
import { api, fixtureServer, listening, node, waitFor } from './_launch';
import { recordMessages, RecordedMessages } from './_messages';

/** Sets user settings for one test; `restore` puts back what was there. */
async function withSettings(section: string, values: Record<string, unknown>): Promise<() => Promise<void>> {
  const config = vscode.workspace.getConfiguration(section);
  const previous = Object.keys(values).map((key) => [key, config.inspect(key)?.globalValue] as const);
  for (const [key, value] of Object.entries(values)) await config.update(key, value, vscode.ConfigurationTarget.Global);
  return async () => {
    for (const [key, value] of previous) await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
  };
}

describe('Bad input: settings, freePort args and task fields', function () {
  this.timeout(30_000);
  let messages: RecordedMessages;
  const restores: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    messages = recordMessages(await api());
  });

  afterEach(async () => {
    messages.dispose();
    for (const restore of restores.splice(0).reverse()) await restore();
    await (await api()).launcher.stopAll();
  });

  const badArgs: Array<[string, unknown, RegExp]> = [
    ['a string instead of an object', 'web', /"args" must be an object like \{ "name": "web" \}, not "web"/],
    ['a number instead of an object', 5, /"args" must be an object/],
    ['a name that is not a string', { name: 5 }, /"name" must be a non-empty string/],
    ['an empty name', { name: ' ' }, /"name" must be a non-empty string/],
    ['a host that is not a string', { host: 1 }, /"host" must be one of "127\.0\.0\.1"/],
    ['an unknown host', { host: 'example.com' }, /"host" must be one of .* not "example\.com"/],
    ['a range that is not text', { range: 20000 }, /"range" must be a string like "20000-29999"/],
    ['range text that is not a range', { range: 'abc' }, /"range" "abc" is not a range of port numbers; write it as "first-last"/],
    ['a reversed range', { range: '30000-20000' }, /"range" "30000-20000" is reversed/],
    ['a range beyond 65535', { range: '70000-80000' }, /must stay within 1-65535/],
    ['a misspelt key', { nmae: 'web' }, /unknown "nmae" in "args"; it takes "host", "name", "range", "scope"/],
    ['an unknown scope', { name: 'web', scope: 'global' }, /"scope" must be "workspace" .* or "user" .*, not "global"/],
    ['a scope without a name', { scope: 'user' }, /"scope" says whose a "name" is: add a "name" like "web", or remove "scope"/],
  ];
  for (const [what, args, expected] of badArgs) {
    it(`freePort args with ${what}: the resolution fails with a message saying what to fix`, async () => {
      await assert.rejects(Promise.resolve(vscode.commands.executeCommand('freePort', args)), (e: Error) => {
        assert.match(e.message, /^Port Zero freePort: /);
        assert.match(e.message, expected);
        return true;
      });
    });
  }

  for (const bad of ['abc', '70000-80000', '29999-20000', 20000]) {
    it(`portZero.portRange ${JSON.stringify(bad)}: a warning naming the setting with Open Settings, and a port from the system meanwhile`, async () => {
      restores.push(await withSettings('portZero', { portRange: bad }));
      const port = await vscode.commands.executeCommand<string>('freePort');
      assert.match(port, /^\d+$/);
      const shown = await messages.next(/portZero\.portRange/);
      assert.equal(shown.severity, 'warning');
      assert.match(shown.text, /Using the ports the system chooses meanwhile/);
      assert.deepEqual(shown.actions, ['Open Settings']);
    });
  }

  for (const bad of [100000, 0, '60']) {
    it(`portZero.reservationSeconds ${JSON.stringify(bad)}: a warning naming the setting and its bounds with Open Settings, and the default meanwhile`, async () => {
      restores.push(await withSettings('portZero', { reservationSeconds: bad }));
      assert.match(await vscode.commands.executeCommand<string>('freePort'), /^\d+$/);
      const shown = await messages.next(/portZero\.reservationSeconds/);
      assert.equal(shown.severity, 'warning');
      assert.match(shown.text, /must be a number of seconds from 1 to 86400/);
      assert.match(shown.text, /Using the default of 30 seconds meanwhile/);
      assert.deepEqual(shown.actions, ['Open Settings']);
    });
  }

  for (const blank of ['', '   ']) {
    it(`portZero.portRange ${JSON.stringify(blank)} means "let the system choose", without a warning`, async () => {
      restores.push(await withSettings('portZero', { portRange: blank }));
      assert.match(await vscode.commands.executeCommand<string>('freePort'), /^\d+$/);
      // The warning is shown before the command returns: none now means none at all.
      assert.deepEqual(messages.seen.filter((m) => /portRange/.test(m.text)), []);
    });
  }

  it('bad portZero.launch.* settings: one warning per setting naming it and the default used, and the launch still starts', async () => {
    restores.push(await withSettings('portZero.launch', { strategy: 'fast', host: '  ', envVariables: ['1PORT', 'MY-PORT'], readyTimeoutSeconds: 0 }));
    const { launcher } = await api();
    const name = 'bad-launch-settings';
    const task = launcher.createTask(
      { type: 'port-zero', command: `${node} ${JSON.stringify(fixtureServer('envServer.js'))}` },
      vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace,
      name,
    );
    await vscode.tasks.executeTask(task);
    const started = await waitFor('the launch to start', 10_000, (recheck) => launcher.onDidChange(recheck), () =>
      launcher.servers.find((s) => s.name === name));
    const [socket] = await listening(started.server);
    assert.equal(socket.local.address, '127.0.0.1', 'the default host is used');
    for (const [key, fallback] of [['strategy', '"env"'], ['host', '"127.0.0.1"'], ['envVariables', '["PORT"]'], ['readyTimeoutSeconds', '60']]) {
      const shown = await messages.next(new RegExp(`Setting portZero\\.launch\\.${key} is .*; expected .*\\. Using ${fallback.replace(/[[\]]/g, '\\$&')}\\.`));
      assert.deepEqual(shown.actions, ['Open Settings'], key);
    }
  });

  const badTasks: Array<[string, Record<string, unknown>, RegExp]> = [
    ['no command', {}, /"command"/],
    ['a blank command', { command: '  ' }, /"command"/],
    ['a command that is not text', { command: ['node', 'server.js'] }, /"command"/],
    ['a cwd that is not text', { command: 'true', cwd: 5 }, /"cwd"/],
    ['an unknown strategy', { command: 'true', strategy: 'fast' }, /"strategy".*"env", "zero" or "socket"/],
    ['an empty host', { command: 'true', host: '' }, /"host"/],
    ['bad variable names', { command: 'true', envVariables: ['1PORT'] }, /"envVariables"/],
    ['a timeout of 0', { command: 'true', readyTimeoutSeconds: 0 }, /"readyTimeoutSeconds".*from 1 to 2147483/],
    ['a timeout Node\'s timers cannot hold (3,000,000 s)', { command: 'true', readyTimeoutSeconds: 3_000_000 }, /"readyTimeoutSeconds".*from 1 to 2147483/],
    ['a timeout as text', { command: 'true', readyTimeoutSeconds: '10' }, /"readyTimeoutSeconds"/],
    ['env values that are not text', { command: 'true', env: { DEBUG: 1 } }, /"env"/],
    ['an empty port name', { command: 'true', portName: '' }, /"portName"/],
    ['a port name too long for a file name', { command: 'true', portName: 'w'.repeat(400) }, /"portName" must be a name of at most 150 bytes/],
    ['a port name with a newline', { command: 'true', portName: 'web\nprod' }, /"portName" must be a name of at most 150 bytes without control characters/],
    ['a shell given as a name', { command: 'true', shell: 'bash' }, /"shell" must be an object with "executable"/],
    ['shell args that are not a list of text', { command: 'true', shell: { executable: 'bash', args: '-c' } }, /"shell" must be an object with "executable"/],
  ];
  /** Runs `task` and expects the refusal naming the field, with Open tasks.json, and the task's end. */
  async function assertRefused(task: vscode.Task, expected: RegExp): Promise<void> {
    const { launcher } = await api();
    let over = false;
    const ended = waitFor(`task ${task.name} to end`, 20_000, (recheck) => vscode.tasks.onDidEndTask((e) => {
      over ||= e.execution.task.name === task.name;
      recheck();
    }), () => (over ? true : undefined));
    await vscode.tasks.executeTask(task);
    const shown = await messages.next(new RegExp(`Port Zero task "${task.name}" cannot start: `));
    assert.equal(shown.severity, 'error');
    assert.match(shown.text, expected);
    assert.deepEqual(shown.actions, ['Open tasks.json']);
    await ended;
    assert.equal(launcher.servers.find((s) => s.name === task.name), undefined, 'nothing was started');
  }

  for (const [what, fields, expected] of badTasks) {
    it(`a port-zero task with ${what}: an error naming the field with Open tasks.json, and the task ends`, async () => {
      const name = `bad-task-${what.replace(/\W+/g, '-')}`;
      const definition = { type: 'port-zero', ...fields } as unknown as PortZeroTaskDefinition;
      await assertRefused((await api()).launcher.createTask(definition, vscode.workspace.workspaceFolders?.[0] ?? vscode.TaskScope.Workspace, name), expected);
    });
  }

  // Both in the fixture's tasks.json, with a portName that keeps them apart from
  // the tasks above: VS Code keeps one task per identifier (the fields the task
  // type declares, never the label), and a "required" command made both "".
  it('lists tasks.json port-zero tasks with an empty "command" and with none, and running each says why it cannot start', async () => {
    const listed = await vscode.tasks.fetchTasks({ type: 'port-zero' });
    for (const label of ['port-zero task with an empty command', 'port-zero task without a command']) {
      const task = listed.find((t) => t.name === label);
      assert.ok(task, `"${label}" is not listed; listed: ${listed.map((t) => t.name).join(', ')}`);
      await assertRefused(task, /"command" must be the command line to run/);
    }
  });
});
