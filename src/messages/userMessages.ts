/**
 * Every notification Port Zero shows goes through UserMessages, so tests and
 * API holders can see what the user was told.
 */
import * as vscode from 'vscode';
import { asPlainText } from './plainText';

/** `status`: a short-lived status bar line, for outcomes too small for a notification. */
export type MessageSeverity = 'info' | 'warning' | 'error' | 'status';

/** A notification as the user saw it: its text and the buttons it offered. */
export interface ShownMessage {
  readonly severity: MessageSeverity;
  readonly text: string;
  readonly actions: readonly string[];
  /** For a notification that closes itself (whileRunning): settles when it has closed. */
  readonly closed?: Thenable<void>;
}

/** An action a self-closing notification offers as a link: the command it runs, with its arguments. */
export interface MessageLink {
  readonly label: string;
  readonly command: string;
  readonly args: readonly unknown[];
}

/**
 * The one way Port Zero's adapters show a notification. It exists so that
 * what the user is told can be observed (`onDidShow`) by the integration
 * tests and by anything else holding the API, without mocking VS Code: the
 * message still goes through `vscode.window.show*Message`.
 * Modal questions (Stop's confirmation) stay with their own prompts.
 */
export class UserMessages implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ShownMessage>();
  readonly onDidShow = this.emitter.event;

  info(text: string, ...actions: string[]): Thenable<string | undefined> {
    return this.show({ severity: 'info', text, actions }, vscode.window.showInformationMessage);
  }

  warn(text: string, ...actions: string[]): Thenable<string | undefined> {
    return this.show({ severity: 'warning', text, actions }, vscode.window.showWarningMessage);
  }

  error(text: string, ...actions: string[]): Thenable<string | undefined> {
    return this.show({ severity: 'error', text, actions }, vscode.window.showErrorMessage);
  }

  /**
   * A notification that closes when `until` settles, for news that goes stale
   * (a server listening). VS Code lets an extension close only a progress
   * notification, and one takes no buttons: its actions are command links in
   * its text, which notifications render and run when clicked.
   */
  whileRunning(text: string, links: readonly MessageLink[], until: Thenable<unknown>): void {
    const closed = Promise.resolve(until).then(() => undefined, () => undefined);
    const shown: ShownMessage = { severity: 'info', text: asPlainText(text), actions: links.map((l) => l.label), closed };
    this.emitter.fire(shown);
    const actions = links.map((l) => `[${l.label}](command:${l.command}?${encodeURIComponent(JSON.stringify(l.args))})`).join(' · ');
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${shown.text} ${actions}` }, () => closed);
  }

  /** A line in the status bar for a few seconds: the result of a small action (copied, nothing to copy). */
  status(text: string, ms = 4000): void {
    // `$(name)` in a status bar message is an icon; a copied address is not.
    const shown = text.replace(/\$\(/g, '$\u200B(');
    this.emitter.fire({ severity: 'status', text: shown, actions: [] });
    vscode.window.setStatusBarMessage(shown, ms);
  }

  /** Shows a problem with the user's settings, offering to open them at `setting`. */
  settingProblem(text: string, setting: string): void {
    const open = vscode.l10n.t('Open Settings');
    void this.warn(text, open).then((choice) => {
      if (choice === open) void vscode.commands.executeCommand('workbench.action.openSettings', setting);
    });
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private show(
    message: ShownMessage,
    present: (text: string, ...items: string[]) => Thenable<string | undefined>,
  ): Thenable<string | undefined> {
    const shown = { ...message, text: asPlainText(message.text) };
    this.emitter.fire(shown);
    return present(shown.text, ...shown.actions);
  }
}

/**
 * The window's instance. Adapters take it as a default parameter, so
 * `activate()` need not thread it through every constructor; the API hands
 * it out (through `Launcher.messages`) for observers.
 */
export const userMessages = new UserMessages();
