/**
 * The workspace's shell and process tasks as Start on Free Port offers them,
 * with their command lines quoted for the shell they will run in.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultShell, shellKind } from '../engine/launch/commandLine';
import { cmdExpansion, commandLineOf, literalCommandLine, type QuotedWord } from '../engine/launch/shellQuote';
import { PORT_ZERO_TASK_TYPE } from './portZeroTask';
import type { LaunchChoice } from './recentLaunches';
import { taskShellFor } from './taskShells';

/** A workspace task as Start on Free Port offers it; `problem` says why it can't run that way. */
export interface TaskChoice {
  readonly choice: LaunchChoice;
  readonly problem?: string;
}

/** Shell and process tasks whose command line we can run ourselves. */
export async function workspaceTaskChoices(log: vscode.LogOutputChannel): Promise<TaskChoice[]> {
  let tasks: vscode.Task[];
  try {
    tasks = await vscode.tasks.fetchTasks();
  } catch (e) {
    log.warn(`cannot list tasks: ${e instanceof Error ? e.message : e}`);
    return [];
  }
  const choices: TaskChoice[] = [];
  for (const task of tasks) {
    if (task.definition.type === PORT_ZERO_TASK_TYPE || task.source === 'npm') continue;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    const run = folder && commandOf(task.execution, folder);
    if (!run || run.command.includes('${')) continue; // unresolved variables: we cannot run it faithfully
    const dir = run.cwd?.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
    if (dir?.includes('${')) continue;
    const cwd = dir ? path.resolve(folder.uri.fsPath, dir) : folder.uri.fsPath;
    choices.push({ choice: { label: task.name, command: run.command, cwd, origin: 'task', taskName: task.name, shell: run.shell }, problem: run.problem });
  }
  return choices;
}

type Run = Pick<LaunchChoice, 'command' | 'shell'> & { readonly cwd?: string; readonly problem?: string };

function commandOf(exec: vscode.Task['execution'], folder: vscode.WorkspaceFolder): Run | undefined {
  if (exec instanceof vscode.ShellExecution) {
    // The shell VS Code runs this task in: a line written for PowerShell or bash means what it says only there.
    const shell = taskShellFor(exec.options, folder);
    const kind = shellKind(shell.executable);
    const command = exec.commandLine ?? (exec.command ? commandLineOf(quoted(exec.command), (exec.args ?? []).map(quoted), kind) : undefined);
    return command === undefined ? undefined : { command, shell, cwd: exec.options?.cwd };
  }
  if (exec instanceof vscode.ProcessExecution) {
    // No shell reads a process task's words: each is literal, the program's path included. It runs in the launcher's shell.
    const words = [exec.process, ...exec.args];
    const kind = shellKind(defaultShell().executable);
    const expands = kind === 'cmd' ? cmdExpansion(words) : undefined;
    const problem = expands && vscode.l10n.t('cmd.exe would replace {0} in its arguments with a variable\'s value, and no quoting stops it.', expands);
    return { command: literalCommandLine(words, kind), cwd: exec.options?.cwd, problem };
  }
  return undefined;
}

/** VS Code's ShellQuoting as the engine names it, so the line we run quotes each argument as the task asked. */
function quoted(word: string | vscode.ShellQuotedString): string | QuotedWord {
  if (typeof word === 'string') return word;
  const quoting = word.quoting === vscode.ShellQuoting.Strong ? 'strong' : word.quoting === vscode.ShellQuoting.Weak ? 'weak' : 'escape';
  return { value: word.value, quoting };
}
