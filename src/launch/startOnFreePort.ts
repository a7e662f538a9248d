/**
 * Port Zero: Start on Free Port. Offers a typed command first, then recent
 * launches, the workspace's package.json scripts (servers first) and every
 * task; runs the choice in a terminal of Port Zero's (see Launcher.launch),
 * or a task it cannot run itself (variables, a port-zero task) as that task.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandLabel } from '../engine/launch/commandLabel';
import { fixedPort, shellKind, variableReference } from '../engine/launch/commandLine';
import { findScriptCandidates } from '../engine/launch/scriptCandidates';
import { explainRestrictedMode } from '../messages/restrictedMode';
import { escapeIcons } from '../messages/plainText';
import type { UserMessages } from '../messages/userMessages';
import type { Launcher } from './launcher';
import { LaunchChoice, RecentLaunches } from './recentLaunches';
import { taskShellFor } from './taskShells';
import { workspaceTaskChoices } from './workspaceTasks';

interface ChoiceItem extends vscode.QuickPickItem {
  readonly choice?: LaunchChoice;
  /** Run as this task, as Run Task would: VS Code fills in its variables. */
  readonly task?: vscode.Task;
  readonly typeCommand?: boolean;
  /** Why this choice can't run on a free port, told when it is picked. */
  readonly problem?: string;
}

/**
 * Takes no argument: what runs is what the user picked or typed. Any caller
 * can pass a command's arguments (another extension, a launch.json `input`
 * of type `command`, a `command:` link), and a command line handed in here
 * would run with nobody asked.
 */
export function registerStartOnFreePort(launcher: Launcher, recent: RecentLaunches, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('portZero.startOnFreePort', async () => {
    if (!vscode.workspace.isTrusted) {
      explainRestrictedMode(launcher.messages);
      return undefined;
    }
    const picked = await pick(recent, log, launcher.messages);
    if (picked?.task) await vscode.tasks.executeTask(picked.task);
    if (!picked?.choice || picked.task) return undefined;
    const { choice } = picked;
    await recent.remember(choice);
    await launcher.launch(choice, vscode.workspace.getWorkspaceFolder(vscode.Uri.file(choice.cwd)));
    return undefined;
  });
}

/** What a choice's description says: a port it hard-codes, which it listens on instead of the free one. */
function describe(command: string): string {
  const port = fixedPort(command);
  return port === undefined ? command : `$(warning) ${vscode.l10n.t('uses port {0}, not a free one', port)} · ${command}`;
}

async function pick(recent: RecentLaunches, log: vscode.LogOutputChannel, messages: UserMessages): Promise<Pick<ChoiceItem, 'choice' | 'task'> | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const quickPick = vscode.window.createQuickPick<ChoiceItem>();
  quickPick.title = vscode.l10n.t('Start on Free Port');
  quickPick.placeholder = vscode.l10n.t('Pick a script or task to run on a free port, or type a command');
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  const typeItem: ChoiceItem = { label: `$(terminal) ${vscode.l10n.t('Type a command…')}`, typeCommand: true, alwaysShow: true };
  const runItem: ChoiceItem = { label: `$(terminal) ${vscode.l10n.t('Run as a command')}`, typeCommand: true, alwaysShow: true };
  let gathered: ChoiceItem[] = [];
  // Empty, "Type a command…" leads; with text typed, VS Code puts what it matches first, then "Run as a command".
  const show = (): void => {
    const rest = [...recentItems(recent), ...gathered];
    quickPick.items = quickPick.value.trim() === '' ? [typeItem, ...rest] : [...rest, runItem];
  };
  show();
  quickPick.onDidChangeValue(show);
  quickPick.show();
  void gather(folders, log).then((items) => {
    gathered = items;
    show();
    quickPick.busy = false;
  });
  const picked = await new Promise<ChoiceItem | undefined>((resolve) => {
    // Enter while the list is being replaced (scripts and tasks arrive late) can find no item
    // selected: what the user typed is then the command they meant.
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0] ?? (quickPick.value.trim() ? runItem : undefined)));
    quickPick.onDidHide(() => resolve(undefined));
  });
  const typed = quickPick.value;
  quickPick.dispose();
  if (!picked) return undefined;
  if (picked.problem !== undefined) return explainProblem(picked, messages);
  if (!picked.typeCommand) return picked;
  // Typed in VS Code, run where VS Code runs shell tasks: the language the user's terminal speaks.
  const shell = taskShellFor(undefined, folders[0]);
  const command = typed.trim() !== '' ? typed : await vscode.window.showInputBox({
    title: vscode.l10n.t('Start on Free Port'),
    prompt: vscode.l10n.t('A command line for {0}. The port is in {1}; ${port} is replaced by it.',
      path.basename(shell.executable), variableReference('PORT', shellKind(shell.executable))),
    value: typed,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('Type the command that starts your server.') : undefined),
  });
  if (!command) return undefined;
  const cwd = folders[0]?.uri.fsPath ?? process.cwd();
  return { choice: { label: commandLabel(command), command: command.trim(), cwd, origin: 'typed', shell } };
}

function explainProblem(item: ChoiceItem, messages: UserMessages): undefined {
  const name = item.choice?.label ?? '';
  const message = vscode.l10n.t('Port Zero cannot run the task "{0}": {1} Make it a shell task, or run it with Terminal > Run Task.', name, item.problem ?? '');
  void messages.error(message, vscode.l10n.t('Open tasks.json')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.tasks.configureTaskRunner');
  });
  return undefined;
}

function recentItems(recent: RecentLaunches): ChoiceItem[] {
  const list = recent.list();
  if (list.length === 0) return [];
  return [
    { label: vscode.l10n.t('recently used'), kind: vscode.QuickPickItemKind.Separator },
    ...list.map((choice) => ({ label: `$(history) ${escapeIcons(choice.label)}`, description: escapeIcons(describe(choice.command)), choice })),
  ];
}

async function gather(folders: readonly vscode.WorkspaceFolder[], log: vscode.LogOutputChannel): Promise<ChoiceItem[]> {
  const { candidates, problems } = await findScriptCandidates(folders.map((f) => ({ name: f.name, fsPath: f.uri.fsPath })));
  for (const p of problems) log.warn(`cannot read scripts: ${p}`);
  const items: ChoiceItem[] = [];
  if (candidates.length > 0) items.push({ label: vscode.l10n.t('package.json scripts'), kind: vscode.QuickPickItemKind.Separator });
  for (const c of candidates) {
    items.push({
      label: `$(package) ${escapeIcons(c.label)}`,
      description: escapeIcons(describe(c.command)),
      detail: c.detail && escapeIcons(c.detail),
      choice: { label: c.label, command: c.command, cwd: c.cwd, origin: 'script' },
    });
  }
  const tasks = await workspaceTaskChoices(log);
  if (tasks.length > 0) items.push({ label: vscode.l10n.t('tasks'), kind: vscode.QuickPickItemKind.Separator });
  items.push(...tasks.map(({ choice, problem, task }) => ({
    label: `$(tools) ${escapeIcons(choice.label)}`, description: escapeIcons(describe(choice.command)), detail: (problem && escapeIcons(problem)) ?? (task && vscode.l10n.t('Runs as the task itself, as Run Task would.')), choice, problem, task,
  })));
  return items;
}
