/**
 * A `port-zero` task says it is ready through the `$port-zero` problem
 * matcher. `"problemMatcher": []` in tasks.json drops it, and then VS Code
 * never learns the server listens: a preLaunchTask waits until VS Code gives
 * up with its own, unrelated-sounding dialog (seen after about 7.5 s). Said
 * once per task name, with the fix, when such a task starts.
 */
import * as vscode from 'vscode';
import type { UserMessages } from '../messages/userMessages';
import { PORT_ZERO_TASK_TYPE } from './portZeroTask';

export function warnWithoutReadySignal(messages: UserMessages): vscode.Disposable {
  const told = new Set<string>();
  return vscode.tasks.onDidStartTask(({ execution }) => {
    const task = execution.task;
    if (task.definition.type !== PORT_ZERO_TASK_TYPE || task.problemMatchers.length > 0 || told.has(task.name)) return;
    told.add(task.name);
    const open = vscode.l10n.t('Open tasks.json');
    void messages
      .warn(
        vscode.l10n.t(
          'Port Zero task "{0}" has "problemMatcher": [], so VS Code is never told when its server listens, and a preLaunchTask waiting on it never starts. Remove that line (the task then uses $port-zero).',
          task.name,
        ),
        open,
      )
      .then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('workbench.action.tasks.configureTaskRunner');
      });
  });
}
