import { looksSame, SocketView, ViewNode } from './socketView';

/**
 * What a refresh must redraw. VS Code re-reads a fired element and its whole
 * subtree, so the walk stops at the first changed node on each path; an
 * unchanged table yields nothing to fire, which keeps expansion, selection and
 * scroll position untouched. Top-level additions, removals or reordering can
 * only be announced by refreshing the root.
 */
export interface ViewChange {
  readonly root: boolean;
  /** Ids of nodes to fire; never an id whose ancestor is also listed. */
  readonly changed: readonly string[];
}

function sameIds(a: readonly ViewNode[], b: readonly ViewNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].id !== b[i].id) return false;
  return true;
}

export function diffSocketViews(previous: SocketView | undefined, next: SocketView): ViewChange {
  if (previous === undefined || !sameIds(previous.roots, next.roots)) return { root: true, changed: [] };
  const changed: string[] = [];
  const visit = (node: ViewNode): void => {
    const old = previous.byId.get(node.id);
    if (old === undefined || !looksSame(old, node) || !sameIds(old.children, node.children)) {
      changed.push(node.id);
      return;
    }
    for (const child of node.children) visit(child);
  };
  for (const root of next.roots) visit(root);
  return { root: false, changed };
}

/** How many onDidChangeTreeData events a change costs: one for the root, else one per changed node. */
export function eventCount(change: ViewChange): number {
  return change.root ? 1 : change.changed.length;
}
