import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { workspaceTaskChoices } from '../../src/launch/workspaceTasks';

describe('Start on Free Port offers every task', function () {
  this.timeout(20_000);
  const disposables: vscode.Disposable[] = [];

  afterEach(() => {
    for (const d of disposables.splice(0)) d.dispose();
  });

  it('offers a task with a ${…} variable and a port-zero task, to run as the tasks themselves', async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    const withVariable = new vscode.Task({ type: 'choices-test' }, folder, 'free port variable', 'choices-test',
      new vscode.ShellExecution('python3 -m http.server ${command:freePort}'));
    const portZero = new vscode.Task({ type: 'port-zero', command: 'node server.js' }, folder, 'port-zero task', 'choices-test',
      new vscode.ShellExecution('node server.js'));
    disposables.push(vscode.tasks.registerTaskProvider('choices-test', { provideTasks: () => [withVariable, portZero], resolveTask: () => undefined }));
    const log = vscode.window.createOutputChannel('choices test', { log: true });
    disposables.push(log);
    const offered = (await workspaceTaskChoices(log)).filter((c) => c.choice.label === 'free port variable' || c.choice.label === 'port-zero task');
    assert.deepEqual(offered.map((c) => [c.choice.label, c.task?.name]).sort(), [['free port variable', 'free port variable'], ['port-zero task', 'port-zero task']]);
  });
});
