/**
 * The differential flame graph ("measure again"): the new profile's tree, with each node's change
 * against the baseline, for d3-flame-graph's differential coloring (red grew, blue shrank).
 * The baseline is scaled to the new profile's total so runs of different length compare by share.
 */
import type { Profile } from '../model/profile';
import { buildFlameTree, functionKey, NodeStore, finishTree, type FlameFunction, type FlameTree, type FlameTreeOptions } from './flameTree';
import { functionStats } from './functions';

export interface ChangeRow {
  name: string;
  file?: string;
  /** Shares of each profile's total, 0..1. */
  baseSelf: number;
  newSelf: number;
  baseTotal: number;
  newTotal: number;
  /** newSelf - baseSelf, in share of total. */
  deltaSelf: number;
  deltaTotal: number;
}

export interface DiffTree {
  /** Drawn tree: the new profile's weights, over the union of both profiles' paths. */
  tree: FlameTree;
  /** Per node: new total minus scaled baseline total. */
  delta: Float64Array;
  /** Per node: baseline total (unscaled). */
  baseTotal: Float64Array;
  baseSum: number;
  newSum: number;
}

export function buildDiffTree(base: Profile, next: Profile, options: FlameTreeOptions = {}): DiffTree {
  const a = buildFlameTree(base, options);
  const b = buildFlameTree(next, options);
  const functions: FlameFunction[] = [];
  const ids = new Map<string, number>();
  const intern = (f: FlameFunction) => {
    const key = functionKey(f.name, f.file);
    let id = ids.get(key);
    if (id === undefined) {
      id = functions.length;
      functions.push(f);
      ids.set(key, id);
    }
    return id;
  };
  // The new profile's functions first, so source links point into the new profile's frames.
  const mapB = b.functions.map(intern);
  const mapA = a.functions.map((f) => intern({ ...f, frame: -1 }));
  const store = new NodeStore(a.size + b.size);
  const place = (t: FlameTree, map: number[]) => {
    const nodeOf = new Int32Array(t.size);
    for (let n = 1; n < t.size; n++) nodeOf[n] = store.child(nodeOf[t.parent[n]!]!, map[t.func[n]!]!);
    return nodeOf;
  };
  const inB = place(b, mapB);
  const inA = place(a, mapA);
  for (let n = 1; n < b.size; n++) store.self[inB[n]!] += b.self[n]!;
  store.self[0] += b.self[0]!;
  const tree = finishTree(store, functions, b.funcOfFrame);
  const baseTotal = new Float64Array(tree.size);
  for (let n = 0; n < a.size; n++) baseTotal[inA[n]!] += a.total[n]!;
  const baseSum = a.total[0]!;
  const newSum = b.total[0]!;
  const scale = baseSum > 0 ? newSum / baseSum : 0;
  const delta = new Float64Array(tree.size);
  for (let n = 0; n < tree.size; n++) delta[n] = tree.total[n]! - baseTotal[n]! * scale;
  return { tree, delta, baseTotal, baseSum, newSum };
}

/** Functions whose share of the total changed most, by self share then total share. */
export function biggestChanges(base: Profile, next: Profile, options: FlameTreeOptions = {}, limit = 50): ChangeRow[] {
  const a = buildFlameTree(base, options);
  const b = buildFlameTree(next, options);
  const sa = functionStats(a);
  const sb = functionStats(b);
  const ta = a.total[0]! || 1;
  const tb = b.total[0]! || 1;
  const rows = new Map<string, ChangeRow>();
  const row = (f: FlameFunction) => {
    const key = functionKey(f.name, f.file);
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = { name: f.name, ...(f.file !== null ? { file: f.file } : {}), baseSelf: 0, newSelf: 0, baseTotal: 0, newTotal: 0, deltaSelf: 0, deltaTotal: 0 }),
      );
    return r;
  };
  a.functions.forEach((f, i) => {
    const r = row(f);
    r.baseSelf += sa.self[i]! / ta;
    r.baseTotal += sa.total[i]! / ta;
  });
  b.functions.forEach((f, i) => {
    const r = row(f);
    r.newSelf += sb.self[i]! / tb;
    r.newTotal += sb.total[i]! / tb;
  });
  const out = [...rows.values()];
  for (const r of out) {
    r.deltaSelf = r.newSelf - r.baseSelf;
    r.deltaTotal = r.newTotal - r.baseTotal;
  }
  out.sort((x, y) => Math.abs(y.deltaSelf) - Math.abs(x.deltaSelf) || Math.abs(y.deltaTotal) - Math.abs(x.deltaTotal));
  return out.filter((r) => r.deltaSelf !== 0 || r.deltaTotal !== 0).slice(0, limit);
}
