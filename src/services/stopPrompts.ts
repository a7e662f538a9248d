import * as vscode from 'vscode';

/** What Stop shows the user before it signals anything. */
export interface StopRequest {
  readonly pid: number;
  readonly command: string;
}

/**
 * The questions Stop asks. A modal cannot be clicked from inside the
 * extension host, so integration tests replace these two methods (the
 * instance is exported from activate()) to answer them.
 */
export class StopPrompts {
  confirmStop(request: StopRequest): Promise<boolean> {
    return StopPrompts.ask(vscode.l10n.t('Stop process {0}?', request.pid),
      vscode.l10n.t('{0}\n\nIt gets SIGTERM and can shut down cleanly.', request.command), vscode.l10n.t('Stop Process'));
  }

  confirmForceStop(request: StopRequest): Promise<boolean> {
    return StopPrompts.ask(vscode.l10n.t('Process {0} is still running after SIGTERM. Force it to stop?', request.pid),
      vscode.l10n.t('{0}\n\nSIGKILL ends it at once, without cleanup.', request.command), vscode.l10n.t('Force Stop'));
  }

  private static async ask(message: string, detail: string, button: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  }
}
