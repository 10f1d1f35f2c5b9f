/**
 * Reads the flame graph the way the seed's "Flame Graph Interpretation" section does, and says
 * what to do: a plateau at the top (large self) -> optimize that function; a wide tower (one
 * subtree holding most of the time) -> algorithm change or caching; many narrow towers (time
 * spread thin) -> batching. Then the gotchas that make the picture unreliable.
 */
import type { Profile } from '../model/profile';
import { childrenOf, type FlameTree } from './flameTree';
import { functionStats } from './functions';

export type InsightKind = 'plateau' | 'tower' | 'narrow-towers' | 'few-samples' | 'deterministic' | 'debug-build' | 'synthetic-stacks' | 'event-loop';

export interface Insight {
  kind: InsightKind;
  severity: 'info' | 'warning';
  /** One line: what the graph shows. */
  title: string;
  /** What to do about it. */
  advice: string;
  /** Function id to focus when the insight is clicked (TopFunctionRow.id). */
  functionId?: number;
  share?: number;
}

const PLATEAU_SHARE = 0.1;
const TOWER_SHARE = 0.4;
const NARROW_SHARE = 0.05;
const FEW_SAMPLES = 1000;

const GC = /garbage collector|^runtime\.(?:gcBgMarkWorker|mallocgc|scanobject|gcDrain)|^GC\b|^gc_collect/i;

/** Names that are the profiler's bookkeeping, not code anyone can optimize. */
const BOOKKEEPING = /^\((?:idle|program|root)\)$|^all$/;

