/**
 * GC logs a runtime writes when asked (Node `--trace-gc`, Python's gc.callbacks as
 * src/helpers/leak_watch.py records them; Go `GODEBUG=gctrace=1` in goGctrace.ts), read into events with their time, pause
 * and heap before/after; summarised as pause percentiles, the share of the run spent in GC and the
 * heap-after-GC trend, with a warning when that heap grows linearly with no plateau (a leak's
 * shape). Lines that are not GC events (the program's own output) are skipped. Pure.
 */
import { formatBytes, LinearFit, linearFit, MemorySeries } from './memorySeries';
import type { ChartMark } from './seriesChart';

/** V8's collections, and CPython's cycle collector by generation (gen2 is the full one). */
export type GcKind = 'scavenge' | 'mark-compact' | 'minor-mark-sweep' | 'mark-sweep' | 'gen0' | 'gen1' | 'gen2';

export interface GcEvent {
  /** Milliseconds since the runtime started (the log's own clock). */
  atMs: number;
  kind: GcKind;
  /** The main-thread pause of the event. */
  pauseMs: number;
  /** Incremental marking steps before a full GC (Node's "+ N ms in K steps"), else 0. */
  incrementalMs: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** The heap's committed size after the event. */
  heapTotalAfterBytes: number;
  reason: string;
  /** Go: the runtime's own share of CPU time spent in GC since the program started (gctrace's "#%"). */
  runtimeGcPercent?: number;
}

const MB = 1024 * 1024;
// [pid:isolate]  T ms: Kind[ (reduce)] A (B) -> C (D) MB, [pooled: P MB, ]PAUSE / EXTERNAL ms  (+ I ms in K steps …) … reason
const NODE_LINE =
  /^\[\d+:0x[0-9a-f]+\]\s+(\d+(?:\.\d+)?) ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep|Minor Mark-Compact)(?: \(reduce\))? ([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms\s*(?:\(\+ ([\d.]+) ms in \d+ steps[^)]*\))?\s*(?:\(average mu[^)]*\))?\s*(.*)$/;

const KINDS: Record<string, GcKind> = {
  Scavenge: 'scavenge',
  'Mark-Compact': 'mark-compact',
  'Mark-Sweep': 'mark-sweep',
  'Minor Mark-Sweep': 'minor-mark-sweep',
  'Minor Mark-Compact': 'minor-mark-sweep',
};

/** True for a line Node's `--trace-gc` wrote (to the program's stdout), so callers can keep it apart. */
export function isNodeGcLine(line: string): boolean {
  return NODE_LINE.test(line);
}

/** The GC events of a Node `--trace-gc` log (stdout of the traced program, other lines skipped). */
export function parseNodeTraceGc(text: string): GcEvent[] {
  const events: GcEvent[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = NODE_LINE.exec(line);
    if (!m) continue;
    events.push({
      atMs: Number(m[1]),
      kind: KINDS[m[2]!]!,
      heapBeforeBytes: Number(m[3]) * MB,
      heapAfterBytes: Number(m[5]) * MB,
      heapTotalAfterBytes: Number(m[6]) * MB,
      pauseMs: Number(m[7]),
      incrementalMs: m[8] ? Number(m[8]) : 0,
      reason: (m[9] ?? '').replace(/;\s*$/, '').trim(),
    });
  }
  return events;
}

/** Thresholds of the "grows linearly with no plateau" warning. */
export const GROWTH_RULE = {
  /** Fewer GC events than this say nothing about a trend. */
  minEvents: 5,
  /** The run is cut into this many equal windows; each gives its lowest heap after GC (the floor). */
  windows: 10,
  /** The line must explain at least this share of the floor's variance. */
  minR2: 0.8,
  /** The last third of the floor must still climb at least this fraction of the overall slope. */
  minTailSlopeRatio: 0.5,
  /** Growth smaller than this, or than this share of the start, is noise whatever its shape. */
  minGrowthBytes: 1 * MB,
  minGrowthRatio: 0.1,
} as const;

