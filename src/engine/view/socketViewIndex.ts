/**
 * Finding a tree node by its id (a path of keys) without building an index of
 * the whole view.
 */
import type { SocketView, ViewNode } from './viewNodes';

/** Sibling keys are unique, so an id is resolved one level at a time, building each level's map only when first asked. */
export class ViewIndex implements SocketView {
  private readonly rootsByKey: ReadonlyMap<string, ViewNode>;
  private readonly childMaps = new WeakMap<ViewNode, Map<string, ViewNode>>();

  constructor(readonly roots: readonly ViewNode[], readonly hiddenListeners: number) {
    this.rootsByKey = new Map(roots.map((n) => [n.key, n]));
  }

  nodeOf(id: string): ViewNode | undefined {
    const slash = id.indexOf('/');
    if (slash < 0) return this.rootsByKey.get(id);
    let node = this.rootsByKey.get(id.slice(0, slash));
    let rest = id.slice(slash + 1);
    while (node !== undefined) {
      const children = this.childrenOf(node);
      // The last key is tried whole first: a socket id from a source may itself contain '/'.
      const direct = children.get(rest);
      if (direct !== undefined) return direct;
      const next = rest.indexOf('/');
      if (next < 0) return undefined;
      node = children.get(rest.slice(0, next));
      rest = rest.slice(next + 1);
    }
    return undefined;
  }

  private childrenOf(node: ViewNode): Map<string, ViewNode> {
    let map = this.childMaps.get(node);
    if (map === undefined) {
      map = new Map(node.children.map((c) => [c.key, c]));
      this.childMaps.set(node, map);
    }
    return map;
  }
}

/** Every node, depth first: for tests and counts, not for a refresh. */
export function* allNodes(view: SocketView): Generator<ViewNode> {
  const stack = [...view.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    yield node;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
}
