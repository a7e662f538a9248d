/**
 * The Terminals group's own commands: Show Terminal focuses the tab a node
 * stands for; Kill Terminal closes it (VS Code's `terminal.dispose()`, which
 * ends its shell and what runs in it) after a question naming what listens there.
 */
import * as vscode from 'vscode';
import type { TerminalNode, ViewNode } from '../engine/view/viewNodes';
import type { TerminalShells } from '../services/terminalShells';
import { userMessages } from '../messages/userMessages';

export const SHOW_TERMINAL = 'portZero.showTerminal';
export const KILL_TERMINAL = 'portZero.killTerminal';

/** `node (pid 1234) on 127.0.0.1:3000`, one per process of the node. */
function listenersOf(node: TerminalNode): string {
  return node.children.flatMap((p) => (p.kind === 'process' ? [`${p.process.name} (${vscode.l10n.t('pid {0}', p.process.pid)})`] : [])).join(', ');
}

export function registerTerminalCommands(nodeOf: (id: string) => ViewNode | undefined, shells: TerminalShells): vscode.Disposable {
  const terminalOf = (element: unknown): { node: TerminalNode; terminal: vscode.Terminal } | undefined => {
    const node = typeof element === 'string' ? nodeOf(element) : undefined;
    if (node?.kind !== 'terminal') return undefined;
    const terminal = shells.terminalOf(node.terminal.key);
    if (terminal === undefined) {
      void userMessages.info(vscode.l10n.t('Terminal "{0}" was closed.', node.terminal.name));
      return undefined;
    }
    return { node, terminal };
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_TERMINAL, (element?: string) => terminalOf(element)?.terminal.show(false)),
    vscode.commands.registerCommand(KILL_TERMINAL, async (element?: string) => {
      const found = terminalOf(element);
      if (found === undefined) return;
      const button = vscode.l10n.t('Kill Terminal');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t('Kill terminal "{0}"?', found.node.terminal.name),
        {
          modal: true,
          detail: vscode.l10n.t('Its shell ends, and with it what runs there: {0}, listening on {1}.', listenersOf(found.node), found.node.addresses.join(', ')),
        },
        button,
      );
      if (choice === button) found.terminal.dispose();
    }),
  );
}
