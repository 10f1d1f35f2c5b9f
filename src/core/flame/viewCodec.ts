/**
 * Views travel flat: a pre-order list of nodes and their parents' indexes. A nested tree 5,000
 * levels deep overflows the structured clone behind postMessage ("Maximum call stack size
 * exceeded" in Chromium), which is how VS Code hands messages to a webview.
 */
import type { FlameViewNode } from '../webviewProtocol';

export interface FlatView {
  nodes: Omit<FlameViewNode, 'children'>[];
  /** parents[i] is the index of node i's parent, -1 for the root. */
  parents: number[];
}

export function flattenView(root: FlameViewNode): FlatView {
  const nodes: Omit<FlameViewNode, 'children'>[] = [];
  const parents: number[] = [];
  const stack: [FlameViewNode, number][] = [[root, -1]];
  while (stack.length) {
    const [n, parent] = stack.pop()!;
    const { children, ...rest } = n;
    const index = nodes.length;
    nodes.push(rest);
    parents.push(parent);
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, index]);
  }
  return { nodes, parents };
}

/** Rebuilds the nested tree; throws on a malformed list (parent after child, bad index). */
export function unflattenView(flat: FlatView): FlameViewNode {
  const { nodes, parents } = flat;
  if (!nodes.length || nodes.length !== parents.length || parents[0] !== -1) throw new Error('malformed flame view');
  const built: FlameViewNode[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node: FlameViewNode = { ...nodes[i]! };
    built[i] = node;
    const p = parents[i]!;
    if (i === 0) continue;
    if (!(p >= 0 && p < i)) throw new Error('malformed flame view');
    (built[p]!.children ??= []).push(node);
  }
  return built[0]!;
}
