import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandLabel } from '../engine/launch/commandLabel';
import { findScriptCandidates } from '../engine/launch/scriptCandidates';
import { commandLineOf, type QuotedWord, quoteForShell } from '../engine/launch/shellQuote';
import { explainRestrictedMode } from '../messages/restrictedMode';
import type { Launcher } from './launcher';
import { PORT_ZERO_TASK_TYPE, PortZeroTaskDefinition } from './portZeroTask';
import { LaunchChoice, RecentLaunches } from './recentLaunches';

interface ChoiceItem extends vscode.QuickPickItem {
  readonly choice?: LaunchChoice;
  readonly typeCommand?: boolean;
}

/**
 * Port Zero: Start on Free Port. Offers recent launches, the workspace's
 * package.json scripts (servers first), its shell and process tasks, and a
 * typed command; runs the choice as a `port-zero` task.
 */
export function registerStartOnFreePort(launches: Launcher, recent: RecentLaunches, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('portZero.startOnFreePort', async (given?: Partial<LaunchChoice>) => {
    if (!vscode.workspace.isTrusted) {
      explainRestrictedMode(launches.messages);
      return undefined;
    }
    const choice = isChoice(given) ? given : await pick(recent, log);
    if (!choice) return undefined;
    await recent.remember(choice);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(choice.cwd));
    const definition: PortZeroTaskDefinition = { type: PORT_ZERO_TASK_TYPE, command: choice.command, cwd: choice.cwd };
    const task = launches.createTask(definition, folder ?? vscode.TaskScope.Workspace, choice.label);
    return vscode.tasks.executeTask(task);
  });
}

async function pick(recent: RecentLaunches, log: vscode.LogOutputChannel): Promise<LaunchChoice | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const quickPick = vscode.window.createQuickPick<ChoiceItem>();
  quickPick.title = vscode.l10n.t('Start on Free Port');
  quickPick.placeholder = vscode.l10n.t('Pick a script or task to run on a free port, or type a command');
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  const typeItem: ChoiceItem = { label: `$(terminal) ${vscode.l10n.t('Type a command…')}`, typeCommand: true, alwaysShow: true };
  quickPick.items = [...recentItems(recent), typeItem];
  quickPick.show();
  void gather(folders, log).then((items) => {
    quickPick.items = [...recentItems(recent), ...items, { label: '', kind: vscode.QuickPickItemKind.Separator }, typeItem];
    quickPick.busy = false;
  });
  const picked = await new Promise<ChoiceItem | undefined>((resolve) => {
    // Enter while the list is being replaced (scripts and tasks arrive late) can find no item
    // selected: what the user typed is then the command they meant.
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0] ?? (quickPick.value.trim() ? typeItem : undefined)));
    quickPick.onDidHide(() => resolve(undefined));
  });
  const typed = quickPick.value;
  quickPick.dispose();
  if (!picked) return undefined;
  if (!picked.typeCommand) return picked.choice;
  const command = await vscode.window.showInputBox({
    title: vscode.l10n.t('Start on Free Port'),
    prompt: vscode.l10n.t('A shell command line. The port is in $PORT; ${port} is replaced by it.'),
    value: typed,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Type the command that starts your server.') : undefined),
  });
  if (!command) return undefined;
  const cwd = folders[0]?.uri.fsPath ?? process.cwd();
  return { label: commandLabel(command), command: command.trim(), cwd, origin: 'typed' };
}

function recentItems(recent: RecentLaunches): ChoiceItem[] {
  const list = recent.list();
  if (list.length === 0) return [];
  return [
    { label: vscode.l10n.t('recently used'), kind: vscode.QuickPickItemKind.Separator },
    ...list.map((choice) => ({ label: `$(history) ${choice.label}`, description: choice.command, choice })),
  ];
}

async function gather(folders: readonly vscode.WorkspaceFolder[], log: vscode.LogOutputChannel): Promise<ChoiceItem[]> {
  const { candidates, problems } = await findScriptCandidates(folders.map((f) => ({ name: f.name, fsPath: f.uri.fsPath })));
  for (const p of problems) log.warn(`cannot read scripts: ${p}`);
  const items: ChoiceItem[] = [];
  if (candidates.length > 0) items.push({ label: vscode.l10n.t('package.json scripts'), kind: vscode.QuickPickItemKind.Separator });
  for (const c of candidates) {
    items.push({
      label: `$(package) ${c.label}`,
      description: c.command,
      detail: c.detail,
      choice: { label: c.label, command: c.command, cwd: c.cwd, origin: 'script' },
    });
  }
  const tasks = await workspaceTaskChoices(log);
  if (tasks.length > 0) items.push({ label: vscode.l10n.t('tasks'), kind: vscode.QuickPickItemKind.Separator });
  items.push(...tasks.map((choice) => ({ label: `$(tools) ${choice.label}`, description: choice.command, choice })));
  return items;
}

/** Shell and process tasks whose command line we can run ourselves. */
async function workspaceTaskChoices(log: vscode.LogOutputChannel): Promise<LaunchChoice[]> {
  let tasks: vscode.Task[];
  try {
    tasks = await vscode.tasks.fetchTasks();
  } catch (e) {
    log.warn(`cannot list tasks: ${e instanceof Error ? e.message : e}`);
    return [];
  }
  const choices: LaunchChoice[] = [];
  for (const task of tasks) {
    if (task.definition.type === PORT_ZERO_TASK_TYPE || task.source === 'npm') continue;
    const exec = task.execution;
    let command: string | undefined;
    let cwd: string | undefined;
    if (exec instanceof vscode.ShellExecution) {
      command = exec.commandLine ?? (exec.command ? commandLineOf(quoted(exec.command), (exec.args ?? []).map(quoted)) : undefined);
      cwd = exec.options?.cwd;
    } else if (exec instanceof vscode.ProcessExecution) {
      // No shell reads a process task's words: each is literal, the program's path included.
      command = [exec.process, ...exec.args].map((word) => quoteForShell(word)).join(' ');
      cwd = exec.options?.cwd;
    }
    if (!command || command.includes('${')) continue; // unresolved variables: we cannot run it faithfully
    const folder = typeof task.scope === 'object' ? task.scope.uri.fsPath : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!folder) continue;
    const dir = cwd?.replace(/\$\{workspaceFolder\}/g, folder);
    if (dir?.includes('${')) continue;
    choices.push({ label: task.name, command, cwd: dir ? path.resolve(folder, dir) : folder, origin: 'task', taskName: task.name });
  }
  return choices;
}

/** VS Code's ShellQuoting as the engine names it, so the line we run quotes each argument as the task asked. */
function quoted(word: string | vscode.ShellQuotedString): string | QuotedWord {
  if (typeof word === 'string') return word;
  const quoting = word.quoting === vscode.ShellQuoting.Strong ? 'strong' : word.quoting === vscode.ShellQuoting.Weak ? 'weak' : 'escape';
  return { value: word.value, quoting };
}

function isChoice(v: Partial<LaunchChoice> | undefined): v is LaunchChoice {
  return typeof v?.command === 'string' && typeof v.cwd === 'string' && typeof v.label === 'string';
}
