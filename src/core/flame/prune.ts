/**
 * Cuts the flame tree down to what a screen can show before it reaches the SVG: the widest
 * nodes first, until they get narrower than `minPx` pixels or the node budget is spent; the
 * children left out of each drawn node become one "n small frames" node, expanded when the
 * user zooms into it. This is what keeps a million-sample profile interactive.
 */
import type { FlameViewNode } from '../webviewProtocol';
import { childrenOf, pathTo, type FlameTree } from './flameTree';

export interface PruneOptions {
  /** Drawing width in pixels of the focused node. */
  width: number;
  /** Nodes narrower than this (pixels) are merged. Default 0.5. */
  minPx?: number;
  /**
   * Most nodes narrower than 20 px to emit below the focus. Default 400: measured in Chromium
   * (bench/flamegraph.bench.ts), d3-flame-graph redraws ~700 frames in about 60 ms and ~1,400 in
   * about 115 ms; on the 200,000-frame benchmark profile 400 still draws every frame 5 px or wider
   * (what d3-flame-graph's minFrameSize(5) shows) and groups the rest as "n small frames".
   */
  budget?: number;
  /** Differential view: per node delta (new total minus scaled base total). */
  delta?: Float64Array;
}

export interface PrunedView {
  root: FlameViewNode;
  drawn: number;
  merged: number;
}

const KIND_CODE = { user: 'u', library: 'l', runtime: 'r', native: 'n' } as const;

function viewNode(tree: FlameTree, node: number, value: number, delta?: Float64Array): FlameViewNode {
  if (node === 0) return { id: 0, name: 'all', value, self: tree.self[0]!, frame: -1, kind: 'r', ...(delta ? { delta: delta[0] } : {}) };
  const fn = tree.functions[tree.func[node]!]!;
  const out: FlameViewNode = { id: node, name: fn.name, value, self: tree.self[node]!, frame: fn.frame, kind: KIND_CODE[fn.kind] };
  if (fn.file !== null) out.file = fn.file;
  if (fn.line !== null) out.line = fn.line;
  if (delta) out.delta = delta[node]!;
  return out;
}

/** Max-heap of node ids ordered by tree total. */
class WidestFirst {
  private readonly heap: number[] = [];
  constructor(private readonly total: Float64Array) {}
  get size(): number {
    return this.heap.length;
  }
  peek(): number {
    return this.heap[0]!;
  }
  push(n: number): void {
    const h = this.heap;
    const t = this.total;
    let i = h.length;
    h.push(n);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[h[p]!]! >= t[n]!) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = n;
  }
  pop(): number {
    const h = this.heap;
    const t = this.total;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && t[h[r]!]! > t[h[l]!]! ? r : l;
        if (t[h[c]!]! <= t[last]!) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

/**
 * Prunes the subtree under `focus`. When `small` is given the focus is a merged group: only
 * the children of `small.parent` whose total is below `small.cutoff` are shown, scaled to the
 * full width.
 */
export function pruneSubtree(tree: FlameTree, focus: number, opts: PruneOptions, small?: { cutoff: number }): PrunedView {
  const minPx = opts.minPx ?? 0.5;
  const budget = opts.budget ?? 400;
  const members = small ? Array.from(childrenOf(tree, focus)).filter((c) => tree.total[c]! < small.cutoff) : null;
  const focusValue = members ? members.reduce((s, c) => s + tree.total[c]!, 0) : tree.total[focus]!;
  const cutoff = focusValue > 0 ? (focusValue * minPx) / opts.width : Infinity;
  const emitted = new Map<number, FlameViewNode>();
  const root = viewNode(tree, focus, focusValue, opts.delta);
  if (members) root.self = 0;
  emitted.set(focus, root);
  const heap = new WidestFirst(tree.total);
  for (const c of members ?? childrenOf(tree, focus)) heap.push(c);
  let drawn = 0;
  // Frames wide enough to carry a label are always drawn (deep recursion stays visible); the
  // budget only limits the narrow ones.
  const wide = focusValue > 0 ? (focusValue * 20) / opts.width : Infinity;
  while (heap.size && tree.total[heap.peek()]! >= cutoff && (drawn < budget || tree.total[heap.peek()]! >= wide)) {
    const n = heap.pop();
    const node = viewNode(tree, n, tree.total[n]!, opts.delta);
    const parentView = emitted.get(tree.parent[n]!)!;
    (parentView.children ??= []).push(node);
    emitted.set(n, node);
    drawn++;
    for (const c of childrenOf(tree, n)) heap.push(c);
  }
  // Whatever is left in the heap is narrower than the cutoff (or over budget): group it by parent.
  let merged = 0;
  const groups = new Map<number, { value: number; count: number; delta: number; maxTotal: number }>();
  for (let i = heap.size; i > 0; i--) {
    const n = heap.pop();
    const p = tree.parent[n]!;
    let g = groups.get(p);
    if (!g) groups.set(p, (g = { value: 0, count: 0, delta: 0, maxTotal: 0 }));
    g.value += tree.total[n]!;
    g.count++;
    g.maxTotal = Math.max(g.maxTotal, tree.total[n]!);
    if (opts.delta) g.delta += opts.delta[n]!;
    merged++;
  }
  for (const [p, g] of groups) {
    const parentView = emitted.get(p)!;
    const node: FlameViewNode = {
      id: -1,
      name: `${g.count} small frame${g.count === 1 ? '' : 's'}`,
      value: g.value,
      self: 0,
      frame: -1,
      kind: 'm',
      // Zooming into this node shows exactly these children: all with total <= maxTotal.
      merged: { parent: p, count: g.count, cutoff: nextUp(g.maxTotal) },
    };
    if (opts.delta) node.delta = g.delta;
    (parentView.children ??= []).push(node);
    drawn++;
  }
  return { root, drawn, merged };
}

/** The smallest double above x, so "total < cutoff" includes x itself. */
function nextUp(x: number): number {
  return x === 0 ? Number.MIN_VALUE : x + Math.max(Math.abs(x) * Number.EPSILON, Number.MIN_VALUE);
}

/**
 * The full view for a focus: ancestors from the root down to the focus as full-width frames
 * (so the user sees where they are), then the pruned subtree.
 */
export function focusView(tree: FlameTree, focus: number, opts: PruneOptions, small?: { parent: number; cutoff: number }): PrunedView {
  const anchor = small ? small.parent : focus;
  const sub = pruneSubtree(tree, anchor, opts, small);
  const chain = pathTo(tree, anchor);
  let view = sub.root;
  for (let i = chain.length - 2; i >= 0; i--) {
    const a = viewNode(tree, chain[i]!, view.value, opts.delta);
    a.children = [view];
    view = a;
  }
  return { root: view, drawn: sub.drawn + chain.length - 1, merged: sub.merged };
}
