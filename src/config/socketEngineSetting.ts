/**
 * `portZero.socketEngine`, checked: an unknown value, or procfs off Linux,
 * falls back to `auto` with a message naming the setting.
 */
import * as vscode from 'vscode';
import type { SocketEngine } from '../engine/sockets/createSocketSource';
import { UserMessages, userMessages } from '../messages/userMessages';

const engines: readonly SocketEngine[] = ['auto', 'procfs', 'systeminformation'];

export function readSocketEngine(log: vscode.LogOutputChannel, messages: UserMessages = userMessages): SocketEngine {
  const value = vscode.workspace.getConfiguration('portZero').get<unknown>('socketEngine', 'auto');
  let problem: string | undefined;
  if (!engines.includes(value as SocketEngine)) {
    problem = vscode.l10n.t('Setting portZero.socketEngine is {0}; expected one of {1}. Using "auto".', JSON.stringify(value), engines.join(', '));
  } else if (value === 'procfs' && process.platform !== 'linux') {
    problem = vscode.l10n.t('Setting portZero.socketEngine is "procfs", which needs Linux; this is {0}. Using "auto".', process.platform);
  }
  if (problem === undefined) return value as SocketEngine;
  log.warn(problem);
  messages.settingProblem(problem, 'portZero.socketEngine');
  return 'auto';
}
