import * as vscode from 'vscode';
import { askKernelForPort } from '../engine/kernelPort';

/**
 * `portZero.freePort`: returns a free port as a string, which is what
 * `${command:portZero.freePort}` substitutes in tasks.json and launch.json.
 * Run from the palette (no args, not a variable resolution) it also copies it.
 */
export function registerFreePortCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('portZero.freePort', async (args?: unknown) => {
    const port = String(await askKernelForPort('127.0.0.1'));
    if (args === undefined) {
      await vscode.env.clipboard.writeText(port);
      void vscode.window.showInformationMessage(vscode.l10n.t('Free port {0} copied to the clipboard.', port));
    }
    return port;
  });
}