/**
 * The heap's floor over time: in each of GROWTH_RULE.windows equal windows of the run, the lowest
 * heap after GC (and when). What survives every collection is what the program holds; a scavenge
 * right after a big allocation or a full GC mid-request only lifts single points, which the floor drops.
 */
export function heapFloor(events: readonly GcEvent[]): { timesMs: number[]; bytes: number[] } {
  const timesMs: number[] = [];
  const bytes: number[] = [];
  if (events.length === 0) return { timesMs, bytes };
  const t0 = events[0]!.atMs;
  const span = Math.max(1, events[events.length - 1]!.atMs - t0);
  const windows = Math.min(GROWTH_RULE.windows, events.length);
  const lows: (GcEvent | undefined)[] = new Array(windows);
  for (const e of events) {
    const w = Math.min(windows - 1, Math.floor(((e.atMs - t0) / span) * windows));
    if (!lows[w] || e.heapAfterBytes < lows[w]!.heapAfterBytes) lows[w] = e;
  }
  for (const e of lows) {
    if (!e) continue;
    timesMs.push(e.atMs);
    bytes.push(e.heapAfterBytes);
  }
  return { timesMs, bytes };
}

const isFull = (e: GcEvent) => e.kind === 'mark-compact' || e.kind === 'mark-sweep' || e.kind === 'gen2';

/** One collection as leak_watch.py's gc.callbacks log writes it (ms since the watch started; memory as tracemalloc traces it). */
export interface PythonGcRecord {
  atMs: number;
  generation: number;
  pauseMs: number;
  collected: number;
  uncollectable: number;
  heapBeforeBytes: number;
  heapAfterBytes: number;
  /** 1 when the watcher's own gc.collect() before a snapshot ran it. */
  forced: number;
}

/** Python's collections as GC events: the generation is the kind; the heap is what tracemalloc traces (it has no committed size). */
export function pythonGcEvents(records: readonly PythonGcRecord[]): GcEvent[] {
  return records.map((r) => ({
    atMs: r.atMs,
    kind: r.generation >= 2 ? 'gen2' : r.generation === 1 ? 'gen1' : 'gen0',
    pauseMs: r.pauseMs,
    incrementalMs: 0,
    heapBeforeBytes: r.heapBeforeBytes,
    heapAfterBytes: r.heapAfterBytes,
    heapTotalAfterBytes: r.heapAfterBytes,
    reason: `${r.forced ? 'forced before a snapshot' : 'automatic'}: ${r.collected} collected${r.uncollectable ? `, ${r.uncollectable} uncollectable` : ''}`,
  }));
}

