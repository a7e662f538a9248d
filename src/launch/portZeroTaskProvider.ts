/**
 * Makes `"type": "port-zero"` tasks in tasks.json runnable. It offers no tasks
 * of its own: the ones worth offering are the workspace's scripts, which
 * Start on Free Port lists.
 */
import * as vscode from 'vscode';
import type { Launcher } from './launcher';
import { PORT_ZERO_TASK_TYPE, PortZeroTaskDefinition } from './portZeroTask';

export function registerPortZeroTaskProvider(launcher: Launcher): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(PORT_ZERO_TASK_TYPE, {
    provideTasks: () => [],
    resolveTask: (task) => {
      const scope = task.scope ?? vscode.TaskScope.Workspace;
      const resolved = launcher.createTask(task.definition as PortZeroTaskDefinition, scope, task.name);
      // tasks.json may set its own problem matcher; keep ours unless it did.
      if (task.problemMatchers.length > 0) resolved.problemMatchers = task.problemMatchers;
      return resolved;
    },
  });
}
