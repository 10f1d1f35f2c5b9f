/**
 * Latency per endpoint (the root span's label) and "why is p99 slow": the critical path of the
 * slow tail against the median band, per span label. Durations are the root spans' own.
 */
import { quantileSorted } from '../bench/statistics';
import { criticalPath, criticalTimeByLabel } from './criticalPath';
import { buildSpanTree, spanLabel, type SpanTree, type Trace } from './model';

export interface EndpointLatency {
  readonly endpoint: string;
  readonly count: number;
  /** Microseconds; quantiles interpolate linearly (numpy's default), as Hotline's benchmarks do. */
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** The traces' span trees grouped by endpoint (root span label), busiest endpoint first. */
export function treesByEndpoint(traces: Iterable<Trace>): Map<string, SpanTree[]> {
  const out = new Map<string, SpanTree[]>();
  for (const t of traces) {
    const tree = buildSpanTree(t);
    if (!tree) continue;
    const key = spanLabel(tree.root);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(tree);
  }
  return new Map([...out].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])));
}

export function endpointLatency(endpoint: string, trees: readonly SpanTree[]): EndpointLatency {
  const d = trees.map((t) => t.root.duration).sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(d, p);
  return {
    endpoint,
    count: d.length,
    min: d[0] ?? NaN,
    p50: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    max: d[d.length - 1] ?? NaN,
    mean: d.reduce((a, b) => a + b, 0) / d.length,
  };
}

export interface PathShare {
  readonly label: string;
  /** Fraction of the group's end-to-end time this label held the critical path (0..1). */
  readonly tailShare: number;
  readonly medianShare: number;
  /** Mean critical-path time per trace, microseconds. */
  readonly tailMean: number;
  readonly medianMean: number;
}

export interface TailBreakdown {
  readonly endpoint: string;
  /** 0.99 or 0.95: the tail is every trace at or above this quantile of duration. */
  readonly tailQuantile: number;
  readonly tailThreshold: number;
  readonly tailTraces: readonly SpanTree[];
  /** Traces between the 40th and 60th percentile (at least the one nearest the median). */
  readonly medianTraces: readonly SpanTree[];
  /** Sorted by tailShare, largest first. */
  readonly shares: readonly PathShare[];
}

/** Below this many traces the 99th percentile is one trace or none: the tail is ≥p95 instead. */
const P99_MIN_TRACES = 100;

export function tailBreakdown(endpoint: string, trees: readonly SpanTree[], tailQuantile = trees.length >= P99_MIN_TRACES ? 0.99 : 0.95): TailBreakdown {
  const sorted = [...trees].sort((a, b) => a.root.duration - b.root.duration);
  const d = sorted.map((t) => t.root.duration);
  const threshold = quantileSorted(d, tailQuantile);
  const tail = sorted.filter((t) => t.root.duration >= threshold);
  const lo = quantileSorted(d, 0.4);
  const hi = quantileSorted(d, 0.6);
  let median = sorted.filter((t) => t.root.duration >= lo && t.root.duration <= hi);
  if (median.length === 0 && sorted.length) median = [sorted[Math.floor((sorted.length - 1) / 2)]!];
  const tailTimes = sumPaths(tail);
  const medianTimes = sumPaths(median);
  const tailTotal = tail.reduce((a, t) => a + t.root.duration, 0);
  const medianTotal = median.reduce((a, t) => a + t.root.duration, 0);
  const labels = new Set([...tailTimes.keys(), ...medianTimes.keys()]);
  const shares = [...labels].map((label) => {
    const t = tailTimes.get(label) ?? 0;
    const m = medianTimes.get(label) ?? 0;
    return {
      label,
      tailShare: tailTotal ? t / tailTotal : 0,
      medianShare: medianTotal ? m / medianTotal : 0,
      tailMean: tail.length ? t / tail.length : 0,
      medianMean: median.length ? m / median.length : 0,
    };
  });
  shares.sort((a, b) => b.tailShare - a.tailShare || b.medianShare - a.medianShare || a.label.localeCompare(b.label));
  return { endpoint, tailQuantile, tailThreshold: threshold, tailTraces: tail, medianTraces: median, shares };
}

function sumPaths(trees: readonly SpanTree[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const tree of trees) {
    for (const [k, v] of criticalTimeByLabel(criticalPath(tree), spanLabel)) out.set(k, (out.get(k) ?? 0) + v);
  }
  return out;
}
