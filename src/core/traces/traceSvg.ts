/**
 * The Traces panel's charts as self-contained SVG (presentation attributes only, so they render
 * under a strict CSP): an endpoint's latency histogram with p50/p95/p99 marked, one trace's span
 * waterfall with its critical path highlighted, and requests in flight over time. Every span name,
 * service and URL is escaped here.
 */
import { escapeHtml } from '../webviewPage';
import type { PathSegment } from './criticalPath';
import type { EndpointLatency } from './latency';
import { spanEnd, spanLabel, type Span, type SpanTree } from './model';
import type { ConcurrencyBucket } from './queueing';
import { formatMicros as micros } from './report';

const FG = 'var(--vscode-foreground, #cccccc)';
const GRID = 'var(--vscode-editorWidget-border, #555555)';
const BAR = 'var(--vscode-charts-blue, #3794ff)';
const CRITICAL = 'var(--vscode-charts-red, #f14c4c)';
const MARKS: Record<'p50' | 'p95' | 'p99', string> = {
  p50: 'var(--vscode-charts-green, #89d185)',
  p95: 'var(--vscode-charts-orange, #d18616)',
  p99: 'var(--vscode-charts-red, #f14c4c)',
};

const svgOpen = (width: number, height: number, label: string, extra = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeHtml(label)}"${extra}>`;

export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/** `bins` equal-width bins over [min, max] of the durations; the last bin includes max. */
export function histogramBins(durations: readonly number[], bins = 30): HistogramBin[] {
  if (durations.length === 0) return [];
  const lo = Math.min(...durations);
  const hi = Math.max(...durations);
  const width = (hi - lo) / bins || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const d of durations) counts[Math.min(bins - 1, Math.floor((d - lo) / width))]! += 1;
  return counts.map((count, i) => ({ from: lo + i * width, to: lo + (i + 1) * width, count }));
}

