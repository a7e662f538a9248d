import * as vscode from 'vscode';
import { userMessages } from '../messages/userMessages';
import type { ProcessName } from '../engine/launch/launchTree';

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

  /**
   * Stopping a started server that launched programs which are not part of
   * it (a browser, a build daemon): they are named, and left running unless
   * the user picks the second button. Escape or Cancel stops nothing.
   */
  async confirmStopWithOutsiders(request: StopRequest, outsiders: readonly ProcessName[]): Promise<'server' | 'all' | undefined> {
    const server = vscode.l10n.t('Stop Server');
    const all = vscode.l10n.t('Stop Server and Those Too');
    const names = outsiders.map((p) => `${p.name} (${p.pid})`).join(', ');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Stop {0}?', request.command),
      {
        modal: true,
        detail: vscode.l10n.t('It started programs that are not part of it and may be in use elsewhere: {0}. "Stop Server" leaves them running.', names),
      },
      server,
      all,
    );
    return choice === server ? 'server' : choice === all ? 'all' : undefined;
  }

  /** After a window died without stopping its servers: stop them all, or keep them under Started here. */
  async askAboutOrphans(servers: readonly string[]): Promise<'stop' | 'keep' | undefined> {
    const stop = vscode.l10n.t('Stop All');
    const keep = vscode.l10n.t('Keep');
    const choice = await userMessages.warn(
      vscode.l10n.t('Servers Port Zero started in a window that ended unexpectedly are still running, holding their ports: {0}.', servers.join('; ')),
      stop,
      keep,
    );
    return choice === stop ? 'stop' : choice === keep ? 'keep' : undefined;
  }

  confirmForceStop(request: StopRequest): Promise<boolean> {
    return StopPrompts.ask(vscode.l10n.t('Process {0} is still running after SIGTERM. Force it to stop?', request.pid),
      vscode.l10n.t('{0}\n\nSIGKILL ends it at once, without cleanup.', request.command), vscode.l10n.t('Force Stop'));
  }

  private static async ask(message: string, detail: string, button: string): Promise<boolean> {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  }
}
