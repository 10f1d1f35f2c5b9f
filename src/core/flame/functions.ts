/**
 * The top-functions table: self and total per function (frames merged by name and file).
 * Total counts a recursive function once per stack, not once per level.
 */
import type { Profile } from '../model/profile';
import type { FlameTree } from './flameTree';

export interface TopFunctionRow {
  /** Function id in the host's tree (stable for one tree build). */
  id: number;
  name: string;
  file?: string;
  line?: number;
  kind: 'u' | 'l' | 'r' | 'n';
  self: number;
  total: number;
  /** Invocations, when the profiler counts them (deterministic profilers); else undefined. */
  calls?: number;
  frame: number;
}

const KIND_CODE = { user: 'u', library: 'l', runtime: 'r', native: 'n' } as const;

/** Per tree (trees are cached and read-only): the table, the insights and the lists share one pass. */
const statsCache = new WeakMap<FlameTree, { self: Float64Array; total: Float64Array }>();

export function functionStats(tree: FlameTree): { self: Float64Array; total: Float64Array } {
  let stats = statsCache.get(tree);
  if (!stats) statsCache.set(tree, (stats = computeStats(tree)));
  return stats;
}

function computeStats(tree: FlameTree): { self: Float64Array; total: Float64Array } {
  const nf = tree.functions.length;
  const self = new Float64Array(nf);
  const total = new Float64Array(nf);
  const onPath = new Int32Array(nf);
  const { childStart, childList, func } = tree;
  // Iterative DFS: a positive entry enters a node, a negative one (~n) leaves it.
  const stack = new Int32Array(2 * tree.size + 2);
  let sp = 0;
  for (let i = childStart[0]!; i < childStart[1]!; i++) stack[sp++] = childList[i]!;
  while (sp > 0) {
    const item = stack[--sp]!;
    if (item < 0) {
      onPath[func[~item]!]--;
      continue;
    }
    const f = func[item]!;
    self[f] += tree.self[item]!;
    if (onPath[f] === 0) total[f] += tree.total[item]!;
    onPath[f]++;
    stack[sp++] = ~item;
    for (let i = childStart[item]!, end = childStart[item + 1]!; i < end; i++) stack[sp++] = childList[i]!;
  }
  return { self, total };
}

/** Index of a weight type that counts calls (deterministic profilers), or -1. */
function callsWeight(profile: Profile): number {
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
  // Only the first `limit` rows are kept: cut at the limit-th largest self before sorting.
  let floor = -Infinity;
  if (tree.functions.length > 4 * limit) {
    const selves = self.slice().sort();
    floor = selves[Math.max(0, selves.length - limit)]!;
  }
  const ids: number[] = [];
  for (let i = 0; i < tree.functions.length; i++) if (total[i]! > 0 && self[i]! >= floor) ids.push(i);
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