export function histogramSvg(durations: readonly number[], l: EndpointLatency, options: { width?: number } = {}): string {
  const width = options.width ?? 720;
  const height = 150;
  const pad = { left: 36, right: 12, top: 34, bottom: 22 };
  const bins = histogramBins(durations);
  const lo = bins[0]?.from ?? 0;
  const hi = bins[bins.length - 1]?.to ?? 1;
  const top = Math.max(1, ...bins.map((b) => b.count));
  const x = (t: number) => pad.left + ((t - lo) / (hi - lo || 1)) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / top) * (height - pad.top - pad.bottom);
  const parts = [svgOpen(width, height, `latency histogram of ${l.endpoint}`, ' class="histogram"')];
  parts.push(`<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="${GRID}"/>`);
  parts.push(`<text x="${pad.left - 4}" y="${pad.top + 4}" fill="${FG}" font-size="10" text-anchor="end">${top}</text>`);
  for (const b of bins) {
    if (b.count === 0) continue;
    const bw = Math.max(1, x(b.to) - x(b.from) - 1);
    parts.push(
      `<rect x="${x(b.from)}" y="${y(b.count)}" width="${bw}" height="${y(0) - y(b.count)}" fill="${BAR}" data-count="${b.count}"><title>${escapeHtml(`${b.count} request${b.count === 1 ? '' : 's'}, ${micros(b.from)} – ${micros(b.to)}`)}</title></rect>`,
    );
  }
  parts.push(`<text x="${pad.left}" y="${height - 6}" fill="${FG}" font-size="10">${escapeHtml(micros(lo))}</text>`);
  parts.push(`<text x="${width - pad.right}" y="${height - 6}" fill="${FG}" font-size="10" text-anchor="end">${escapeHtml(micros(hi))}</text>`);
  (['p50', 'p95', 'p99'] as const).forEach((p, i) => {
    const at = x(l[p]);
    const nearEnd = at > width * 0.75;
    parts.push(
      `<line x1="${at}" y1="${pad.top - 4}" x2="${at}" y2="${height - pad.bottom}" stroke="${MARKS[p]}" stroke-width="1.5" stroke-dasharray="4 3" data-marker="${p}"><title>${escapeHtml(`${p} ${micros(l[p])}`)}</title></line>`,
      // Labels near the right edge read leftwards from their line.
      `<text x="${nearEnd ? at - 3 : at + 3}" y="${10 + i * 10}" fill="${MARKS[p]}" font-size="10"${nearEnd ? ' text-anchor="end"' : ''}>${escapeHtml(`${p} ${micros(l[p])}`)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export interface WaterfallRow {
  readonly span: Span;
  readonly depth: number;
}

/** The trace's spans depth first from the root (children by start), each with its depth. */
export function waterfallRows(tree: SpanTree): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  const stack: WaterfallRow[] = [{ span: tree.root, depth: 0 }];
  const seen = new Set<string>();
  while (stack.length) {
    const row = stack.pop()!;
    if (seen.has(row.span.id)) continue;
    seen.add(row.span.id);
    rows.push(row);
    const kids = tree.children.get(row.span.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: row.depth + 1 });
  }
  return rows;
}

/** One trace: a row per span on the trace's time axis; the critical path's segments drawn over the bars. */
export function spanWaterfallSvg(tree: SpanTree, path: readonly PathSegment[], options: { width?: number } = {}): string {
  const width = options.width ?? 960;
  const rowH = 18;
  const label = 320;
  const pad = { top: 24, right: 16, bottom: 8 };
  const rows = waterfallRows(tree);
  const t0 = Math.min(...rows.map((r) => r.span.start));
  const t1 = Math.max(...rows.map((r) => spanEnd(r.span)));
  const span = t1 - t0 || 1;
  const x = (t: number) => label + ((t - t0) / span) * (width - label - pad.right);
  const height = pad.top + rows.length * rowH + pad.bottom;
  const parts = [svgOpen(width, height, `span waterfall of trace ${tree.trace.traceId}`, ` class="waterfall" data-trace="${escapeHtml(tree.trace.traceId)}"`)];
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (span * i) / 4;
    parts.push(
      `<line x1="${x(t)}" y1="${pad.top - 6}" x2="${x(t)}" y2="${height - pad.bottom}" stroke="${GRID}" stroke-width="0.5"/>`,
      `<text x="${x(t)}" y="${pad.top - 10}" fill="${FG}" font-size="10" text-anchor="middle">${escapeHtml(micros(t - t0))}</text>`,
    );
  }
  const onPath = new Map<string, PathSegment[]>();
  for (const seg of path) {
    let list = onPath.get(seg.span.id);
    if (!list) onPath.set(seg.span.id, (list = []));
    list.push(seg);
  }
  rows.forEach(({ span: s, depth }, i) => {
    const y = pad.top + i * rowH;
    const segs = onPath.get(s.id) ?? [];
    const critical = segs.reduce((a, g) => a + g.end - g.start, 0);
    const tip = `${spanLabel(s)}\nstart +${micros(s.start - t0)}, ${micros(s.duration)}${s.kind ? ` · ${s.kind}` : ''}${critical > 0 ? `\non the critical path ${micros(critical)}` : ''}`;
    const row = [`<g data-span="${escapeHtml(s.id)}" data-depth="${depth}"${critical > 0 ? ' data-critical="1"' : ''}><title>${escapeHtml(tip)}</title>`];
    const text = spanLabel(s);
    const shown = text.length > 44 - depth * 2 ? `${text.slice(0, Math.max(8, 43 - depth * 2))}…` : text;
    row.push(
      `<text x="${6 + depth * 12}" y="${y + rowH - 5}" fill="${FG}" font-size="11"${critical > 0 ? ' font-weight="bold"' : ''}>${escapeHtml(shown)}</text>`,
    );
    row.push(
      `<rect x="${x(s.start)}" y="${y + 4}" width="${Math.max(1, x(spanEnd(s)) - x(s.start))}" height="${rowH - 8}" fill="${BAR}" fill-opacity="0.55"/>`,
    );
    for (const g of segs) {
      row.push(
        `<rect x="${x(g.start)}" y="${y + 3}" width="${Math.max(1, x(g.end) - x(g.start))}" height="${rowH - 6}" fill="${CRITICAL}" data-path="${g.start - t0}-${g.end - t0}"/>`,
      );
    }
    row.push('</g>');
    parts.push(row.join(''));
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** Requests in flight over time: one bar per bucket, its height the most at once. */
export function concurrencySvg(buckets: readonly ConcurrencyBucket[], what: string, options: { width?: number } = {}): string {
  const width = options.width ?? 720;
  const height = 110;
  const pad = { left: 36, right: 12, top: 12, bottom: 20 };
  const top = Math.max(1, ...buckets.map((b) => b.max));
  const bw = (width - pad.left - pad.right) / Math.max(1, buckets.length);
  const t0 = buckets[0]?.start ?? 0;
  const step = buckets.length > 1 ? buckets[1]!.start - t0 : 0;
  const parts = [svgOpen(width, height, `${what} in flight over time`, ' class="concurrency"')];
  parts.push(`<text x="${pad.left - 4}" y="${pad.top + 8}" fill="${FG}" font-size="10" text-anchor="end">${top}</text>`);
  parts.push(`<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="${GRID}"/>`);
  buckets.forEach((b, i) => {
    const h = (b.max / top) * (height - pad.top - pad.bottom);
    parts.push(
      `<rect x="${pad.left + i * bw}" y="${height - pad.bottom - h}" width="${Math.max(1, bw - 1)}" height="${h}" fill="${BAR}" data-max="${b.max}"><title>${escapeHtml(`+${micros(b.start - t0)}: at most ${b.max} ${what} at once`)}</title></rect>`,
    );
  });
  parts.push(`<text x="${pad.left}" y="${height - 6}" fill="${FG}" font-size="10">0</text>`);
  parts.push(
    `<text x="${width - pad.right}" y="${height - 6}" fill="${FG}" font-size="10" text-anchor="end">${escapeHtml(micros(step * buckets.length))}</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}
