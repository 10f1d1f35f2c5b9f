/**
 * Views derived from a Profile (never stored twice): top functions, per-line figures for the
 * gutter, callers and callees, "my code only", and the difference of two profiles.
 * Every walk is iterative — stacks can be 50,000 frames deep — and "total" counts a function
 * (or line) once per sample even when recursion puts it on the stack many times.
 */
import { Frame, Profile, ProfileBuilder } from './profile';

export interface FunctionStat {
  name: string;
  file: string | null;
  /** Where the function starts when known, else its first line seen in the profile; null if none. */
  line: number | null;
  /** Weight where the function is the leaf. */
  self: number;
  /** Weight where it is anywhere on the stack (once per sample). */
  total: number;
  /** All frames (one per line/column seen) that belong to this function. */
  frameIds: number[];
}

export interface LineStat {
  file: string;
  /** 1-based. */
  line: number;
  self: number;
  total: number;
}

export interface CallRelation {
  name: string;
  file: string | null;
  line: number | null;
  frameIds: number[];
  /** Weight of samples in which this caller→callee edge is on the stack (once per sample). */
  weight: number;
}

export interface FunctionDiff {
  name: string;
  file: string | null;
  line: number | null;
  baseSelf: number;
  nextSelf: number;
  baseTotal: number;
  nextTotal: number;
  deltaSelf: number;
  deltaTotal: number;
  /** Change of the function's share of all self weight (next share − base share), in [-1, 1]. */
  deltaSelfShare: number;
}

export interface ProfileDiff {
  unit: string;
  baseTotal: number;
  nextTotal: number;
  /** Matched by function name and file (lines move when code is edited), by |deltaSelf| descending. */
  functions: FunctionDiff[];
  /** Functions present only in one of the two profiles. */
  added: string[];
  removed: string[];
}

export interface WeightOption {
  /** Index into profile.weightTypes; default 0. */
  weight?: number;
}

/** Groups frames into functions: same name and file (and start line when the format knows it). */
function functionIndex(profile: Profile): { fnOf: Int32Array; fns: { name: string; file: string | null; line: number | null; frameIds: number[] }[] } {
  const fnOf = new Int32Array(profile.frames.length);
  const fns: { name: string; file: string | null; line: number | null; frameIds: number[] }[] = [];
  const byKey = new Map<string, number>();
  profile.frames.forEach((f, id) => {
    const key = `${f.name}\u0000${f.file ?? ''}\u0000${f.functionLine ?? ''}`;
    let k = byKey.get(key);
    if (k === undefined) {
      k = fns.length;
      fns.push({ name: f.name, file: f.file, line: f.functionLine ?? f.line, frameIds: [] });
      byKey.set(key, k);
    }
    const fn = fns[k]!;
    fn.frameIds.push(id);
    if (f.functionLine == null && f.line !== null && (fn.line === null || f.line < fn.line)) fn.line = f.line;
    fnOf[id] = k;
  });
  return { fnOf, fns };
}

function checkWeight(profile: Profile, w: number): number {
  if (!Number.isInteger(w) || w < 0 || w >= profile.weightTypes.length) {
    throw new RangeError(`weight index ${w} out of range: the profile has ${profile.weightTypes.length} weight type(s)`);
  }
  return w;
}

/**
 * For each sample: its weight, the key of its leaf, and every distinct key on its stack.
 * `keyOf` maps a frame id to a group key (function, line), or -1 to ignore the frame.
 */
function accumulate(profile: Profile, w: number, keyOf: Int32Array, keys: number): { self: Float64Array; total: Float64Array } {
  const n = profile.weightTypes.length;
  const self = new Float64Array(keys);
  const total = new Float64Array(keys);
  const seen = new Int32Array(keys).fill(-1);
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const v = profile.sampleWeights[j * n + w]!;
    if (v === 0) continue;
    let node = profile.sampleStack[j]!;
    const leafKey = keyOf[profile.stackFrame[node]!]!;
    if (leafKey >= 0) self[leafKey]! += v;
    let guard = profile.stackFrame.length;
    while (node >= 0 && guard-- >= 0) {
      const k = keyOf[profile.stackFrame[node]!]!;
      if (k >= 0 && seen[k] !== j) {
        seen[k] = j;
        total[k]! += v;
      }
      node = profile.stackParent[node]!;
    }
  }
  return { self, total };
}