export interface GcSummary {
  events: number;
  byKind: Partial<Record<GcKind, number>>;
  pause: { p50Ms: number; p90Ms: number; p99Ms: number; maxMs: number; totalMs: number };
  /** Pauses plus incremental marking steps, as a share of the run (0..1). */
  gcShare: number;
  /** The span the share is over: the run's length when known, else the last event's time. */
  spanMs: number;
  heapAfter: LinearFit & { startBytes: number; endBytes: number; tailSlopePerSec: number };
  /** Set when the heap after GC grows linearly with no plateau. */
  growthWarning: string | null;
  /** Go: the runtime's own CPU share in GC since the start, as of the last event (0..1). */
  runtimeCpuShare?: number;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export function summarizeGc(events: readonly GcEvent[], runMs?: number): GcSummary {
  const pauses = events.map((e) => e.pauseMs).sort((a, b) => a - b);
  const totalMs = pauses.reduce((a, b) => a + b, 0);
  const gcMs = totalMs + events.reduce((a, e) => a + e.incrementalMs, 0);
  const spanMs = runMs ?? (events.length ? events[events.length - 1]!.atMs : 0);
  const byKind: Partial<Record<GcKind, number>> = {};
  for (const e of events) byKind[e.kind] = (byKind[e.kind] ?? 0) + 1;
  // Full collections leave only what is live; with enough of them, the floor is theirs alone.
  const full = events.filter(isFull);
  const floor = heapFloor(full.length >= GROWTH_RULE.minEvents ? full : events);
  const fit = linearFit(floor.timesMs, floor.bytes);
  const tailFrom = Math.floor((floor.bytes.length * 2) / 3);
  const tail = linearFit(floor.timesMs.slice(tailFrom), floor.bytes.slice(tailFrom));
  const startBytes = floor.bytes[0] ?? 0;
  const endBytes = floor.bytes[floor.bytes.length - 1] ?? 0;
  const heapAfter = { ...fit, startBytes, endBytes, tailSlopePerSec: tail.slopePerSec };
  const growth = endBytes - startBytes;
  const grows =
    events.length >= GROWTH_RULE.minEvents &&
    fit.slopePerSec > 0 &&
    fit.r2 >= GROWTH_RULE.minR2 &&
    tail.slopePerSec >= GROWTH_RULE.minTailSlopeRatio * fit.slopePerSec &&
    growth >= GROWTH_RULE.minGrowthBytes &&
    growth >= GROWTH_RULE.minGrowthRatio * startBytes;
  const runtimePercent = events[events.length - 1]?.runtimeGcPercent;
  return {
    ...(runtimePercent !== undefined ? { runtimeCpuShare: runtimePercent / 100 } : {}),
    events: events.length,
    byKind,
    pause: { p50Ms: percentile(pauses, 0.5), p90Ms: percentile(pauses, 0.9), p99Ms: percentile(pauses, 0.99), maxMs: pauses[pauses.length - 1] ?? 0, totalMs },
    gcShare: spanMs > 0 ? gcMs / spanMs : 0,
    spanMs,
    heapAfter,
    growthWarning: grows
      ? `memory grows linearly with no plateau: the heap's floor after GC climbs ${formatBytes(fit.slopePerSec)}/s (R² ${fit.r2.toFixed(2)}), from ${formatBytes(startBytes)} to ${formatBytes(endBytes)}, and still climbs in the last third of the run — a leak's shape`
      : null,
  };
}

/** The heap after each GC as a series for the memory-over-time chart. */
export function heapAfterGcSeries(events: readonly GcEvent[]): MemorySeries {
  return { name: 'heap after GC', unit: 'bytes', timesMs: events.map((e) => e.atMs), bytes: events.map((e) => e.heapAfterBytes) };
}

/** Where each GC happened, for the chart's marks: full collections stand apart from minor ones. */
export function gcMarks(events: readonly GcEvent[]): ChartMark[] {
  return events.map((e) => ({ atMs: e.atMs, label: `${e.kind} ${e.pauseMs.toFixed(1)} ms`, major: isFull(e) }));
}

export function formatGcSummary(s: GcSummary): string {
  const kinds = Object.entries(s.byKind)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const lines = [
    `GC: ${s.events} events (${kinds || 'none'}) over ${(s.spanMs / 1000).toFixed(2)} s`,
    `pauses: p50 ${s.pause.p50Ms.toFixed(2)} ms, p90 ${s.pause.p90Ms.toFixed(2)} ms, p99 ${s.pause.p99Ms.toFixed(2)} ms, max ${s.pause.maxMs.toFixed(2)} ms, total ${s.pause.totalMs.toFixed(1)} ms`,
    s.runtimeCpuShare === undefined
      ? `time in GC: ${(s.gcShare * 100).toFixed(1)}% (pauses and incremental marking steps)`
      : `time in GC: ${(s.gcShare * 100).toFixed(1)}% (stop-the-world pauses); the Go runtime's own figure: ${(s.runtimeCpuShare * 100).toFixed(0)}% of CPU since start`,
    `heap floor after GC: ${formatBytes(s.heapAfter.startBytes)} → ${formatBytes(s.heapAfter.endBytes)}, trend ${formatBytes(s.heapAfter.slopePerSec)}/s (R² ${s.heapAfter.r2.toFixed(2)})`,
  ];
  if (s.growthWarning) lines.push(`warning: ${s.growthWarning}`);
  return lines.join('\n');
}
