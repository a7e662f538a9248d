import * as vscode from 'vscode';
import type { Snapshot } from '../engine/sockets/socket';
import { buildSocketView } from '../engine/view/socketView';
import { SocketView, ViewContext, ViewNode } from '../engine/view/viewNodes';
import { diffSocketViews, ViewChange } from '../engine/view/socketViewDiff';
import type { Refresher } from '../services/refresher';
import type { SocketFilterState } from './socketFilters';
import { tooltipFor } from './socketTooltip';
import type { EditorGuard } from '../services/editorGuard';
import type { StartedServers } from '../services/startedServers';
import { toTreeItem } from './treeNodes';

export const SOCKETS_VIEW_ID = 'portZero.sockets';

function currentContext(editor?: EditorGuard): ViewContext {
  return {
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath),
    currentUid: process.getuid?.(),
    editor,
  };
}

/**
 * The Ports tree. Elements are node ids (strings): VS Code matches fired
 * elements by identity, and an id stays the same value across refreshes, so
 * a rebuilt table keeps expansion and selection, and only the nodes the diff
 * names are redrawn. Nothing is fired when a scan finds nothing new.
 */
export class SocketTreeProvider implements vscode.TreeDataProvider<string>, vscode.Disposable {
  private readonly treeChanges = new vscode.EventEmitter<string | string[] | undefined>();
  readonly onDidChangeTreeData = this.treeChanges.event;
  private readonly renders = new vscode.EventEmitter<ViewChange>();
  /** After each rebuild, with what it redrew (tests wait on it). */
  readonly onDidRender = this.renders.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private view: SocketView | undefined;
  private snapshot: Snapshot | undefined;
  private hiddenByFilter: boolean | undefined;

  constructor(
    private readonly refresher: Refresher,
    private readonly filters: SocketFilterState,
    private readonly started: StartedServers,
    editor?: EditorGuard,
    private readonly context: () => ViewContext = () => currentContext(editor),
  ) {
    void editor?.ready.then(() => this.rerender());
    this.subscriptions.push(
      refresher.onDidSnapshot((s) => this.render(s)),
      filters.onDidChange(() => this.rerender()),
      started.onDidChange(() => this.rerender()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rerender()),
    );
  }

  async getChildren(element?: string): Promise<string[]> {
    if (element === undefined) {
      if (this.view === undefined) this.render(this.refresher.latest ?? await this.refresher.refresh());
      return this.view!.roots.map((n) => n.id);
    }
    return this.nodeOf(element)?.children.map((n) => n.id) ?? [];
  }

  getTreeItem(element: string): vscode.TreeItem {
    const node = this.nodeOf(element);
    // A row can be asked for just after a refresh removed it; an empty item is better than a thrown error.
    return node ? toTreeItem(node) : new vscode.TreeItem('');
  }

  getParent(element: string): string | undefined {
    return this.nodeOf(element)?.parentId;
  }

  resolveTreeItem(item: vscode.TreeItem, element: string): vscode.TreeItem {
    const node = this.nodeOf(element);
    if (node) item.tooltip = tooltipFor(node);
    return item;
  }

  nodeOf(id: string): ViewNode | undefined {
    return this.view?.nodeOf(id);
  }

  get roots(): readonly ViewNode[] {
    return this.view?.roots ?? [];
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.treeChanges.dispose();
    this.renders.dispose();
  }

  private rerender(): void {
    if (this.snapshot) this.render(this.snapshot);
  }

  private render(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    const next = buildSocketView(snapshot, this.filters.filter, this.started.servers, this.context());
    const change = diffSocketViews(this.view, next);
    this.view = next;
    if (change.root) this.treeChanges.fire(undefined);
    else if (change.changed.length > 0) this.treeChanges.fire([...change.changed]);
    this.publishFiltered(next.roots.length === 0 && next.hiddenListeners > 0);
    this.renders.fire(change);
  }

  /** Chooses between the two welcome texts: nothing listens, or the filters hide everything. */
  private publishFiltered(hidden: boolean): void {
    if (hidden === this.hiddenByFilter) return;
    this.hiddenByFilter = hidden;
    void vscode.commands.executeCommand('setContext', 'portZero.sockets.hiddenByFilter', hidden);
  }
}
