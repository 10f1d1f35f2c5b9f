/**
 * The top-functions table: self and total per function (frames merged by name and file).
 * Total counts a recursive function once per stack, not once per level.
 */
import type { Profile } from '../model/profile';
import type { TopFunctionRow } from '../webviewProtocol';
import { childrenOf, type FlameTree } from './flameTree';

const KIND_CODE = { user: 'u', library: 'l', runtime: 'r', native: 'n' } as const;

export function functionStats(tree: FlameTree): { self: Float64Array; total: Float64Array } {
  const nf = tree.functions.length;
  const self = new Float64Array(nf);
  const total = new Float64Array(nf);
  const onPath = new Int32Array(nf);
  // Iterative DFS: a positive entry enters a node, a negative one (~n) leaves it.
  const stack: number[] = [];
  for (const c of childrenOf(tree, 0)) stack.push(c);
  while (stack.length) {
    const item = stack.pop()!;
    if (item < 0) {
      onPath[tree.func[~item]!]--;
      continue;
    }
    const f = tree.func[item]!;
    self[f] += tree.self[item]!;
    if (onPath[f] === 0) total[f] += tree.total[item]!;
    onPath[f]++;
    stack.push(~item);
    for (const c of childrenOf(tree, item)) stack.push(c);
  }
  return { self, total };
}

/** Index of a weight type that counts calls (deterministic profilers), or -1. */
export function callsWeight(profile: Profile): number {
  return profile.weightTypes.findIndex((w) => /^(?:n?calls?|call_count|ncalls)$/i.test(w.name));
}

export function topFunctionRows(tree: FlameTree, profile?: Profile, limit = 200, stats = functionStats(tree)): TopFunctionRow[] {
  const { self, total } = stats;
  let calls: Float64Array | null = null;
  const cw = profile ? callsWeight(profile) : -1;
  if (profile && cw >= 0) {
    calls = new Float64Array(tree.functions.length);
    const wn = profile.weightTypes.length;
    for (let j = 0; j < profile.sampleStack.length; j++) {
      calls[tree.funcOfFrame[profile.stackFrame[profile.sampleStack[j]!]!]!] += profile.sampleWeights[j * wn + cw]!;
    }
  }
  const ids = Array.from({ length: tree.functions.length }, (_, i) => i).filter((i) => total[i]! > 0);
  ids.sort((a, b) => self[b]! - self[a]! || total[b]! - total[a]!);
  return ids.slice(0, limit).map((i) => {
    const f = tree.functions[i]!;
    const row: TopFunctionRow = { id: i, name: f.name, kind: KIND_CODE[f.kind], self: self[i]!, total: total[i]!, frame: f.frame };
    if (f.file !== null) row.file = f.file;
    if (f.line !== null) row.line = f.line;
    if (calls) row.calls = calls[i]!;
    return row;
  });
}

/** The node of `func` with the largest total: where "focus this function" zooms to. */
export function heaviestNodeOf(tree: FlameTree, func: number): number {
  let best = -1;
  for (let n = 1; n < tree.size; n++) if (tree.func[n] === func && (best < 0 || tree.total[n]! > tree.total[best]!)) best = n;
  return best;
}
