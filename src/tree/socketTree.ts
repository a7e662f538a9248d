/**
 * The Ports view's TreeDataProvider: turns each snapshot into the view model
 * and fires only what changed, with nodes found again by id (getParent, reveal).
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { currentUser } from '../engine/proc/processOwner';
import type { Snapshot } from '../engine/sockets/socket';
import { buildSocketView, workspaceFilterApplies } from '../engine/view/socketView';
import { SocketFilter, SocketView, ViewContext, ViewNode } from '../engine/view/viewNodes';
import { diffSocketViews, ViewChange } from '../engine/view/socketViewDiff';
import type { Refresher } from '../services/refresher';
import type { SocketFilterState } from './socketFilters';
import { tooltipFor } from './socketTooltip';
import type { EditorGuard } from '../services/editorGuard';
import type { StartedServers } from '../services/startedServers';
import { toTreeItem } from './treeNodes';
import type { WebAddressesService } from '../services/webAddresses';
import type { TerminalShells } from '../services/terminalShells';
import { listenerKey } from '../engine/sockets/tlsProbe';
import { allNodes } from '../engine/view/socketViewIndex';

export const SOCKETS_VIEW_ID = 'portZero.sockets';

const user = currentUser();

/** A process's cwd is a resolved path (/private/tmp on macOS, not /tmp): compare with the folders resolved too. */
function asOpenedAndResolved(folder: string): string[] {
  try {
    const real = fs.realpathSync.native(folder);
    return real === folder ? [folder] : [folder, real];
  } catch {
    return [folder];
  }
}

/** What the tree needs beside the snapshot; each part is optional so a second tree (tests) can do without. */
export interface TreeParts {
  readonly editor?: EditorGuard;
  readonly web?: WebAddressesService;
  readonly terminals?: TerminalShells;
}

function currentContext({ editor, web, terminals }: TreeParts, refresher: Refresher): ViewContext {
  return {
    containers: refresher.containers,
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).flatMap((f) => asOpenedAndResolved(f.uri.fsPath)),
    user,
    platform: process.platform,
    editor,
    web,
    terminals,
  };
}

/** What the view says above its rows; today only why a filter the user chose is not applied. */
export function viewMessage(filter: SocketFilter, ctx: ViewContext): string | undefined {
  if (filter.workspaceOnly && !workspaceFilterApplies(ctx.platform)) {
    return vscode.l10n.t('"Show Only Processes in the Workspace" can\'t apply on Windows, which does not tell a process\'s working directory: all processes are shown.');
  }
  return undefined;
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
  private treeView: vscode.TreeView<string> | undefined;
  /** The message shown above the rows (tests read it). */
  message: string | undefined;

  constructor(
    private readonly refresher: Refresher,
    private readonly filters: SocketFilterState,
    private readonly started: StartedServers,
    parts: TreeParts = {},
    private readonly context: () => ViewContext = () => currentContext(parts, refresher),
  ) {
    void parts.editor?.ready.then(() => this.rerender());
    if (parts.terminals) this.subscriptions.push(parts.terminals.onDidChange(() => this.rerender()));
    if (parts.web) {
      this.subscriptions.push(
        // Socket rows make their labels lazily and the diff does not compare them: redraw everything.
        parts.web.onDidChangeAttributes(() => this.rerender(true)),
        parts.web.onDidFindTls((key) => this.redrawListener(key)),
      );
    }
    this.subscriptions.push(
      refresher.onDidSnapshot((s) => this.render(s)),
      filters.onDidChange(() => this.rerender()),
      started.onDidChange(() => this.rerender()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rerender()),
    );
  }

  async getChildren(element?: string): Promise<string[]> {
    if (element === undefined) {
      if (this.view === undefined) {
        const snapshot = await this.refresher.anySnapshot();
        // The scan's own subscribers may have rendered it while this waited.
        if (this.view === undefined) this.render(snapshot);
      }
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

  /** The view whose message this provider keeps: created after the provider, so handed in here. */
  showMessagesIn(view: vscode.TreeView<string>): void {
    this.treeView = view;
    view.message = this.message;
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

  private rerender(all = false): void {
    if (all) this.view = undefined;
    if (this.snapshot) this.render(this.snapshot);
  }

  /** A probe found TLS: the rows of that listener show `https` now. */
  private redrawListener(key: string): void {
    if (this.view === undefined) return;
    const changed: string[] = [];
    for (const node of allNodes(this.view)) {
      if (node.kind === 'socket' && listenerKey(node.socket, node.process) === key) changed.push(node.id);
    }
    if (changed.length === 0) return;
    this.treeChanges.fire(changed);
    this.renders.fire({ root: false, changed });
  }

  private render(snapshot: Snapshot): void {
    this.snapshot = snapshot;
    const ctx = this.context();
    const next = buildSocketView(snapshot, this.filters.filter, this.started.servers, ctx);
    this.setMessage(viewMessage(this.filters.filter, ctx));
    const change = diffSocketViews(this.view, next);
    this.view = next;
    if (change.root) this.treeChanges.fire(undefined);
    else if (change.changed.length > 0) this.treeChanges.fire([...change.changed]);
    this.publishFiltered(next.roots.length === 0 && next.hiddenListeners > 0);
    this.renders.fire(change);
  }

  private setMessage(message: string | undefined): void {
    if (message === this.message) return;
    this.message = message;
    if (this.treeView) this.treeView.message = message;
  }

  /**
   * Chooses between the two welcome texts: nothing listens, or the filters hide everything.
   * Neither shows before the first snapshot (`portZero.sockets.ready`): a window restores the
   * view before Port Zero activates, and "Nothing is listening" would be said of a machine
   * nobody has looked at yet.
   */
  private publishFiltered(hidden: boolean): void {
    if (hidden === this.hiddenByFilter) return;
    const first = this.hiddenByFilter === undefined;
    this.hiddenByFilter = hidden;
    void vscode.commands.executeCommand('setContext', 'portZero.sockets.hiddenByFilter', hidden);
    if (first) void vscode.commands.executeCommand('setContext', 'portZero.sockets.ready', true);
  }
}
