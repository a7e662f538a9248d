import * as vscode from 'vscode';
import type { SocketEngine } from '../engine/createSocketSource';

const engines: readonly SocketEngine[] = ['auto', 'procfs', 'systeminformation'];

/**
 * `portZero.socketEngine`, checked: an unknown value, or procfs off Linux,
 * falls back to `auto` with a message naming the setting.
 */
export function readSocketEngine(log: vscode.LogOutputChannel): SocketEngine {
  const value = vscode.workspace.getConfiguration('portZero').get<unknown>('socketEngine', 'auto');
  let problem: string | undefined;
  if (!engines.includes(value as SocketEngine)) {
    problem = vscode.l10n.t('Setting portZero.socketEngine is {0}; expected one of {1}. Using "auto".', JSON.stringify(value), engines.join(', '));
  } else if (value === 'procfs' && process.platform !== 'linux') {
    problem = vscode.l10n.t('Setting portZero.socketEngine is "procfs", which needs Linux; this is {0}. Using "auto".', process.platform);
  }
  if (problem === undefined) return value as SocketEngine;
  log.warn(problem);
  void vscode.window.showWarningMessage(problem, vscode.l10n.t('Open Settings')).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'portZero.socketEngine');
  });
  return 'auto';
}
