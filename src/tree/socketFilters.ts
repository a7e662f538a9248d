/**
 * The Ports view's filter and grouping, kept per workspace and mirrored in
 * context keys (`portZero.sockets.connections`, `.tcp`, `.udp`,
 * `.workspaceOnly`, `.groupBy`) so the filter menu shows the one command of
 * each pair that changes the current choice.
 */
import * as vscode from 'vscode';
import { defaultSocketFilter, SocketFilter } from '../engine/view/viewNodes';

const STATE_KEY = 'portZero.sockets.filter';

export class SocketFilterState implements vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<SocketFilter>();
  readonly onDidChange = this.changes.event;
  private current: SocketFilter;

  constructor(private readonly memento: vscode.Memento) {
    this.current = { ...defaultSocketFilter, ...memento.get<Partial<SocketFilter>>(STATE_KEY) };
    void this.publish();
  }

  get filter(): SocketFilter {
    return this.current;
  }

  async update(change: Partial<SocketFilter>): Promise<void> {
    this.current = { ...this.current, ...change };
    await this.memento.update(STATE_KEY, this.current);
    await this.publish();
    this.changes.fire(this.current);
  }

  reset(): Promise<void> {
    return this.update(defaultSocketFilter);
  }

  dispose(): void {
    this.changes.dispose();
  }

  private async publish(): Promise<void> {
    const f = this.current;
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'portZero.sockets.connections', f.connections),
      vscode.commands.executeCommand('setContext', 'portZero.sockets.tcp', f.tcp),
      vscode.commands.executeCommand('setContext', 'portZero.sockets.udp', f.udp),
      vscode.commands.executeCommand('setContext', 'portZero.sockets.workspaceOnly', f.workspaceOnly),
      vscode.commands.executeCommand('setContext', 'portZero.sockets.groupBy', f.groupBy),
    ]);
  }
}

/** Menu commands come in pairs because contributed menu items cannot show a check mark. */
const FILTER_COMMANDS: Readonly<Record<string, Partial<SocketFilter>>> = {
  'portZero.showConnections': { connections: true },
  'portZero.showListenersOnly': { connections: false },
  'portZero.showTcp': { tcp: true },
  'portZero.hideTcp': { tcp: false },
  'portZero.showUdp': { udp: true },
  'portZero.hideUdp': { udp: false },
  'portZero.showWorkspaceProcessesOnly': { workspaceOnly: true },
  'portZero.showAllProcesses': { workspaceOnly: false },
  'portZero.groupSocketsByPort': { groupBy: 'port' },
  'portZero.groupSocketsByProcess': { groupBy: 'process' },
};

export function registerFilterCommands(filters: SocketFilterState): vscode.Disposable {
  return vscode.Disposable.from(
    ...Object.entries(FILTER_COMMANDS).map(([id, change]) => vscode.commands.registerCommand(id, () => filters.update(change))),
    vscode.commands.registerCommand('portZero.resetSocketFilters', () => filters.reset()),
  );
}
