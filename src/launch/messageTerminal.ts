/**
 * A terminal that shows one line and ends: what a task that must not start
 * runs, so the task ends with its reason.
 */
import * as vscode from 'vscode';

export function messageTerminal(message: string): vscode.Pseudoterminal {
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  return {
    onDidWrite: write.event,
    onDidClose: close.event,
    open: () => {
      write.fire(`\x1b[31m${message}\x1b[39m\r\n`);
      close.fire(1);
    },
    close: () => {
      write.dispose();
      close.dispose();
    },
  };
}
