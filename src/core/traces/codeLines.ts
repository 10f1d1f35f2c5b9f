/**
 * Spans that name their source line with OpenTelemetry's code attributes (`code.filepath` and
 * `code.lineno`, or the newer `code.file.path` and `code.line.number`), grouped by that line with
 * the latency of the spans recorded there. Node's auto-instrumentation of http does not write
 * these attributes; manual spans and some instrumentations do.
 */
import { quantileSorted } from '../bench/statistics';
import { spanLabel, type Span, type Trace } from './model';
import { formatMicros } from './report';

export interface CodeLineLatency {
  /** As the span recorded it (absolute or relative to the service's working directory). */
  readonly file: string;
  /** 1-based, as OpenTelemetry writes it. */
  readonly line: number;
  /** The span labels recorded at this line, most frequent first. */
  readonly labels: readonly string[];
  readonly count: number;
  /** Microseconds; the spans' own durations. */
  readonly p50: number;
  readonly p95: number;
}

function codeLocation(s: Span): { file: string; line: number } | undefined {
  const file = s.tags['code.filepath'] ?? s.tags['code.file.path'];
  const line = Number(s.tags['code.lineno'] ?? s.tags['code.line.number']);
  return file && Number.isInteger(line) && line > 0 ? { file, line } : undefined;
}

export function codeLineLatencies(traces: Iterable<Trace>): CodeLineLatency[] {
  const byLine = new Map<string, { file: string; line: number; durations: number[]; labels: Map<string, number> }>();
  for (const t of traces) {
    for (const s of t.spans) {
      const at = codeLocation(s);
      if (!at) continue;
      const key = `${at.line}:${at.file}`;
      let entry = byLine.get(key);
      if (!entry) byLine.set(key, (entry = { ...at, durations: [], labels: new Map() }));
      entry.durations.push(s.duration);
      const label = spanLabel(s);
      entry.labels.set(label, (entry.labels.get(label) ?? 0) + 1);
    }
  }
  return [...byLine.values()].map((e) => {
    const d = e.durations.sort((a, b) => a - b);
    const labels = [...e.labels].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([l]) => l);
    return { file: e.file, line: e.line, labels, count: d.length, p50: quantileSorted(d, 0.5), p95: quantileSorted(d, 0.95) };
  });
}

/**
 * Where a recorded path may be in the workspace, most likely first: the path itself when
 * absolute, then under each root its trailing parts from the longest down to the file name alone
 * (a service traced on another machine or checkout records a path that is not this one).
 */
export function candidatePaths(recorded: string, roots: readonly string[]): string[] {
  const parts = recorded.split(/[\\/]+/).filter(Boolean);
  const out: string[] = [];
  if (/^([a-z]:)?[\\/]/i.test(recorded)) out.push(recorded);
  for (let i = 0; i < parts.length; i++) {
    const tail = parts.slice(i).join('/');
    for (const root of roots) out.push(`${root.replace(/[\\/]+$/, '')}/${tail}`);
  }
  return [...new Set(out)];
}

/** The note at the end of the line: "⏱ checkout cartTotal: p50 20.1 ms · p95 25.0 ms (8 spans)". */
export function codeLineNote(c: CodeLineLatency): string {
  const name = c.labels.length > 1 ? `${c.labels[0]} (+${c.labels.length - 1})` : (c.labels[0] ?? '');
  return `⏱ ${name}: p50 ${formatMicros(c.p50)} · p95 ${formatMicros(c.p95)} (${c.count} span${c.count === 1 ? '' : 's'})`;
}
