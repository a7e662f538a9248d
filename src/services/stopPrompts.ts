/**
 * The questions Stop asks before it signals a process, worded for what each
 * platform does.
 */
import * as vscode from 'vscode';
import { userMessages } from '../messages/userMessages';
import { printable } from '../engine/proc/printable';
import type { ProcessName } from '../engine/launch/launchTree';
import type { Ownership } from '../engine/proc/processOwner';

/** What Stop shows the user before it signals anything. */
export interface StopRequest {
  readonly pid: number;
  readonly command: string;
  /** `unknown`: the process list could not say whose it is, and the dialog says so. */
  readonly owner?: Ownership;
  /** `server`: a server Port Zero started, whose whole tree is ended without a second question. */
  readonly kind?: 'process' | 'server';
  /** A server's processes that get the signal, as they were when the question was asked. */
  readonly members?: readonly ProcessName[];
  /** The sockets it holds (`TCP 127.0.0.1:5173 (LISTEN)`), when it was chosen by its port. */
  readonly holds?: readonly string[];
  /** Its owner's name, when it was chosen by its port. */
  readonly user?: string;
}

export interface Question {
  readonly message: string;
  readonly detail: string;
  readonly button: string;
}

/** Why the second question is asked: it outlived the clean request, or Windows refused to make one. */
export type ForceReason = 'running' | 'needsForce';

/**
 * The questions Stop asks, worded for what each platform really does: POSIX
 * sends SIGTERM, then SIGKILL; Windows asks with `taskkill /T`, which a
 * program without a window (most servers) refuses, then ends the tree with
 * `taskkill /T /F`. A modal cannot be clicked from inside the extension host,
 * so integration tests replace these two methods (the instance is exported
 * from activate()) to answer them.
 */
export class StopPrompts {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  confirmStop(request: StopRequest): Promise<boolean> {
    return StopPrompts.ask(this.stopQuestion(request));
  }

  /**
   * Stopping a started server that launched programs which are not part of
   * it (a browser, a build daemon): they are named, and left running unless
   * the user picks the second button. Escape or Cancel stops nothing.
   */
  async confirmStopWithOutsiders(request: StopRequest, outsiders: readonly ProcessName[]): Promise<'server' | 'all' | undefined> {
    const server = vscode.l10n.t('Stop Server');
    const all = vscode.l10n.t('Stop Server and Those Too');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Stop {0}?', printable(request.command)),
      {
        modal: true,
        detail: [membersNote(request), vscode.l10n.t('It started programs that are not part of it and may be in use elsewhere: {0}. "Stop Server" leaves them running.', processNames(outsiders))]
          .filter(Boolean).join('\n\n'),
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
      vscode.l10n.t('Servers Port Zero started in a window that ended unexpectedly are still running, holding their ports: {0}.', printable(servers.join('; '))),
      stop,
      keep,
    );
    return choice === stop ? 'stop' : choice === keep ? 'keep' : undefined;
  }

  confirmForceStop(request: StopRequest, reason: ForceReason = 'running'): Promise<boolean> {
    return StopPrompts.ask(this.forceQuestion(request, reason));
  }

  /** The first question's words (tests read them: a modal can't be read back). */
  stopQuestion(request: StopRequest): Question {
    const command = printable(request.command);
    return {
      message: request.kind === 'server' ? vscode.l10n.t('Stop {0}?', command) : vscode.l10n.t('Stop process {0}?', request.pid),
      detail: [request.kind === 'server' ? membersNote(request) : command, holdsNote(request), this.whatHappens(request), ownerNote(request)].filter(Boolean).join('\n\n'),
      button: vscode.l10n.t('Stop Process'),
    };
  }

  forceQuestion(request: StopRequest, reason: ForceReason): Question {
    const button = vscode.l10n.t('Force Stop');
    if (this.platform !== 'win32') {
      return {
        message: vscode.l10n.t('Process {0} is still running after SIGTERM. Force it to stop?', request.pid),
        detail: vscode.l10n.t('{0}\n\nSIGKILL ends it at once, without cleanup.', printable(request.command)),
        button,
      };
    }
    return {
      message: reason === 'needsForce'
        ? vscode.l10n.t('Windows can end process {0} only by force: it has no window to ask to close. End it?', request.pid)
        : vscode.l10n.t('Process {0} is still running. End it by force?', request.pid),
      detail: vscode.l10n.t('{0}\n\ntaskkill /F ends it and the processes it started at once, without cleanup.', printable(request.command)),
      button,
    };
  }

  private whatHappens(request: StopRequest): string {
    if (this.platform !== 'win32') return vscode.l10n.t('It gets SIGTERM and can shut down cleanly.');
    if (request.kind === 'server') {
      // Every launch's root is its shell (cmd.exe, PowerShell), a console program taskkill /T refuses at once, so the force follows without a wait.
      return vscode.l10n.t('Windows asks it and the processes it started to close (taskkill /T). Its shell has no window and is refused at once, so the whole tree is then ended by force (taskkill /T /F), without cleanup.');
    }
    return vscode.l10n.t('Windows asks it and the processes it started to close (taskkill /T). A program without a window, as most servers are, can only be ended by force: Port Zero asks you before doing that.');
  }

  private static async ask(question: Question): Promise<boolean> {
    const { message, detail, button } = question;
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  }
}

function ownerNote(request: StopRequest): string | undefined {
  return request.owner === 'unknown'
    ? vscode.l10n.t('Port Zero could not read who owns this process. If it is not yours, the system will refuse to stop it.')
    : undefined;
}

/** `python3 (4242)`, names escaped: a process chose them. */
function processNames(processes: readonly ProcessName[]): string {
  return processes.map((p) => `${printable(p.name)} (${p.pid})`).join(', ');
}

function membersNote(request: StopRequest): string | undefined {
  const members = request.members ?? [];
  if (members.length === 0) return undefined;
  return members.length === 1 ? vscode.l10n.t('Its process: {0}', processNames(members)) : vscode.l10n.t('Its processes: {0}', processNames(members));
}

function holdsNote(request: StopRequest): string | undefined {
  if (request.holds === undefined) return undefined;
  const holds = vscode.l10n.t('Holds: {0}', request.holds.join(', '));
  return request.user === undefined ? holds : `${holds}\n${vscode.l10n.t('User: {0}', request.user)}`;
}
