/**
 * The call tree a flame graph draws, built from a Profile's stack trie without recursion
 * (5,000-deep stacks are normal in recursive code). Frames of one function (same name and file,
 * any line) merge into one node, as flame graphs do. Node 0 is a synthetic root ("all").
 */
import type { FrameKind, Profile } from '../model/profile';

export interface FlameTreeOptions {
  /** Weight type index (default 0). */
  weight?: number;
  /** Fold each run of library/runtime/native frames into its first frame. */
  myCodeOnly?: boolean;
  /** Bottom-up: roots are the functions where time was spent, children their callers. */
  inverted?: boolean;
}

/** A function: frames merged by name and file. */
export interface FlameFunction {
  name: string;
  file: string | null;
  /** Line of the first frame seen for this function. */
  line: number | null;
  kind: FrameKind;
  /** A representative frame id (for source links). */
  frame: number;
}

export interface FlameTree {
  readonly functions: FlameFunction[];
  readonly size: number;
  /** Per node: parent node (-1 for the root), function id (-1 for the root), depth. */
  readonly parent: Int32Array;
  readonly func: Int32Array;
  readonly depth: Int32Array;
  readonly self: Float64Array;
  readonly total: Float64Array;
  /** Children of node i are childList[childStart[i] .. childStart[i + 1]), heaviest first. */
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  /** The frame id each profile frame maps to in this tree's function table. */
  readonly funcOfFrame: Int32Array;
}

export function functionKey(name: string, file: string | null): string {
  return `${name}\u0000${file ?? ''}`;
}

/** Function tables per profile: every tree of one profile shares its table. */
const tables = new WeakMap<Profile, { functions: FlameFunction[]; funcOfFrame: Int32Array }>();

/** Interns the profile's frames into functions (once per profile; the result is shared, read-only). */
function functionTable(profile: Profile): { functions: FlameFunction[]; funcOfFrame: Int32Array } {
  let table = tables.get(profile);
  if (!table) tables.set(profile, (table = internFunctions(profile)));
  return table;
}

function internFunctions(profile: Profile): { functions: FlameFunction[]; funcOfFrame: Int32Array } {
  const functions: FlameFunction[] = [];
  // By name first: most names have one file, so one flat map answers (an inner Map per name cost
  // more than the rest of the tree build on 200,000 functions); names seen with several files go
  // on to a second map keyed by name and file.
  const byName = new Map<string, number>();
  const byKey = new Map<string, number>();
  const funcOfFrame = new Int32Array(profile.frames.length);
  const frames = profile.frames;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    let id = byName.get(f.name);
    if (id === undefined) {
      id = functions.length;
      functions.push({ name: f.name, file: f.file, line: f.line, kind: f.kind, frame: i });
      byName.set(f.name, id);
    } else if (functions[id]!.file !== f.file) {
      const key = functionKey(f.name, f.file);
      const other = byKey.get(key);
      if (other !== undefined) id = other;
      else {
        id = functions.length;
        functions.push({ name: f.name, file: f.file, line: f.line, kind: f.kind, frame: i });
        byKey.set(key, id);
      }
    }
    funcOfFrame[i] = id;
  }
  return { functions, funcOfFrame };
}

/** Growable node storage while building; node 0 is the root. */
export class NodeStore {
  parent: Int32Array;
  func: Int32Array;
  depth: Int32Array;
  self: Float64Array;
  size = 1;
  // (parent, func) -> node, open addressing in typed arrays: no boxed keys, no GC churn.
  private slots: Int32Array;

  /** `expectedNodes`: a guess at the final size (a top-down tree has at most one node per profile stack, plus the root); sized for it, no regrowing on the way. */
  constructor(expectedNodes = 1024) {
    let cap = 1024;
    while (cap < expectedNodes + 1) cap *= 2;
    this.parent = new Int32Array(cap);
    this.func = new Int32Array(cap);
    this.depth = new Int32Array(cap);
    this.self = new Float64Array(cap);
    this.slots = new Int32Array(cap * 4).fill(-1);
    this.parent[0] = -1;
    this.func[0] = -1;
  }

  /** Mixed down to the low bits the table masks with (a bare product leaves them clustered). */
  private static hash(parent: number, func: number): number {
    let h = Math.imul(parent ^ 0x5bd1e995, 0x9e3779b1) ^ func;
    h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
    return (h ^ (h >>> 13)) >>> 0;
  }

  child(parent: number, func: number): number {
    const mask = this.slots.length - 1;
    let i = NodeStore.hash(parent, func) & mask;
    for (;;) {
      const node = this.slots[i]!;
      if (node < 0) break;
      if (this.parent[node] === parent && this.func[node] === func) return node;
      i = (i + 1) & mask;
    }
    const node = this.size++;
    if (node >= this.parent.length) this.grow();
    this.parent[node] = parent;
    this.func[node] = func;
    this.depth[node] = this.depth[parent]! + 1;
    this.slots[i] = node;
    if (this.size * 2 > this.slots.length) this.rehash();
    return node;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let n = 1; n < this.size; n++) {
      let i = NodeStore.hash(this.parent[n]!, this.func[n]!) & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = n;
    }
    this.slots = slots;
  }

  private grow(): void {
    const n = this.parent.length * 2;
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.parent = i32(this.parent);
    this.func = i32(this.func);
    this.depth = i32(this.depth);
    const s = new Float64Array(n);
    s.set(this.self);
    this.self = s;
  }
}

/**
 * For each profile stack node, the function it contributes (or -1 when folded away in
 * my-code-only mode: a non-user frame whose caller is also non-user).
 */
