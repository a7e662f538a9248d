/**
 * The workspace's tasks as Start on Free Port offers them: shell and process
 * tasks with their command lines quoted for the shell they will run in, and
 * every other (one with `${…}` variables, a port-zero task, another
 * extension's) to run as the task itself.
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
  /** Run as this task: Port Zero cannot run its line faithfully (VS Code fills in its variables), or it is a port-zero task. */
  readonly task?: vscode.Task;
}

/** Every task but npm's (package.json scripts are offered as scripts). */
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
    if (task.source === 'npm') continue;
    const folder = typeof task.scope === 'object' ? task.scope : vscode.workspace.workspaceFolders?.[0];
    const run = folder && task.definition.type !== PORT_ZERO_TASK_TYPE ? commandOf(task.execution, folder) : undefined;
    const dir = run?.cwd?.replace(/\$\{workspaceFolder\}/g, folder!.uri.fsPath);
    const root = folder?.uri.fsPath ?? process.cwd();
    const choice: LaunchChoice = { label: task.name, command: run?.command ?? String(task.definition.command ?? task.source), cwd: dir ? path.resolve(root, dir) : root, origin: 'task', taskName: task.name, shell: run?.shell };
    if (!run || `${run.command}${dir ?? ''}`.includes('${')) choices.push({ choice, task });
    else choices.push({ choice, problem: run.problem });
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
