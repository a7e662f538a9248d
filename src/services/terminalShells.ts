/**
 * The window's terminals as the Sockets view's Terminals group needs them:
 * each shell's pid, read once when the terminal opens (not per refresh), and
 * the Terminal that Show Terminal and Kill Terminal act on.
 */
import * as vscode from 'vscode';
import type { ProcessInfo } from '../engine/proc/processInfo';
import { TerminalAttribution, type TerminalShell } from '../engine/view/terminalAttribution';
import type { TerminalFacts } from '../engine/view/viewNodes';

export class TerminalShells implements TerminalFacts, vscode.Disposable {
  private readonly attribution = new TerminalAttribution();
  private readonly keys = new WeakMap<vscode.Terminal, string>();
  private readonly open = new Map<string, vscode.Terminal>();
  private nextKey = 1;
  private readonly changes = new vscode.EventEmitter<void>();
  /** A terminal opened (once its shell's pid is known) or closed. */
  readonly onDidChange = this.changes.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    for (const terminal of vscode.window.terminals) this.add(terminal);
    this.subscriptions = [
      vscode.window.onDidOpenTerminal((t) => this.add(t)),
      vscode.window.onDidCloseTerminal((t) => this.close(t)),
    ];
  }

  attribute(processes: ReadonlyMap<number, ProcessInfo>, pids: Iterable<number>): ReadonlyMap<number, TerminalShell> {
    // A tab's name changes (a task's, or `echo -e "\e]0;…"`): a few property reads per render.
    for (const [key, terminal] of this.open) this.attribution.renamed(key, terminal.name);
    return this.attribution.attribute(processes, pids);
  }

  /** The open terminal a node names; undefined once it was closed. */
  terminalOf(key: string): vscode.Terminal | undefined {
    return this.open.get(key);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changes.dispose();
  }

  private add(terminal: vscode.Terminal): void {
    if (this.keys.has(terminal)) return;
    const key = String(this.nextKey++);
    this.keys.set(terminal, key);
    this.open.set(key, terminal);
    // A Pseudoterminal (Port Zero's own launches among them) has no shell: its processId stays undefined.
    void Promise.resolve(terminal.processId).then((pid) => {
      if (pid === undefined || this.open.get(key) !== terminal) return;
      this.attribution.opened(key, terminal.name, pid);
      this.changes.fire();
    }, () => undefined);
  }

  private close(terminal: vscode.Terminal): void {
    const key = this.keys.get(terminal);
    if (key === undefined) return;
    this.open.delete(key);
    this.attribution.closed(key);
    this.changes.fire();
  }
}
