/**
 * Queueing and backpressure, from span times alone.
 * Queue wait of a span = the time from its start to the start of its first child: the span has
 * begun (the request was accepted) but no work it delegates has started yet — a request waiting
 * for a free worker, a connection or a lock shows up here when the work is a child span. Spans
 * without children have no queue wait. Waits are reported per (parent label → first child label).
 */
import { quantileSorted } from '../bench/statistics';
import { spanEnd, spanLabel, type Span, type SpanTree } from './model';

export interface QueueWait {
  /** "parent label → child label". */
  readonly edge: string;
  readonly count: number;
  /** Microseconds. */
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

export function queueWaits(trees: Iterable<SpanTree>): QueueWait[] {
  const byEdge = new Map<string, number[]>();
  for (const tree of trees) {
    for (const [parentId, kids] of tree.children) {
      const parent = tree.byId.get(parentId);
      const first = kids[0];
      if (!parent || !first) continue;
      const edge = `${spanLabel(parent)} → ${spanLabel(first)}`;
      let list = byEdge.get(edge);
      if (!list) byEdge.set(edge, (list = []));
      list.push(Math.max(0, first.start - parent.start));
    }
  }
  return [...byEdge]
    .map(([edge, waits]) => {
      waits.sort((a, b) => a - b);
      return { edge, count: waits.length, p50: quantileSorted(waits, 0.5), p95: quantileSorted(waits, 0.95), max: waits[waits.length - 1]! };
    })
    .sort((a, b) => b.p95 - a.p95 || a.edge.localeCompare(b.edge));
}

export interface ConcurrencyBucket {
  /** Bucket start, microseconds since the epoch. */
  readonly start: number;
  /** The most spans in flight at any instant of the bucket. */
  readonly max: number;
}

/** How many of the spans were in flight over time, in `buckets` equal slices of their whole interval. */
export function concurrencyOverTime(spans: readonly Span[], buckets = 50): ConcurrencyBucket[] {
  if (spans.length === 0) return [];
  const events: [number, number][] = [];
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const s of spans) {
    events.push([s.start, 1], [spanEnd(s), -1]);
    t0 = Math.min(t0, s.start);
    t1 = Math.max(t1, spanEnd(s));
  }
  // Ends before starts at the same instant: back-to-back spans do not overlap.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const width = (t1 - t0) / buckets || 1;
  const max = new Array<number>(buckets).fill(0);
  let active = 0;
  let bucket = 0;
  for (const [t, delta] of events) {
    const at = Math.min(buckets - 1, Math.floor((t - t0) / width));
    if (at > bucket) {
      // The level since the previous event covers the buckets in between, and this one up to t.
      for (let b = bucket + 1; b < at; b++) max[b] = Math.max(max[b]!, active);
      if (t > t0 + at * width) max[at] = Math.max(max[at]!, active);
      bucket = at;
    }
    active += delta;
    max[at] = Math.max(max[at]!, active);
  }
  return max.map((m, i) => ({ start: t0 + i * width, max: m }));
}
