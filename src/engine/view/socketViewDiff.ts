/**
 * What a refresh must redraw. VS Code re-reads a fired element and its whole
 * subtree, so the walk stops at the first changed node on each path; an
 * unchanged table yields nothing to fire, which keeps expansion, selection and
 * scroll position untouched. Top-level additions, removals or reordering can
 * only be announced by refreshing the root.
 */
import { looksSame } from './socketView';
import { SocketView, ViewNode } from './viewNodes';

export interface ViewChange {
  readonly root: boolean;
  /** Ids of nodes to fire; never an id whose ancestor is also listed. */
  readonly changed: readonly string[];
}

/** Same rows in the same order. Siblings share a parent, so comparing keys is comparing ids. */
function sameChildren(a: readonly ViewNode[], b: readonly ViewNode[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    // Sockets by their own id: building both key strings would cost more than the whole comparison.
    if (x.kind === 'socket' && y.kind === 'socket' ? x.socket.id !== y.socket.id : x.key !== y.key) return false;
  }
  return true;
}

/** Walks both trees side by side: where the children match, old and new child i are the same row. */
export function diffSocketViews(previous: SocketView | undefined, next: SocketView): ViewChange {
  if (previous === undefined || !sameChildren(previous.roots, next.roots)) return { root: true, changed: [] };
  const changed: string[] = [];
  const visit = (old: ViewNode, node: ViewNode): void => {
    if (!looksSame(old, node) || !sameChildren(old.children, node.children)) {
      changed.push(node.id);
      return;
    }
    for (let i = 0; i < node.children.length; i++) visit(old.children[i], node.children[i]);
  };
  for (let i = 0; i < next.roots.length; i++) visit(previous.roots[i], next.roots[i]);
  return { root: false, changed };
}

/** How many onDidChangeTreeData events a change costs: one for the root, else one per changed node. */
export function eventCount(change: ViewChange): number {
  return change.root ? 1 : change.changed.length;
}
