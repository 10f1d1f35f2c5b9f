/**
 * Retained sizes for a heap snapshot: the dominator tree (Cooper, Harvey & Kennedy's iterative
 * algorithm over a reverse postorder), then each node's self size summed into its dominator.
 * Weak edges do not retain; shortcut edges are views DevTools adds, not references.
 */
import { HeapSnapshot } from './heapSnapshot';

export interface Dominators {
  /** Immediate dominator ordinal per node; -1 when unreachable from the root. */
  readonly idom: Int32Array;
  readonly retainedSize: Float64Array;
  /** Whether node i is reachable from the root through retaining edges. */
  readonly reachable: Uint8Array;
}

function isRetainingEdge(snap: HeapSnapshot, e: number): boolean {
  const t = snap.edgeTypes[snap.edgeType[e]!];
  return t !== 'weak' && t !== 'shortcut';
}

export function computeDominators(snap: HeapSnapshot, root = 0): Dominators {
  const n = snap.nodeCount;
  const post = new Int32Array(n).fill(-1); // postorder number per node
  const order = new Int32Array(n); // node per postorder number
  const reachable = new Uint8Array(n);
  let count = 0;
  // Iterative DFS: a stack of (node, next edge).
  const stackNode = new Int32Array(n);
  const stackEdge = new Uint32Array(n);
  let sp = 0;
  stackNode[0] = root;
  stackEdge[0] = snap.firstEdge[root]!;
  reachable[root] = 1;
  sp = 1;
  while (sp > 0) {
    const v = stackNode[sp - 1]!;
    const end = snap.firstEdge[v + 1]!;
    let e = stackEdge[sp - 1]!;
    let pushed = false;
    while (e < end) {
      const w = snap.edgeTo[e]!;
      e++;
      if (!reachable[w] && isRetainingEdge(snap, e - 1)) {
        reachable[w] = 1;
        stackEdge[sp - 1] = e;
        stackNode[sp] = w;
        stackEdge[sp] = snap.firstEdge[w]!;
        sp++;
        pushed = true;
        break;
      }
    }
    if (!pushed) {
      post[v] = count;
      order[count++] = v;
      sp--;
    }
  }
  // Predecessors in CSR form, reachable nodes only.
  const predCount = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (!reachable[v]) continue;
    for (let e = snap.firstEdge[v]!; e < snap.firstEdge[v + 1]!; e++) {
      if (isRetainingEdge(snap, e)) predCount[snap.edgeTo[e]! + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) predCount[i + 1]! += predCount[i]!;
  const preds = new Int32Array(predCount[n]!);
  const fill = predCount.slice(0, n);
  for (let v = 0; v < n; v++) {
    if (!reachable[v]) continue;
    for (let e = snap.firstEdge[v]!; e < snap.firstEdge[v + 1]!; e++) {
      if (isRetainingEdge(snap, e)) preds[fill[snap.edgeTo[e]!]!++] = v;
    }
  }
  // idom in postorder numbers; -1 = undefined.
  const idomP = new Int32Array(count).fill(-1);
  const rootP = post[root]!;
  idomP[rootP] = rootP;
  let changed = true;
  while (changed) {
    changed = false;
    for (let p = count - 1; p >= 0; p--) {
      if (p === rootP) continue;
      const v = order[p]!;
      let nd = -1;
      for (let k = predCount[v]!; k < predCount[v + 1]!; k++) {
        const q = post[preds[k]!]!;
        if (q < 0 || idomP[q] === -1) continue;
        if (nd === -1) nd = q;
        else {
          let a = q;
          let b = nd;
          while (a !== b) {
            while (a < b) a = idomP[a]!;
            while (b < a) b = idomP[b]!;
          }
          nd = a;
        }
      }
      if (nd !== -1 && idomP[p] !== nd) {
        idomP[p] = nd;
        changed = true;
      }
    }
  }
  const idom = new Int32Array(n).fill(-1);
  const retainedSize = Float64Array.from(snap.selfSize);
  for (let p = 0; p < count; p++) {
    const v = order[p]!;
    const d = idomP[p]!;
    if (d < 0) continue;
    idom[v] = order[d]!;
    // Postorder: every node comes before its dominator, so its total is complete here.
    if (v !== root) retainedSize[order[d]!]! += retainedSize[v]!;
  }
  return { idom, retainedSize, reachable };
}
