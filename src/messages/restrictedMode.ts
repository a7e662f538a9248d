/**
 * What Port Zero says when asked to start a command in Restricted Mode.
 */
import * as vscode from 'vscode';
import type { UserMessages } from './userMessages';

/** Said without waiting for an answer: the command returns at once either way. */
export function explainRestrictedMode(messages: UserMessages): void {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void messages
    .warn(vscode.l10n.t('Port Zero starts no commands in Restricted Mode: scripts and tasks come from files you have not trusted yet.'), manage)
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
}
