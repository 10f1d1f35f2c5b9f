/**
 * Page memory: three Chromium heap snapshots of a page (after a warm-up click, after N more clicks of
 * one element, after N more) compared with the leak analysis the Node leak finder uses. A kind of
 * object leaks when its count rose in both intervals (steadilyGrowing, as the whole-program watcher
 * does); detached DOM nodes are told by DevTools' own rule (a native node whose `detachedness` is 2;
 * older snapshots name them "Detached HTMLDivElement") and grouped by tag ("Detached <div>"); closures
 * are named by where they are defined, mapped through the page's source maps (`locate`) to the
 * workspace's .ts lines; the JavaScript event listeners are Chromium's V8EventListener nodes and the
 * closures they call. Pure: snapshots in, report out.
 */
import { HeapSnapshot, nodeClassName, SourcePosition } from '../memory/heapSnapshot';
import { compareHeapSnapshots } from '../memory/heapSnapshotDiff';
import { LeakKind, LeakReport } from '../memory/leakReport';
import { formatLeakReport, signed } from '../memory/leakReportText';
import { formatBytes } from '../memory/memorySeries';
import { DetachedGrowth, ListenerGrowth, matchPageLeakPatterns, pageKindOrder } from '../memory/pageLeakPatterns';
import { kindCensus, steadilyGrowing } from '../memory/programLeaks';

/** A script's generated position (script id from the snapshot, 1-based line and column) to its original file, line and function name. */
export type ScriptLocator = (scriptId: number, line: number, column: number) => (SourcePosition & { name?: string }) | undefined;

export interface PageMemoryOptions {
  url: string;
  /** The CSS selector clicked. */
  action: string;
  /** Clicks between two snapshots. */
  repeat: number;
  /** Clicks before the first snapshot (default 1). */
  warmup?: number;
  locate?: ScriptLocator;
  /** The original name of a minified variable used before a generated position of a script (through its source map's `names`). */
  variableName?: VariableNamer;
}

/** Script id, generated 1-based line and column, and the minified name -> the original name, if the map has one. */
export type VariableNamer = (scriptId: number, line: number, column: number, minified: string) => string | undefined;

/**
 * Blink's own C++ holders (blink::EventTargetData, cppgc vectors, RegisteredEventListener, ...): left
 * out of retainer paths, which then go from the JS-visible holder (Window, a node) to V8EventListener
 * and the closure it calls.
 */
export function isBlinkInternal(name: string): boolean {
  return /^(?:blink|cppgc|v8|WTF|gin)::/.test(name) || name === 'EventListener' || name === 'InternalNode';
}

export interface PageLeakReport extends LeakReport {
  page: {
    url: string;
    action: string;
    repeat: number;
    /** Clicks counted from the first snapshot, per snapshot (0, N, 2N). */
    clicks: number[];
    /** Nodes with detachedness 2 (DevTools' rule) in each snapshot. */
    detachedNodes: number[];
    /** Heap self size total per snapshot. */
    heapBytes: number[];
    detached: DetachedGrowth[];
    listeners: ListenerGrowth;
  };
}

/** DevTools' rule: a native (DOM) node whose detachedness is 2; snapshots without the field say "Detached " in the name. */
export function isDetachedNode(snap: HeapSnapshot, i: number): boolean {
  if (snap.nodeTypes[snap.type[i]!] !== 'native') return false;
  if (snap.detachedness) return snap.detachedness[i] === 2;
  return (snap.strings[snap.name[i]!] ?? '').startsWith('Detached ');
}

/** The number of detached DOM nodes in a snapshot, by DevTools' rule. */
export function detachedNodeCount(snap: HeapSnapshot): number {
  let n = 0;
  for (let i = 0; i < snap.nodeCount; i++) if (isDetachedNode(snap, i)) n++;
  return n;
}

const TAG = /^<([A-Za-z][\w-]*)/;

/** How a page's nodes are grouped: DOM nodes by tag (detached ones apart), closures by their source-mapped definition. */
export function pageClassName(locate?: ScriptLocator): (snap: HeapSnapshot, i: number, scriptNames: Map<number, string>) => string {
  return (snap, i, scriptNames) => {
    const t = snap.nodeTypes[snap.type[i]!];
    const n = snap.strings[snap.name[i]!] ?? '';
    if (t === 'native') {
      const tag = TAG.exec(n);
      const base = tag ? `<${tag[1]!.toLowerCase()}>` : n;
      if (!isDetachedNode(snap, i) || n.startsWith('Detached ')) return tag ? base : nodeClassName(snap, i, scriptNames);
      return `Detached ${base || '(node)'}`;
    }
    if (t === 'closure' && locate) {
      const at = snap.locations.get(i);
      const pos = at && locate(at.scriptId, at.line, at.column);
      if (pos) return `(closure) ${pos.name ?? (n || '(anonymous)')} @ ${baseName(pos.file)}:${pos.line}`;
    }
    return nodeClassName(snap, i, scriptNames);
  };
}

