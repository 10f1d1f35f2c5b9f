/** The trace analysis the CLI prints (and --json writes): per endpoint latency, tail breakdown, queue waits. */
import { formatDuration } from '../bench/format';
import { criticalPath, criticalTimeByLabel } from './criticalPath';
import { endpointLatency, tailBreakdown, treesByEndpoint, type EndpointLatency, type PathShare, type TailBreakdown } from './latency';
import { spanLabel, type Trace } from './model';
import { concurrencyOverTime, queueWaits, type ConcurrencyBucket, type QueueWait } from './queueing';

export interface SlowTrace {
  readonly traceId: string;
  readonly duration: number;
  /** The label that held the most critical-path time in this trace. */
  readonly dominant: string;
  readonly dominantTime: number;
}

export interface TailSummary {
  readonly quantile: number;
  readonly threshold: number;
  readonly traces: number;
  readonly medianTraces: number;
  readonly shares: readonly PathShare[];
}

/** A tail breakdown as the report keeps it: counts instead of the trees. */
export const tailSummary = (b: TailBreakdown): TailSummary => ({
  quantile: b.tailQuantile,
  threshold: b.tailThreshold,
  traces: b.tailTraces.length,
  medianTraces: b.medianTraces.length,
  shares: b.shares,
});

export interface EndpointReport {
  readonly latency: EndpointLatency;
  readonly tail: TailSummary;
  readonly slowest: readonly SlowTrace[];
  readonly queueWaits: readonly QueueWait[];
  /** Requests (root spans) in flight over time. */
  readonly concurrency: readonly ConcurrencyBucket[];
}

export interface TraceReport {
  readonly traces: number;
  readonly spans: number;
  readonly endpoints: readonly EndpointReport[];
}

export interface TraceReportOptions {
  /** Only this endpoint (root span label); all by default. */
  readonly endpoint?: string;
  /** 0.95 or 0.99; by default ≥p99 from 100 traces, else ≥p95. */
  readonly tailQuantile?: number;
  readonly slowest?: number;
}

export function buildTraceReport(traces: readonly Trace[], opts: TraceReportOptions = {}): TraceReport {
  const endpoints: EndpointReport[] = [];
  for (const [endpoint, trees] of treesByEndpoint(traces)) {
    if (opts.endpoint !== undefined && endpoint !== opts.endpoint) continue;
    const b = tailBreakdown(endpoint, trees, opts.tailQuantile);
    const slowest = [...b.tailTraces]
      .sort((x, y) => y.root.duration - x.root.duration)
      .slice(0, opts.slowest ?? 3)
      .map((tree) => {
        const [dominant, dominantTime] = [...criticalTimeByLabel(criticalPath(tree), spanLabel)].reduce((a, c) => (c[1] > a[1] ? c : a));
        return { traceId: tree.trace.traceId, duration: tree.root.duration, dominant, dominantTime };
      });
    endpoints.push({
      latency: endpointLatency(endpoint, trees),
      tail: tailSummary(b),
      slowest,
      queueWaits: queueWaits(trees),
      concurrency: concurrencyOverTime(
        trees.map((t) => t.root),
        20,
      ),
    });
  }
  return { traces: traces.length, spans: traces.reduce((a, t) => a + t.spans.length, 0), endpoints };
}

/** Microseconds as Hotline writes durations ("12.3 ms"). */
export const formatMicros = (micros: number): string => formatDuration(micros * 1000);
/** A fraction as a percentage with one decimal. */
export const formatShare = (f: number): string => `${(f * 100).toFixed(1)}%`;
const ms = formatMicros;
const pct = formatShare;
const traces = (n: number) => `${n} trace${n === 1 ? '' : 's'}`;

export function formatTraceReport(r: TraceReport): string {
  const out: string[] = [`${traces(r.traces)}, ${r.spans} spans`];
  for (const e of r.endpoints) {
    const l = e.latency;
    const q = `p${Math.round(e.tail.quantile * 100)}`;
    out.push('', `${l.endpoint} — ${traces(l.count)}`, `  latency  p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`);
    out.push(
      `  why the slow tail is slow: share of the critical path in the ${traces(e.tail.traces)} ≥${q} (${ms(e.tail.threshold)}) vs the ${traces(e.tail.medianTraces)} around the median`,
    );
    const width = Math.min(60, Math.max(4, ...e.tail.shares.map((s) => s.label.length)));
    out.push(`    ${'span'.padEnd(width)}  ${'tail'.padStart(6)}  ${'median'.padStart(6)}  ${'tail mean'.padStart(9)}  ${'median mean'.padStart(11)}`);
    for (const s of e.tail.shares.slice(0, 10)) {
      out.push(
        `    ${s.label.slice(0, width).padEnd(width)}  ${pct(s.tailShare).padStart(6)}  ${pct(s.medianShare).padStart(6)}  ${ms(s.tailMean).padStart(9)}  ${ms(s.medianMean).padStart(11)}`,
      );
    }
    if (e.slowest.length) {
      out.push('  slowest traces:');
      for (const s of e.slowest) out.push(`    ${s.traceId}  ${ms(s.duration)}  ${pct(s.dominantTime / s.duration)} in ${s.dominant}`);
    }
    const waits = e.queueWaits.filter((w) => w.p95 > 0).slice(0, 5);
    if (waits.length) {
      out.push("  queue wait (span start → its first child's start), p50 / p95 / max:");
      for (const w of waits) out.push(`    ${w.edge}  ${ms(w.p50)} / ${ms(w.p95)} / ${ms(w.max)}  (${w.count})`);
    }
    out.push(`  requests in flight at once: at most ${Math.max(0, ...e.concurrency.map((c) => c.max))}`);
  }
  return out.join('\n');
}