function visibleFunctions(profile: Profile, funcOfFrame: Int32Array, myCodeOnly: boolean): Int32Array {
  const n = profile.stackFrame.length;
  const out = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const frame = profile.stackFrame[s]!;
    out[s] = funcOfFrame[frame]!;
    if (myCodeOnly && profile.frames[frame]!.kind !== 'user') {
      const p = profile.stackParent[s]!;
      if (p >= 0 && profile.frames[profile.stackFrame[p]!]!.kind !== 'user') out[s] = -1;
    }
  }
  return out;
}

/** Order of profile stack nodes such that each parent comes before its children. */
function parentsFirst(profile: Profile): Int32Array {
  const n = profile.stackParent.length;
  let ordered = true;
  for (let s = 0; s < n && ordered; s++) if (profile.stackParent[s]! >= s) ordered = false;
  const order = new Int32Array(n);
  if (ordered) {
    for (let s = 0; s < n; s++) order[s] = s;
    return order;
  }
  // General case: count depth iteratively, then bucket by depth.
  const depth = new Int32Array(n).fill(-1);
  const path: number[] = [];
  for (let s = 0; s < n; s++) {
    let c = s;
    while (c >= 0 && depth[c] === -1) {
      path.push(c);
      c = profile.stackParent[c]!;
      if (path.length > n) throw new Error('profile stack trie has a cycle');
    }
    let d = c >= 0 ? depth[c]! : -1;
    while (path.length) depth[path.pop()!] = ++d;
  }
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => depth[a]! - depth[b]!);
  order.set(idx);
  return order;
}

/** Trees per profile and options: a panel toggling options, its lists and its search reuse them. */
const trees = new WeakMap<Profile, Map<string, FlameTree>>();

/**
 * The merged call tree for a profile and options, built once and cached for the profile's
 * lifetime. The result is shared: callers must not write to its arrays.
 */
export function buildFlameTree(profile: Profile, options: FlameTreeOptions = {}): FlameTree {
  const key = `${options.weight ?? 0}|${options.myCodeOnly ? 1 : 0}|${options.inverted ? 1 : 0}`;
  let cached = trees.get(profile);
  if (!cached) trees.set(profile, (cached = new Map()));
  let tree = cached.get(key);
  if (!tree) cached.set(key, (tree = buildTree(profile, options)));
  return tree;
}

function buildTree(profile: Profile, options: FlameTreeOptions): FlameTree {
  const weight = options.weight ?? 0;
  const wn = profile.weightTypes.length;
  if (weight < 0 || weight >= wn) throw new RangeError(`weight index ${weight} out of range (profile has ${wn} weight types)`);
  const { functions, funcOfFrame } = functionTable(profile);
  const visible = visibleFunctions(profile, funcOfFrame, !!options.myCodeOnly);
  const store = new NodeStore(profile.stackFrame.length + 1);

  if (!options.inverted) {
    const nodeOf = new Int32Array(profile.stackFrame.length);
    for (const s of parentsFirst(profile)) {
      const p = profile.stackParent[s]!;
      const parentNode = p >= 0 ? nodeOf[p]! : 0;
      nodeOf[s] = visible[s]! < 0 ? parentNode : store.child(parentNode, visible[s]!);
    }
    for (let j = 0; j < profile.sampleStack.length; j++) {
      const v = profile.sampleWeights[j * wn + weight]!;
      if (v > 0) store.self[nodeOf[profile.sampleStack[j]!]!]! += v;
    }
  } else {
    const path: number[] = [];
    for (let j = 0; j < profile.sampleStack.length; j++) {
      const v = profile.sampleWeights[j * wn + weight]!;
      if (!(v > 0)) continue;
      let node = 0;
      for (let s = profile.sampleStack[j]!; s >= 0; s = profile.stackParent[s]!) {
        if (visible[s]! >= 0) path.push(visible[s]!);
        if (path.length > profile.stackParent.length) throw new Error('profile stack trie has a cycle');
      }
      for (const f of path) node = store.child(node, f);
      path.length = 0;
      store.self[node] += v;
    }
  }
  return finishTree(store, functions, funcOfFrame);
}

/** Freezes a store into a tree: totals from selves, children sorted heaviest first. */
export function finishTree(store: NodeStore, functions: FlameFunction[], funcOfFrame: Int32Array): FlameTree {
  const n = store.size;
  const parent = store.parent.slice(0, n);
  const self = store.self.slice(0, n);
  const total = self.slice();
  // Children always get higher ids than their parents, so one reverse pass sums totals.
  for (let i = n - 1; i > 0; i--) total[parent[i]!] += total[i]!;
  const childStart = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) childStart[parent[i]! + 1]++;
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i]!;
  const fill = childStart.slice(0, n);
  const childList = new Int32Array(Math.max(0, n - 1));
  for (let i = 1; i < n; i++) childList[fill[parent[i]!]!++] = i;
  for (let i = 0; i < n; i++) {
    const a = childStart[i]!;
    const b = childStart[i + 1]!;
    if (b - a > 1) childList.subarray(a, b).sort((x, y) => total[y]! - total[x]! || x - y);
  }
  return {
    functions,
    size: n,
    parent,
    func: store.func.slice(0, n),
    depth: store.depth.slice(0, n),
    self,
    total,
    childStart,
    childList,
    funcOfFrame,
  };
}

export function childrenOf(tree: FlameTree, node: number): Int32Array {
  return tree.childList.subarray(tree.childStart[node]!, tree.childStart[node + 1]!);
}

export function nodeName(tree: FlameTree, node: number): string {
  return node === 0 ? 'all' : tree.functions[tree.func[node]!]!.name;
}

/** Node ids from the root down to `node` (inclusive). */
export function pathTo(tree: FlameTree, node: number): number[] {
  const path: number[] = [];
  for (let n = node; n >= 0; n = tree.parent[n]!) path.push(n);
  return path.reverse();
}