export function topFunctions(profile: Profile, opts: WeightOption & { limit?: number } = {}): FunctionStat[] {
  const w = checkWeight(profile, opts.weight ?? 0);
  const { fnOf, fns } = functionIndex(profile);
  const { self, total } = accumulate(profile, w, fnOf, fns.length);
  const out: FunctionStat[] = fns.map((f, k) => ({ name: f.name, file: f.file, line: f.line, self: self[k]!, total: total[k]!, frameIds: f.frameIds }));
  out.sort((a, b) => b.self - a.self || b.total - a.total || a.name.localeCompare(b.name));
  return out.filter((f) => f.total > 0 || f.self > 0).slice(0, opts.limit ?? 50);
}

/** Per file (as recorded), per 1-based line: self and total weight, sorted by line. */
export function fileLineStats(profile: Profile, opts: WeightOption = {}): Map<string, LineStat[]> {
  const w = checkWeight(profile, opts.weight ?? 0);
  const keyOf = new Int32Array(profile.frames.length).fill(-1);
  const lines: { file: string; line: number }[] = [];
  const byKey = new Map<string, number>();
  profile.frames.forEach((f, id) => {
    if (f.file === null || f.line === null) return;
    const key = `${f.file}\u0000${f.line}`;
    let k = byKey.get(key);
    if (k === undefined) {
      k = lines.length;
      lines.push({ file: f.file, line: f.line });
      byKey.set(key, k);
    }
    keyOf[id] = k;
  });
  const { self, total } = accumulate(profile, w, keyOf, lines.length);
  const out = new Map<string, LineStat[]>();
  lines.forEach((l, k) => {
    if (total[k] === 0) return;
    let list = out.get(l.file);
    if (!list) out.set(l.file, (list = []));
    list.push({ file: l.file, line: l.line, self: self[k]!, total: total[k]! });
  });
  for (const list of out.values()) list.sort((a, b) => a.line - b.line);
  return out;
}

function targetSet(profile: Profile, target: string | readonly number[]): Uint8Array {
  const set = new Uint8Array(profile.frames.length);
  if (typeof target === 'string') profile.frames.forEach((f, id) => (set[id] = f.name === target ? 1 : 0));
  else for (const id of target) if (id >= 0 && id < set.length) set[id] = 1;
  return set;
}

function relations(profile: Profile, target: string | readonly number[], w: number, direction: 'callers' | 'callees'): CallRelation[] {
  const set = targetSet(profile, target);
  const { fnOf, fns } = functionIndex(profile);
  const weight = new Float64Array(fns.length);
  const seen = new Int32Array(fns.length).fill(-1);
  const n = profile.weightTypes.length;
  for (let j = 0; j < profile.sampleStack.length; j++) {
    const v = profile.sampleWeights[j * n + w]!;
    if (v === 0) continue;
    let child = -1;
    let node = profile.sampleStack[j]!;
    let guard = profile.stackFrame.length;
    while (node >= 0 && guard-- >= 0) {
      const parent = profile.stackParent[node]!;
      const frame = profile.stackFrame[node]!;
      // callers: the parent of a target frame; callees: the child of a target frame.
      const other =
        direction === 'callers' ? (set[frame] && parent >= 0 ? profile.stackFrame[parent]! : -1) : set[frame] && child >= 0 ? profile.stackFrame[child]! : -1;
      if (other >= 0) {
        const k = fnOf[other]!;
        if (seen[k] !== j) {
          seen[k] = j;
          weight[k]! += v;
        }
      }
      child = node;
      node = parent;
    }
  }
  const out: CallRelation[] = [];
  fns.forEach((f, k) => {
    if (weight[k]! > 0) out.push({ name: f.name, file: f.file, line: f.line, frameIds: f.frameIds, weight: weight[k]! });
  });
  return out.sort((a, b) => b.weight - a.weight);
}

/** Functions that call `target` (a frame name, or frame ids such as FunctionStat.frameIds). */
export function callersOf(profile: Profile, target: string | readonly number[], opts: WeightOption = {}): CallRelation[] {
  return relations(profile, target, checkWeight(profile, opts.weight ?? 0), 'callers');
}

/** Functions that `target` calls. */
export function calleesOf(profile: Profile, target: string | readonly number[], opts: WeightOption = {}): CallRelation[] {
  return relations(profile, target, checkWeight(profile, opts.weight ?? 0), 'callees');
}

/**
 * Re-roots a profile's stacks through `keep`: frames for which keep() is false are removed and
 * their weight stays with the nearest kept caller. A stack with no kept frame keeps its
 * outermost frame, so the total weight never changes.
 */