function pageLocate(locate?: ScriptLocator): ((snap: HeapSnapshot, i: number) => SourcePosition | undefined) | undefined {
  if (!locate) return undefined;
  return (snap, i) => {
    const at = snap.locations.get(i);
    const pos = at && locate(at.scriptId, at.line, at.column);
    return pos ? { file: pos.file, line: pos.line, column: pos.column } : undefined;
  };
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** JS event listeners (V8EventListener) in a snapshot, and the kinds of the closures they call. */
function listenerCensus(snap: HeapSnapshot, className: (snap: HeapSnapshot, i: number, s: Map<number, string>) => string) {
  let count = 0;
  const closures = new Map<string, number>();
  for (let i = 0; i < snap.nodeCount; i++) {
    if (snap.nodeTypes[snap.type[i]!] !== 'native' || snap.strings[snap.name[i]!] !== 'V8EventListener') continue;
    count++;
    for (let e = snap.firstEdge[i]!; e < snap.firstEdge[i + 1]!; e++) {
      const to = snap.edgeTo[e]!;
      if (snap.nodeTypes[snap.type[to]!] !== 'closure') continue;
      const c = className(snap, to, snap.scriptNames);
      closures.set(c, (closures.get(c) ?? 0) + 1);
    }
  }
  return { count, closures };
}

/**
 * The browser's own bookkeeping that grows with slow clicks and is not the page's: Blink's C++ holders
 * and the performance timeline's entries (a long task or long animation frame adds a
 * PerformanceLongTaskTiming / PerformanceLongAnimationFrameTiming to Chromium's bounded buffer).
 * Listed, but a leak is not concluded from them.
 */
export function isBrowserOwned(name: string): boolean {
  return isBlinkInternal(name) || /^(?:Performance\w*Timing|TaskAttributionTiming|PerformanceEntry|ScriptTimingInfo)$/.test(name);
}

const rising = (counts: number[]) => counts.every((c, k) => k === 0 || c > counts[k - 1]!);

export function pageMemoryReport(snaps: readonly HeapSnapshot[], o: PageMemoryOptions): PageLeakReport {
  if (snaps.length < 2) throw new Error('page memory needs at least two heap snapshots');
  const first = snaps[0]!;
  const last = snaps[snaps.length - 1]!;
  const className = pageClassName(o.locate);
  const censuses = snaps.map((s) => kindCensus(s, s.scriptNames, className));
  const intervals = snaps.length - 1;
  const clicks = o.repeat * intervals;
  const growing = steadilyGrowing(censuses);
  const diff = compareHeapSnapshots(first, last, {
    runs: clicks,
    onlyKinds: new Set(growing.keys()),
    className,
    locate: pageLocate(o.locate),
    retainers: {
      hide: isBlinkInternal,
      variable: (snap, closure, name) => {
        const at = snap.locations.get(closure);
        return at && o.variableName?.(at.scriptId, at.line, at.column, name);
      },
    },
  });
  for (const k of diff.kinds) k.counts = growing.get(k.name);
  // What grew about once per click first, detached nodes and listener closures before the rest.
  const perClick = (k: LeakKind) => (k.countDelta >= clicks * 0.9 ? 0 : 1);
  const kinds = diff.kinds.map((k, i) => ({ k, i })).sort((a, b) => perClick(a.k) - perClick(b.k) || pageKindOrder(a.k) - pageKindOrder(b.k) || a.i - b.i);
  const byName = new Map(diff.kinds.map((k) => [k.name, k]));

  const detached: DetachedGrowth[] = [];
  for (const [name, counts] of growing) {
    if (!name.startsWith('Detached ') || !rising(counts)) continue;
    detached.push({
      name,
      counts,
      example: exampleName(last, name, className),
      ...(byName.get(name)?.retainerPath ? { retainerPath: byName.get(name)!.retainerPath } : {}),
    });
  }
  detached.sort((a, b) => b.counts[b.counts.length - 1]! - b.counts[0]! - (a.counts[a.counts.length - 1]! - a.counts[0]!));

  const perSnap = snaps.map((s) => listenerCensus(s, className));
  const closureNames = new Set(perSnap.flatMap((p) => [...p.closures.keys()]));
  const listeners: ListenerGrowth = { counts: perSnap.map((p) => p.count), closures: [] };
  for (const name of closureNames) {
    const counts = perSnap.map((p) => p.closures.get(name) ?? 0);
    if (!rising(counts)) continue;
    const k = byName.get(name);
    listeners.closures.push({
      name,
      counts,
      ...(k?.definedAt ? { definedAt: k.definedAt } : {}),
      ...(k?.retainerPath ? { retainerPath: k.retainerPath } : {}),
    });
  }
  listeners.closures.sort((a, b) => b.counts[b.counts.length - 1]! - b.counts[0]! - (a.counts[a.counts.length - 1]! - a.counts[0]!));

  const grew = kinds.some(({ k }) => k.countDelta >= clicks * 0.9 && !isBrowserOwned(k.name));
  const timeline = kinds.filter(({ k }) => k.countDelta >= clicks * 0.9 && /Timing$/.test(k.name) && isBrowserOwned(k.name)).map(({ k }) => k.name);
  const heapBytes = censuses.map((c) => c.bytes);
  const notes = diff.notes.filter((n) => !n.startsWith('no allocation stacks'));
  if (timeline.length)
    notes.push(
      `${timeline.join(', ')} grew with the clicks: Chromium's performance timeline records each long task in its own bounded buffer, not the page's memory (not counted as a leak)`,
    );
  if (snaps.length < 3) notes.unshift(`only ${snaps.length} snapshots: steady growth needs 3 or more`);
  notes.push(
    `page snapshots are taken without allocation tracking: closures are named where they are defined (through the page source maps), DOM nodes by their tag; ${o.variableName ? 'a minified variable in a retainer path is named by the nearest earlier use the source map names' : 'variables in retainer paths keep their minified names (no source map)'}; Blink's own C++ holders are left out of the paths`,
  );
  return {
    language: 'javascript',
    program: o.url,
    call: o.action,
    runs: clicks,
    warmup: o.warmup ?? 1,
    bytesBefore: heapBytes[0]!,
    bytesAfter: heapBytes[heapBytes.length - 1]!,
    bytesPerRun: (heapBytes[heapBytes.length - 1]! - heapBytes[0]!) / clicks,
    grew,
    sites: [],
    kinds: kinds.map(({ k }) => k),
    warnings: [],
    notes,
    patterns: grew ? matchPageLeakPatterns(detached, listeners, clicks) : [],
    page: {
      url: o.url,
      action: o.action,
      repeat: o.repeat,
      clicks: snaps.map((_, i) => i * o.repeat),
      detachedNodes: snaps.map(detachedNodeCount),
      heapBytes,
      detached,
      listeners,
    },
  };
}

/** The most common own name of a kind's instances in a snapshot (e.g. `<div class="panel">` for Detached <div>). */
function exampleName(snap: HeapSnapshot, kind: string, className: (snap: HeapSnapshot, i: number, s: Map<number, string>) => string): string {
  const names = new Map<string, number>();
  for (let i = 0; i < snap.nodeCount; i++) {
    if (!isDetachedNode(snap, i) || className(snap, i, snap.scriptNames) !== kind) continue;
    const n = snap.strings[snap.name[i]!] ?? '';
    names.set(n, (names.get(n) ?? 0) + 1);
  }
  return [...names].sort((a, b) => b[1] - a[1])[0]?.[0] ?? kind;
}

/** The report as text for the terminal and the editor's output. */
export function formatPageMemoryReport(r: PageLeakReport, options: { limit?: number } = {}): string {
  const p = r.page;
  const verdict = r.grew
    ? `memory grew with the clicks (${signed(r.bytesPerRun)} per click): a leak`
    : `nothing grew once per click (${signed(r.bytesPerRun)} per click)`;
  const heading = [
    `${p.action} clicked ${r.runs} times on ${p.url} after ${r.warmup} warm-up click(s), heap snapshots after ${p.clicks.join(', ')} clicks: ${verdict}`,
    `  heap ${p.heapBytes.map(formatBytes).join(' -> ')}; detached DOM nodes ${p.detachedNodes.join(' -> ')}; JS event listeners ${p.listeners.counts.join(' -> ')}`,
  ];
  const out = [formatLeakReport(r, { limit: options.limit, heading })];
  if (p.detached.length) {
    out.push('', 'Detached DOM nodes that grew (count per snapshot):');
    for (const d of p.detached.slice(0, options.limit ?? 8)) {
      out.push(`  ${d.name}  ${d.counts.join(' -> ')}  e.g. ${d.example}`);
      if (d.retainerPath?.length) out.push(`      held by ${d.retainerPath.map((s) => s.text).join(' -> ')}`);
    }
  }
  if (p.listeners.closures.length) {
    out.push('', 'Event listener functions added per click (count per snapshot):');
    for (const c of p.listeners.closures.slice(0, options.limit ?? 8)) {
      out.push(`  ${c.name}  ${c.counts.join(' -> ')}${c.definedAt ? `  defined at ${c.definedAt.file}:${c.definedAt.line}` : ''}`);
    }
  }
  return out.join('\n');
}
