import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { terminalSettingsOs } from '../../src/engine/launch/taskShell';
import type { LaunchChoice } from '../../src/launch/recentLaunches';
import { workspaceTaskChoices } from '../../src/launch/workspaceTasks';
import { api, fixtureServer, listening, node, startTask, waitFor } from './_launch';

/** Runs only in bash (arrays and `[[`): dash, Debian's /bin/sh, stops at the first word. No `${`: a task holding one is not offered. */
const bashOnly = (marker: string): string =>
  `words=(${marker} b); [[ -n $BASH_VERSION ]] && exec ${node} ${JSON.stringify(fixtureServer('envServer.js'))} $words`;

describe('Shell tasks run in the shell VS Code runs them in', function () {
  this.timeout(30_000);
  const disposables: vscode.Disposable[] = [];
  const automationProfile = `automationProfile.${terminalSettingsOs(process.platform)}`;

  afterEach(async () => {
    for (const d of disposables.splice(0)) d.dispose();
    await vscode.workspace.getConfiguration('terminal.integrated').update(automationProfile, undefined, vscode.ConfigurationTarget.Global);
    await (await api()).launcher.stopAll();
  });

  /** The choices Start on Free Port offers for tasks a provider of ours contributes. */
  async function offered(...tasks: vscode.Task[]): Promise<LaunchChoice[]> {
    disposables.push(vscode.tasks.registerTaskProvider('quoting-test', { provideTasks: () => tasks, resolveTask: () => undefined }));
    const log = vscode.window.createOutputChannel('quoting test', { log: true });
    disposables.push(log);
    const names = new Set(tasks.map((t) => t.name));
    return (await workspaceTaskChoices(log)).map((c) => c.choice).filter((c) => names.has(c.label));
  }

  function shellTask(name: string, execution: vscode.ShellExecution): vscode.Task {
    return new vscode.Task({ type: 'quoting-test' }, vscode.workspace.workspaceFolders![0], name, 'quoting-test', execution);
  }

  it('a port-zero task with "shell" runs its line there: a bash-only line starts its server', async () => {
    const { started } = await startTask({ command: bashOnly('own-shell'), shell: { executable: 'bash' } });
    const [socket] = await listening(started.server);
    assert.equal(socket.local.port, started.server.port);
  });

  it('offers a shell task with its own options.shell, its arguments quoted for that shell', async () => {
    const task = shellTask('bash task', new vscode.ShellExecution('printf', ['a b', { value: "it's", quoting: vscode.ShellQuoting.Strong }, 'x&y'],
      { executable: '/bin/bash', shellArgs: ['-O', 'extglob', '-c'] }));
    const [choice] = await offered(task);
    assert.deepEqual(choice.shell, { executable: '/bin/bash', args: ['-O', 'extglob', '-c'] });
    assert.equal(choice.command, `printf 'a b' 'it'\\''s' 'x&y'`);
  });

  it('runs a shell task without options.shell in the automation profile, as VS Code would', async () => {
    await vscode.workspace.getConfiguration('terminal.integrated').update(automationProfile, { path: 'bash' }, vscode.ConfigurationTarget.Global);
    const [choice] = await offered(shellTask('profile task', new vscode.ShellExecution(bashOnly('profile-shell'))));
    assert.equal(choice.shell?.executable, 'bash');
    // As Start on Free Port runs a picked choice.
    const { launcher } = await api();
    const definition = { type: 'port-zero' as const, command: choice.command, cwd: choice.cwd, shell: choice.shell };
    await vscode.tasks.executeTask(launcher.createTask(definition, vscode.workspace.workspaceFolders![0], choice.label));
    const started = await waitFor('the task to start', 10_000, (recheck) => launcher.onDidChange(recheck),
      () => launcher.servers.find((s) => s.name === choice.label && s.rootPid !== undefined));
    const [socket] = await listening(started.server);
    assert.equal(socket.local.port, started.server.port);
  });
});