export function filterFrames(profile: Profile, keep: (f: Frame) => boolean, note: string): Profile {
  const builder = new ProfileBuilder({ ...profile.metadata, notes: [...(profile.metadata.notes ?? []), note] }, profile.weightTypes);
  const newFrame = new Int32Array(profile.frames.length).fill(-1);
  const frameId = (id: number) => (newFrame[id]! >= 0 ? newFrame[id]! : (newFrame[id] = builder.frame({ ...profile.frames[id]! })));
  const keepFrame = profile.frames.map(keep);
  const mapped = new Int32Array(profile.stackFrame.length).fill(-2); // -2: not computed yet
  const pending: number[] = [];
  const resolve = (start: number): number => {
    // Walk up to the first computed ancestor, then compute downwards (no recursion).
    pending.length = 0;
    for (let node = start; node >= 0 && mapped[node] === -2; node = profile.stackParent[node]!) pending.push(node);
    for (let k = pending.length - 1; k >= 0; k--) {
      const node = pending[k]!;
      const parent = profile.stackParent[node]!;
      const above = parent >= 0 ? mapped[parent]! : -1;
      const frame = profile.stackFrame[node]!;
      mapped[node] = keepFrame[frame] ? builder.stack(above, frameId(frame)) : above;
    }
    const m = mapped[start]!;
    if (m >= 0) return m;
    // Nothing kept on this stack: keep its outermost frame so no weight is lost.
    let root = start;
    while (profile.stackParent[root]! >= 0) root = profile.stackParent[root]!;
    return builder.stack(-1, frameId(profile.stackFrame[root]!));
  };
  const n = profile.weightTypes.length;
  const w = new Float64Array(n);
  for (let j = 0; j < profile.sampleStack.length; j++) {
    for (let k = 0; k < n; k++) w[k] = profile.sampleWeights[j * n + k]!;
    builder.addSampleAt(resolve(profile.sampleStack[j]!), w);
  }
  // The timeline keeps its time order; only its stack nodes are re-mapped (before build()).
  const timeline = profile.timeline ? { ...profile.timeline, stacks: Int32Array.from(profile.timeline.stacks, (s) => resolve(s)) } : undefined;
  const built = builder.build();
  return timeline ? { ...built, timeline } : built;
}

/** "My code only": library, runtime and native frames folded into their (user) caller. */
export function myCodeOnly(profile: Profile): Profile {
  return filterFrames(profile, (f) => f.kind === 'user', 'my code only: library, runtime and native frames folded into their callers');
}

export function diffProfiles(base: Profile, next: Profile, opts: WeightOption = {}): ProfileDiff {
  const w = opts.weight ?? 0;
  const a = topFunctions(base, { weight: w, limit: Number.MAX_SAFE_INTEGER });
  const b = topFunctions(next, { weight: w, limit: Number.MAX_SAFE_INTEGER });
  const baseTotal = sumSelf(a);
  const nextTotal = sumSelf(b);
  const key = (f: FunctionStat) => `${f.name}\u0000${f.file ?? ''}`;
  const rows = new Map<string, FunctionDiff>();
  const row = (f: FunctionStat) => {
    let r = rows.get(key(f));
    if (!r)
      rows.set(
        key(f),
        (r = {
          name: f.name,
          file: f.file,
          line: f.line,
          baseSelf: 0,
          nextSelf: 0,
          baseTotal: 0,
          nextTotal: 0,
          deltaSelf: 0,
          deltaTotal: 0,
          deltaSelfShare: 0,
        }),
      );
    return r;
  };
  for (const f of a) {
    const r = row(f);
    r.baseSelf += f.self;
    r.baseTotal = Math.max(r.baseTotal, f.total);
  }
  for (const f of b) {
    const r = row(f);
    r.nextSelf += f.self;
    r.nextTotal = Math.max(r.nextTotal, f.total);
    r.line = f.line;
  }
  const added: string[] = [];
  const removed: string[] = [];
  for (const r of rows.values()) {
    r.deltaSelf = r.nextSelf - r.baseSelf;
    r.deltaTotal = r.nextTotal - r.baseTotal;
    r.deltaSelfShare = (nextTotal ? r.nextSelf / nextTotal : 0) - (baseTotal ? r.baseSelf / baseTotal : 0);
    if (r.baseTotal === 0 && r.nextTotal > 0) added.push(r.name);
    if (r.nextTotal === 0 && r.baseTotal > 0) removed.push(r.name);
  }
  const functions = [...rows.values()].sort((x, y) => Math.abs(y.deltaSelf) - Math.abs(x.deltaSelf) || x.name.localeCompare(y.name));
  return { unit: next.weightTypes[w]?.unit ?? 'samples', baseTotal, nextTotal, functions, added, removed };
}

function sumSelf(list: FunctionStat[]): number {
  let t = 0;
  for (const f of list) t += f.self;
  return t;
}