function pct(x: number): string {
  return `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
}

function where(file: string | null, line: number | null): string {
  if (!file) return '';
  const base = file.split(/[\\/]/).pop();
  return ` (${base}${line ? `:${line}` : ''})`;
}

export function flameInsights(profile: Profile, tree: FlameTree, weight = 0, stats = functionStats(tree)): Insight[] {
  const out: Insight[] = [];
  const total = tree.total[0]!;
  if (total <= 0)
    return [
      {
        kind: 'few-samples',
        severity: 'warning',
        title: 'The profile holds no samples.',
        advice: 'Run the program longer, or check that the profiler could attach to it.',
      },
    ];
  const { self } = stats;
  // An allocation profile (bytes or objects) speaks of memory, not time.
  const memory = isMemoryWeight(profile, weight);
  const of = memory ? 'of the memory' : 'of the time';
  // One pass, no sort: a profile may hold 200,000 functions and only a handful can be plateaus
  // (each holds at least PLATEAU_SHARE of the total).
  const bookkeeping = (name: string) => (name === 'all' || name.charCodeAt(0) === 40) && BOOKKEEPING.test(name);
  const wide: number[] = [];
  let top = -1;
  let withSelf = 0;
  let counted = 0;
  for (let i = 0; i < tree.functions.length; i++) {
    if (bookkeeping(tree.functions[i]!.name)) continue;
    const v = self[i]!;
    counted++;
    if (v > 0) withSelf++;
    if (top < 0 || v > self[top]!) top = i;
    if (v / total >= PLATEAU_SHARE) wide.push(i);
  }
  wide.sort((a, b) => self[b]! - self[a]! || a - b);

  // Plateaus: wide tops of the flames.
  const plateaus = wide.slice(0, 3);
  for (const i of plateaus) {
    const f = tree.functions[i]!;
    const share = self[i]! / total;
    const own = f.kind === 'user';
    out.push({
      kind: 'plateau',
      severity: 'info',
      functionId: i,
      share,
      title: memory
        ? `${f.name}${where(f.file, f.line)} allocates ${pct(share)} of the memory itself (a plateau at the top of the graph).`
        : `${f.name}${where(f.file, f.line)} spends ${pct(share)} of the time in its own code (a plateau at the top of the graph).`,
      advice: memory
        ? own
          ? 'Allocate less here: keep fewer objects alive at once (stream or process in chunks instead of building everything), reuse buffers, pick a leaner representation.'
          : 'This library or runtime code allocates on your behalf: call it with less data, less often, or pick a leaner structure.'
        : GC.test(f.name)
          ? 'This is the garbage collector: allocate less in the hot paths (reuse buffers and objects, avoid temporary strings and arrays in loops).'
          : own
            ? 'Optimize this function itself: its inner loop, the allocations and conversions it repeats, the data structure it searches.'
            : 'This is library or runtime code: call it less often, with more work per call, or pick a cheaper operation.',
    });
  }

  // Wide tower: follow the heaviest child while it holds most of the time; report the deepest
  // node whose time is spread over its subtree (a linear chain into one plateau is that plateau).
  let node = 0;
  const candidates: number[] = [];
  for (;;) {
    const kids = childrenOf(tree, node);
    if (!kids.length || tree.total[kids[0]!]! / total < TOWER_SHARE) break;
    node = kids[0]!;
    const f = tree.functions[tree.func[node]!]!;
    // An entry point holding (nearly) everything is where every program starts, not a tower.
    const entry = tree.total[node]! >= 0.98 * total;
    if (!entry && !BOOKKEEPING.test(f.name) && tree.self[node]! < 0.5 * tree.total[node]! && childrenOf(tree, node).length > 0) candidates.push(node);
  }
  let tower = -1;
  for (let i = candidates.length - 1; i >= 0 && tower < 0; i--) if (largestSelfShare(tree, candidates[i]!) < 0.8) tower = candidates[i]!;
  if (tower > 0 && !plateaus.includes(tree.func[tower]!)) {
    const f = tree.functions[tree.func[tower]!]!;
    const share = tree.total[tower]! / total;
    out.push({
      kind: 'tower',
      severity: 'info',
      functionId: tree.func[tower]!,
      share,
      title: `${f.name}${where(f.file, f.line)} and what it calls hold ${pct(share)} ${of} (a wide tower).`,
      advice: memory
        ? 'The memory is spread over the work under this call, not one line: keep less alive at once (process in chunks, drop references early) or cache less.'
        : 'The cost is the amount of work under this call, not one hot line: look for a better algorithm (fewer passes, a lookup instead of a scan) or cache results that are computed again and again.',
    });
  }

  // Many narrow towers: a caller fanning out to many callees, none big, together big.
  const fan = widestFanOut(tree, total);
  if (fan) {
    const f = tree.functions[tree.func[fan.node]!]!;
    out.push({
      kind: 'narrow-towers',
      severity: 'info',
      functionId: tree.func[fan.node]!,
      share: fan.share,
      title: `${fan.count} narrow towers under ${f.name}${where(f.file, f.line)}: none above ${pct(NARROW_SHARE)}, together ${pct(fan.share)}.`,
      advice: memory
        ? 'Memory is spread over many small allocation sites that add up: allocate fewer, larger blocks (pre-size, reuse) or keep fewer objects alive.'
        : 'Time is spread thin over many small calls, so per-call overhead adds up: batch the work (fewer, bigger calls: bulk I/O, vectorized operations, one query instead of many).',
    });
  } else if (counted >= 20 && self[top]! / total < NARROW_SHARE) {
    out.push({
      kind: 'narrow-towers',
      severity: 'info',
      title: `No function holds more than ${pct(NARROW_SHARE)} ${of} on its own: it is spread across ${withSelf} functions.`,
      advice: 'Speeding up one function will not help much: batch the work, or do less of it overall.',
    });
  }

  out.push(...gotchas(profile, total, weight));
  return out;
}

/** The largest share of a subtree's total that one function spends in its own code. */
function largestSelfShare(tree: FlameTree, root: number): number {
  const byFunc = new Map<number, number>();
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (tree.self[n]! > 0) byFunc.set(tree.func[n]!, (byFunc.get(tree.func[n]!) ?? 0) + tree.self[n]!);
    for (let i = tree.childStart[n]!, end = tree.childStart[n + 1]!; i < end; i++) stack.push(tree.childList[i]!);
  }
  let max = 0;
  for (const v of byFunc.values()) max = Math.max(max, v);
  return tree.total[root]! > 0 ? max / tree.total[root]! : 0;
}

function widestFanOut(tree: FlameTree, total: number): { node: number; count: number; share: number } | null {
  let best: { node: number; count: number; share: number } | null = null;
  for (let n = 1; n < tree.size; n++) {
    if (tree.total[n]! / total < 0.3) continue;
    const kids = childrenOf(tree, n);
    if (kids.length < 10 || tree.total[kids[0]!]! / total >= NARROW_SHARE) continue;
    let sum = 0;
    for (const k of kids) sum += tree.total[k]!;
    const share = sum / total;
    if (share >= 0.3 && (!best || share > best.share)) best = { node: n, count: kids.length, share };
  }
  return best;
}

function sampleCount(profile: Profile, total: number, weight: number): number | null {
  const unit = profile.weightTypes[weight]?.unit;
  if (unit === 'samples') return total;
  if (profile.timeline) return profile.timeline.stacks.length;
  if (unit === 'nanoseconds' && profile.metadata.sampleIntervalNs) return total / profile.metadata.sampleIntervalNs;
  return null;
}

function isMemoryWeight(profile: Profile, weight: number): boolean {
  const unit = profile.weightTypes[weight]?.unit;
  return unit === 'bytes' || unit === 'objects';
}

function gotchas(profile: Profile, total: number, weight: number): Insight[] {
  const out: Insight[] = [];
  const m = profile.metadata;
  const n = m.deterministic ? null : sampleCount(profile, total, weight);
  if (n !== null && n < FEW_SAMPLES) {
    const err = Math.sqrt((0.1 * 0.9) / Math.max(n, 1));
    out.push({
      kind: 'few-samples',
      severity: 'warning',
      title: `Only ${Math.round(n)} samples: a 10% share is uncertain by about ±${pct(2 * err)}.`,
      advice: 'Record for longer, or at a higher sampling rate, before trusting small differences (aim for a few thousand samples).',
    });
  }
  if (m.deterministic && isMemoryWeight(profile, weight)) {
    out.push({
      kind: 'deterministic',
      severity: 'info',
      title: `${m.profiler ?? 'This profiler'} records every allocation: the amounts are exact.`,
      advice: 'The program runs slower while its allocations are traced, so take its timings from a CPU profile, not from this run.',
    });
  } else if (m.deterministic) {
    out.push({
      kind: 'deterministic',
      severity: 'warning',
      title: `${m.profiler ?? 'This profiler'} traces every call: the counts are exact, the times are not.`,
      advice:
        'Tracing adds overhead to each call, inflating small functions called often, and can change what is slow (CPython loses its in-place string += under cProfile). Confirm with a sampling profiler such as py-spy.',
    });
  }
  if (m.stacksAreSynthetic) {
    out.push({
      kind: 'synthetic-stacks',
      severity: 'warning',
      title: 'Stacks were rebuilt from caller/callee pairs, not recorded.',
      advice: 'Towers may combine paths that never happened together; trust self times more than the shape.',
    });
  }
  // The substring checks first: this runs over every frame's file.
  const debug = (s: string | null | undefined) => !!s && (s.includes('debug') || s.includes('-O0')) && /[\\/]target[\\/]debug[\\/]|(?:^|\s)-O0(?:\s|$)/.test(s);
  if (debug(m.command?.join(' ')) || profile.frames.some((f) => debug(f.file))) {
    out.push({
      kind: 'debug-build',
      severity: 'warning',
      title: 'This looks like a debug build (target/debug or -O0).',
      advice:
        'Unoptimized code is slow in different places than the release build: profile a release build with debug info (CARGO_PROFILE_RELEASE_DEBUG=true, or -O2 -g).',
    });
  }
  return out;
}
