/**
 * Compares two heap snapshots of one process (taken before and after N runs of an operation) by
 * object kind: count, self size and retained size deltas, where the new instances were allocated
 * (when allocation tracking was on) and one retainer path from the root to a new instance.
 * Heap object ids are stable within a process, so "new" means "id not in the baseline".
 */
import { computeDominators } from './dominators';
import { HeapSnapshot, isSystemNode, nodeClassName, nodeLocation, SourcePosition, TraceFrame } from './heapSnapshot';
import { LeakFrame, LeakKind, LeakSite, RetainerStep } from './leakReport';

export interface HeapDiffOptions {
  /** Frames from these files are not the user's (the leak finder helper itself). */
  helperFiles?: string[];
  /** How many kinds / sites to keep. */
  limit?: number;
  /** Runs of the operation between the snapshots: kinds that grew about once per run rank first. */
  runs?: number;
  /** Reads a source file for line refinement; return null when unreadable. */
  readSource?: (file: string) => string | null;
  /** Only these kinds (a whole program's steadily growing ones); the others are not compared. */
  onlyKinds?: ReadonlySet<string>;
  /** The kind a node is grouped under (default nodeClassName); e.g. a page's closures named by their source-mapped line. */
  className?: (snap: HeapSnapshot, i: number, scriptNames: Map<number, string>) => string;
  /** Where a node is defined (default nodeLocation); e.g. through a page's source maps. */
  locate?: (snap: HeapSnapshot, i: number, scriptNames: Map<number, string>) => SourcePosition | undefined;
  /** How retainer paths are written (default: every holder, variables as the snapshot names them). */
  retainers?: RetainerPathOptions;
}

export interface RetainerPathOptions {
  /** Holders left out of the path (a browser's own C++ objects); the JS-visible holder before them is named without an edge index. */
  hide?: (holderName: string) => boolean;
  /** The original name of a closure's context variable (`closure` is the nearest closure before it on the path), e.g. through a source map's names. */
  variable?: (snap: HeapSnapshot, closure: number, name: string) => string | undefined;
}

export interface HeapDiff {
  kinds: LeakKind[];
  sites: LeakSite[];
  bytesBefore: number;
  bytesAfter: number;
  notes: string[];
}

interface ClassTotals {
  count: number;
  size: number;
  retained: number;
}

function classTotals(
  snap: HeapSnapshot,
  scriptNames: Map<number, string>,
  className: NonNullable<HeapDiffOptions['className']> = nodeClassName,
): { byClass: Map<string, ClassTotals>; classOf: string[] } {
  const dom = computeDominators(snap);
  const classOf = new Array<string>(snap.nodeCount);
  for (let i = 0; i < snap.nodeCount; i++) classOf[i] = className(snap, i, scriptNames);
  const byClass = new Map<string, ClassTotals>();
  for (let i = 0; i < snap.nodeCount; i++) {
    if (isSystemNode(snap, i)) continue;
    const c = classOf[i]!;
    let t = byClass.get(c);
    if (!t) byClass.set(c, (t = { count: 0, size: 0, retained: 0 }));
    t.count++;
    t.size += snap.selfSize[i]!;
    // Count retained size once per class: skip instances dominated directly by their own kind.
    const d = dom.idom[i]!;
    if (dom.reachable[i] && (d < 0 || classOf[d] !== c)) t.retained += dom.retainedSize[i]!;
  }
  return { byClass, classOf };
}

