import * as vscode from 'vscode';
import { registerFreePortCommand } from './commands/freePortCommand';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(registerFreePortCommand());
}

export function deactivate(): void {
  // Nothing runs yet that outlives its disposables.
}
