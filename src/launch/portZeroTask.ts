/**
 * The `port-zero` task type: its definition as tasks.json writes it, the
 * check that names a bad field in the user's words, and the launch options it
 * asks for over the folder's settings.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { LaunchOptions } from '../engine/launch/launchOptions';
import type { FreePorts } from '../services/freePorts';
import type { UserMessages } from '../messages/userMessages';
import { explainRestrictedMode } from '../messages/restrictedMode';
import { isLaunchStrategy, LAUNCH_STRATEGIES, type LaunchStrategy } from '../engine/launch/strategies';
import { isLaunchHost, isOpenOnReady, isReadyTimeout, isVariableName, OPEN_ON_READY, readLaunchSettings, type OpenOnReady } from '../config/launchSettings';
import { MAX_READY_TIMEOUT_SECONDS } from '../engine/launch/launchOptions';
import { isPortName } from '../engine/ports/freePortArgs';
import type { Shell } from '../engine/launch/commandLine';
import { isShell } from './recentLaunches';

export const PORT_ZERO_TASK_TYPE = 'port-zero';
export const PORT_ZERO_PROBLEM_MATCHER = '$port-zero';

/** A `"type": "port-zero"` task in tasks.json (contributes.taskDefinitions). */
export interface PortZeroTaskDefinition extends vscode.TaskDefinition {
  readonly type: typeof PORT_ZERO_TASK_TYPE;
  readonly command: string;
  readonly cwd?: string;
  readonly strategy?: LaunchStrategy;
  readonly host?: string;
  readonly envVariables?: string[];
  readonly portName?: string;
  readonly readyTimeoutSeconds?: number;
  readonly openOnReady?: OpenOnReady;
  readonly env?: Record<string, string>;
  readonly shell?: Shell;
}

/**
 * Checks a definition as it comes from tasks.json, after variables were
 * substituted. Returns the problems in the user's words, naming the field.
 */
export function definitionProblems(def: vscode.TaskDefinition): string[] {
  const problems: string[] = [];
  const field = (name: string, expected: string): void => {
    problems.push(vscode.l10n.t('"{0}" must be {1}.', name, expected));
  };
  if (typeof def.command !== 'string' || def.command.trim() === '') field('command', vscode.l10n.t('the command line to run'));
  if (def.cwd !== undefined && typeof def.cwd !== 'string') field('cwd', vscode.l10n.t('a folder path'));
  if (def.strategy !== undefined && !isLaunchStrategy(def.strategy)) field('strategy', oneOf(LAUNCH_STRATEGIES));
  if (def.host !== undefined && !isLaunchHost(def.host)) field('host', vscode.l10n.t('an address such as 127.0.0.1'));
  if (def.envVariables !== undefined && !(Array.isArray(def.envVariables) && def.envVariables.every(isVariableName))) {
    field('envVariables', vscode.l10n.t('a list of environment variable names'));
  }
  if (def.portName !== undefined && !isPortName(def.portName)) field('portName', vscode.l10n.t('a name of at most 150 bytes without control characters, like "web"'));
  if (def.readyTimeoutSeconds !== undefined && !isReadyTimeout(def.readyTimeoutSeconds)) {
    field('readyTimeoutSeconds', vscode.l10n.t('a number of seconds from 1 to {0}', MAX_READY_TIMEOUT_SECONDS));
  }
  if (def.openOnReady !== undefined && !isOpenOnReady(def.openOnReady)) field('openOnReady', oneOf(OPEN_ON_READY));
  if (def.env !== undefined && !(def.env !== null && typeof def.env === 'object' && Object.values(def.env).every((v) => typeof v === 'string'))) {
    field('env', vscode.l10n.t('an object of string values'));
  }
  if (def.shell !== undefined && !isShell(def.shell)) field('shell', vscode.l10n.t('an object with "executable" (a program) and optional "args" (a list of strings)'));
  return problems;
}

/** `"env", "zero" or "socket"` */
function oneOf(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return `${quoted.slice(0, -1).join(', ')} ${vscode.l10n.t('or')} ${quoted[quoted.length - 1]}`;
}

/** The task's fields over the folder's settings: what the engine is asked to run. */
export async function launchOptionsFor(
  def: PortZeroTaskDefinition,
  folder: vscode.WorkspaceFolder | undefined,
  freePorts: Pick<FreePorts, 'named'>,
  settingProblem: (message: string) => void,
): Promise<{ options: LaunchOptions; openOnReady: OpenOnReady }> {
  const settings = readLaunchSettings(folder, settingProblem);
  const host = def.host ?? settings.host;
  const options: LaunchOptions = {
    command: def.command,
    cwd: def.cwd ?? folder?.uri.fsPath ?? os.homedir(),
    env: def.env,
    strategy: def.strategy ?? settings.strategy,
    host,
    port: def.portName === undefined ? undefined : await freePorts.named(def.portName, host, folder),
    portVariables: def.envVariables ?? settings.envVariables,
    readyTimeoutMs: (def.readyTimeoutSeconds ?? settings.readyTimeoutSeconds) * 1000,
    shell: def.shell,
  };
  return { options, openOnReady: def.openOnReady ?? settings.openOnReady };
}

/** Why this task must not start, already told to the user; undefined when it may. */
export function taskRefusal(resolved: vscode.TaskDefinition, name: string, messages: UserMessages): string | undefined {
  // VS Code already keeps tasks from running in Restricted Mode; this holds even if that changes.
  if (!vscode.workspace.isTrusted) {
    explainRestrictedMode(messages);
    return vscode.l10n.t('Port Zero starts no commands in Restricted Mode.');
  }
  const problems = definitionProblems(resolved);
  if (problems.length === 0) return undefined;
  const message = vscode.l10n.t('Port Zero task "{0}" cannot start: {1}', name, problems.join(' '));
  void messages.error(message, vscode.l10n.t('Open tasks.json')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.tasks.configureTaskRunner');
  });
  return message;
}