export function compareHeapSnapshots(before: HeapSnapshot, after: HeapSnapshot, options: HeapDiffOptions = {}): HeapDiff {
  const limit = options.limit ?? 25;
  const helperFiles = options.helperFiles ?? [];
  const notes: string[] = [];
  // Script ids are stable within a process; the tracked snapshot usually knows more names.
  const scriptNames = new Map([...before.scriptNames, ...after.scriptNames]);
  const a = classTotals(before, scriptNames, options.className);
  const b = classTotals(after, scriptNames, options.className);
  const locate = options.locate ?? nodeLocation;
  const beforeIds = new Set<number>();
  for (let i = 0; i < before.nodeCount; i++) beforeIds.add(before.id[i]!);

  // New instances per class, with allocation sites.
  const firstNew = new Map<string, number>();
  const firstNewUser = new Map<string, number>();
  const sites = new Map<string, LeakSite & { byKind: Map<string, number> }>();
  const kindSites = new Map<string, Map<string, LeakSite>>();
  let tracked = 0;
  let newCount = 0;
  for (let i = 0; i < after.nodeCount; i++) {
    if (beforeIds.has(after.id[i]!) || isSystemNode(after, i)) continue;
    newCount++;
    const cls = b.classOf[i]!;
    if (options.onlyKinds && !options.onlyKinds.has(cls)) continue;
    if (!firstNew.has(cls)) firstNew.set(cls, i);
    const stack = after.traceStacks.get(after.traceNode[i]!);
    if (!stack || stack.length === 0) continue;
    tracked++;
    // Only allocations made under the user's code are sites (not the runtime's or the helper's own).
    const top = stack.find((f) => isUserFrame(f, helperFiles));
    if (!top) continue;
    // The instance shown (retainer path, definition) is preferably one the user's code allocated.
    if (!firstNewUser.has(cls)) firstNewUser.set(cls, i);
    const key = `${top.file}\u0000${top.line}\u0000${top.name}`;
    let s = sites.get(key);
    if (!s) {
      const rootFirst: LeakFrame[] = stack
        .filter((f) => !helperFiles.includes(f.file))
        .slice()
        .reverse()
        .map((f) => ({ name: f.name, file: f.file || null, line: f.line || null }));
      s = {
        function: top.name,
        file: top.file || null,
        line: top.line || null,
        lineIsFunctionStart: true,
        sizeDelta: 0,
        countDelta: 0,
        kinds: [],
        stack: rootFirst,
        byKind: new Map(),
      };
      sites.set(key, s);
    }
    s.sizeDelta += after.selfSize[i]!;
    s.countDelta++;
    s.byKind.set(cls, (s.byKind.get(cls) ?? 0) + after.selfSize[i]!);
    let perKind = kindSites.get(cls);
    if (!perKind) kindSites.set(cls, (perKind = new Map()));
    let ks = perKind.get(key);
    if (!ks) perKind.set(key, (ks = { ...stripByKind(s), sizeDelta: 0, countDelta: 0, kinds: [cls] }));
    ks.sizeDelta += after.selfSize[i]!;
    ks.countDelta++;
  }
  if (newCount > 0 && tracked === 0) notes.push('no allocation stacks in the second snapshot (allocation tracking was off): sites are unknown');

  const kinds: LeakKind[] = [];
  for (const [name, t] of b.byClass) {
    if (options.onlyKinds && !options.onlyKinds.has(name)) continue;
    const p = a.byClass.get(name) ?? { count: 0, size: 0, retained: 0 };
    const countDelta = t.count - p.count;
    if (countDelta <= 0) continue;
    const kind: LeakKind = {
      name,
      countBefore: p.count,
      countAfter: t.count,
      countDelta,
      sizeDelta: t.size - p.size,
      retainedDelta: t.retained - p.retained,
    };
    const sample = firstNewUser.get(name) ?? firstNew.get(name);
    if (sample !== undefined) {
      const at = locate(after, sample, scriptNames);
      if (at) kind.definedAt = { file: at.file, line: at.line };
    }
    kinds.push(kind);
  }
  const runs = Math.max(1, options.runs ?? 1);
  // Kinds that grew about once per run first; among them those allocated under the user's code,
  // and the user's own classes and closures; then bytes.
  const userDefined = (k: LeakKind) => !!k.definedAt && !k.definedAt.file.startsWith('node:') && !helperFiles.includes(k.definedAt.file);
  const tier = (k: LeakKind) => (k.countDelta >= runs * 0.9 ? 4 : 0) + (kindSites.has(k.name) ? 2 : 0) + (userDefined(k) ? 1 : 0);
  kinds.sort((x, y) => tier(y) - tier(x) || score(y) - score(x) || y.countDelta - x.countDelta);
  // A kind that grew less than once per run, that the user's code did not allocate and does not
  // define, is the runtime's own churn (its I/O with the helper, inline caches): left out, counted.
  const related = kinds.filter((k) => tier(k) > 0);
  if (related.length > 0 && related.length < kinds.length) {
    const n = kinds.length - related.length;
    notes.push(
      `${n} other kind${n === 1 ? '' : 's'} of object grew by fewer instances than runs, not allocated by the program's code nor defined in it (the runtime's own): left out; the snapshots hold them`,
    );
  }
  const topKinds = (related.length > 0 ? related : kinds).slice(0, limit);

  // Retainer paths for the top kinds, from one BFS over the after snapshot.
  const parentEdge = shortestRetainers(after);
  for (const k of topKinds.slice(0, 8)) {
    const sample = firstNewUser.get(k.name) ?? firstNew.get(k.name);
    if (sample !== undefined) k.retainerPath = retainerPath(after, b.classOf, parentEdge, sample, options.retainers);
  }

  const siteList = [...sites.values()].sort((x, y) => y.sizeDelta - x.sizeDelta).slice(0, limit);
  for (const s of siteList) {
    const ranked = [...s.byKind.entries()].sort((x, y) => y[1] - x[1]);
    s.kinds = ranked.map(([k]) => k).slice(0, 5);
    refineSiteLine(
      s,
      ranked.map(([k]) => k),
      topKinds,
      options.readSource,
    );
  }
  for (const k of topKinds) {
    const own = [...(kindSites.get(k.name)?.values() ?? [])].sort((x, y) => y.sizeDelta - x.sizeDelta).slice(0, 3);
    for (const s of own) refineSiteLine(s, [k.name], topKinds, options.readSource);
    k.allocatedAt = own;
  }
  return {
    kinds: topKinds,
    sites: siteList.map(stripByKind),
    bytesBefore: before.totalSize,
    bytesAfter: after.totalSize,
    notes,
  };
}

function stripByKind(s: LeakSite & { byKind?: unknown }): LeakSite {
  const { byKind: _drop, ...rest } = s;
  return rest;
}

function score(k: LeakKind): number {
  return Math.max(k.sizeDelta, k.retainedDelta ?? 0);
}

function isUserFrame(f: TraceFrame, helperFiles: string[]): boolean {
  return !!f.file && !f.file.startsWith('node:') && !helperFiles.includes(f.file) && !/[\\/]node_modules[\\/]/.test(f.file);
}

/**
 * V8 records allocations per function: the site's line is where the function starts. When the
 * kind allocated there is a closure defined inside that function, or a class constructed with
 * `new Name(` in its body, point at that line instead.
 */
function refineSiteLine(site: LeakSite, siteKinds: string[], kinds: LeakKind[], readSource?: (file: string) => string | null): void {
  if (!site.file || !site.line) return;
  for (const name of siteKinds) {
    const k = kinds.find((x) => x.name === name);
    if (k?.definedAt && name.startsWith('(closure)') && k.definedAt.file === site.file && k.definedAt.line > site.line) {
      site.line = k.definedAt.line;
      site.lineIsFunctionStart = false;
      return;
    }
    if (readSource && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'Object') {
      const text = readSource(site.file);
      if (!text) continue;
      const lines = text.split('\n');
      const re = new RegExp(`\\bnew\\s+${name}\\b`);
      for (let i = site.line - 1; i < Math.min(lines.length, site.line + 400); i++) {
        if (re.test(lines[i]!)) {
          site.line = i + 1;
          site.lineIsFunctionStart = false;
          return;
        }
      }
    }
  }
}

/** Parent edge per node on a shortest retaining path from the root (-1: root or unreachable). */
function shortestRetainers(snap: HeapSnapshot): Int32Array {
  const parentEdge = new Int32Array(snap.nodeCount).fill(-1);
  const seen = new Uint8Array(snap.nodeCount);
  const queue = new Int32Array(snap.nodeCount);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  seen[0] = 1;
  while (head < tail) {
    const v = queue[head++]!;
    for (let e = snap.firstEdge[v]!; e < snap.firstEdge[v + 1]!; e++) {
      const t = snap.edgeTypes[snap.edgeType[e]!];
      if (t === 'weak' || (t === 'shortcut' && v !== 0)) continue;
      const w = snap.edgeTo[e]!;
      if (seen[w]) continue;
      seen[w] = 1;
      parentEdge[w] = e;
      queue[tail++] = w;
    }
  }
  return parentEdge;
}

function edgeOwner(snap: HeapSnapshot, e: number): number {
  // firstEdge is ascending: binary search for the node whose edge range holds e.
  let lo = 0;
  let hi = snap.nodeCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (snap.firstEdge[mid]! <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function retainerPath(snap: HeapSnapshot, classOf: string[], parentEdge: Int32Array, target: number, o: RetainerPathOptions = {}): RetainerStep[] {
  const hops: { holder: number; edge: number }[] = [];
  let v = target;
  for (let guard = 0; guard < 64 && parentEdge[v]! >= 0; guard++) {
    const e = parentEdge[v]!;
    const holder = edgeOwner(snap, e);
    hops.push({ holder, edge: e });
    v = holder;
  }
  if (hops.length === 0) return [];
  hops.reverse();
  const hidden = (h: number) => !!o.hide && h !== 0 && o.hide(classOf[h] ?? '');
  const steps: RetainerStep[] = [];
  let closure = -1;
  for (let k = 0; k < hops.length; k++) {
    const { holder, edge } = hops[k]!;
    if (holder === 0) continue; // the synthetic root
    const holderName = classOf[holder] ?? '?';
    if (holderName.startsWith('(system) (GC roots)') || snap.nodeTypes[snap.type[holder]!] === 'synthetic') continue;
    if (snap.nodeTypes[snap.type[holder]!] === 'closure') closure = holder;
    if (hidden(holder)) continue;
    const kind = snap.edgeTypes[snap.edgeType[edge]!] ?? 'edge';
    const label = snap.edgeName[edge]!;
    // The holder's edge into hidden (native) holders says nothing a reader can use: the holder alone.
    const next = hops[k + 1]?.holder;
    if (next !== undefined && hidden(next)) {
      steps.push({ text: holderName, kind: 'native' });
      continue;
    }
    let nameText = kind === 'element' || kind === 'hidden' ? `[${label}]` : (snap.strings[label] ?? String(label));
    if (kind === 'context' && closure >= 0 && o.variable) {
      const original = o.variable(snap, closure, nameText);
      if (original && original !== nameText) nameText = `${original} (minified ${nameText})`;
    }
    const text =
      kind === 'property'
        ? `${holderName}.${nameText}`
        : kind === 'context'
          ? `${holderName} (context) ${nameText}`
          : kind === 'internal'
            ? `${holderName} (${nameText})`
            : `${holderName}${nameText}`;
    steps.push({ text, kind });
  }
  if (steps.length === 0) return [];
  steps.push({ text: classOf[target] ?? '?', kind: 'object' });
  return steps.slice(-12);
}
