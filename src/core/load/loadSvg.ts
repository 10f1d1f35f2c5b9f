/**
 * The Load Results page's charts as self-contained SVG (presentation attributes only, so they render
 * under a strict CSP): the latency histogram of the 2xx responses with p50/p90/p95/p99/max marked, and
 * latency over time (p50, p95 and max of each second, with the responses of that second as bars).
 */
import { escapeHtml } from '../webviewPage';
import { formatMs as ms } from './format';
import type { HistogramBucket, LatencyFigures, LatencySecond } from './result';

const FG = 'var(--vscode-foreground, #cccccc)';
const GRID = 'var(--vscode-editorWidget-border, #555555)';
const BAR = 'var(--vscode-charts-blue, #3794ff)';
const FAINT = 'var(--vscode-disabledForeground, #888888)';

export const MARKED = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
const MARK_COLOR: Record<(typeof MARKED)[number], string> = {
  p50: 'var(--vscode-charts-green, #89d185)',
  p90: 'var(--vscode-charts-yellow, #cca700)',
  p95: 'var(--vscode-charts-orange, #d18616)',
  p99: 'var(--vscode-charts-red, #f14c4c)',
  max: 'var(--vscode-charts-purple, #b180d7)',
};

const svgOpen = (width: number, height: number, label: string, cls: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeHtml(label)}">`;

/** Histogram bars of the buckets, one dashed line per percentile (p95 is skipped when unknown). */
export function loadHistogramSvg(buckets: readonly HistogramBucket[], latency: LatencyFigures, options: { width?: number } = {}): string {
  const width = options.width ?? 720;
  const height = 170;
  const pad = { left: 40, right: 12, top: 56, bottom: 22 };
  const lo = buckets[0]?.fromMs ?? 0;
  const hi = Math.max(buckets[buckets.length - 1]?.toMs ?? 1, latency.max + 1);
  const top = Math.max(1, ...buckets.map((b) => b.count));
  const x = (v: number) => pad.left + ((v - lo) / (hi - lo || 1)) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / top) * (height - pad.top - pad.bottom);
  const parts = [svgOpen(width, height, 'latency histogram of the 2xx responses', 'histogram')];
  parts.push(`<line x1="${pad.left}" y1="${y(0)}" x2="${width - pad.right}" y2="${y(0)}" stroke="${GRID}"/>`);
  parts.push(`<text x="${pad.left - 4}" y="${pad.top + 4}" fill="${FG}" font-size="10" text-anchor="end">${top}</text>`);
  for (const b of buckets) {
    if (b.count === 0) continue;
    const tip = `${b.count} response${b.count === 1 ? '' : 's'}, ${ms(b.fromMs)} – ${ms(b.toMs)}`;
    parts.push(
      `<rect x="${x(b.fromMs)}" y="${y(b.count)}" width="${Math.max(1, x(b.toMs) - x(b.fromMs) - 1)}" height="${y(0) - y(b.count)}" fill="${BAR}" data-count="${b.count}"><title>${escapeHtml(tip)}</title></rect>`,
    );
  }
  parts.push(`<text x="${pad.left}" y="${height - 6}" fill="${FG}" font-size="10">${escapeHtml(ms(lo))}</text>`);
  parts.push(`<text x="${width - pad.right}" y="${height - 6}" fill="${FG}" font-size="10" text-anchor="end">${escapeHtml(ms(hi))}</text>`);
  MARKED.forEach((p, i) => {
    const v = latency[p];
    if (v === null) return;
    // A whole-ms value v falls in [v, v+1): its line is drawn in the middle of that millisecond.
    const at = x(v + 0.5);
    const nearEnd = at > width * 0.75;
    const text = `${p} ${ms(v)}`;
    parts.push(
      `<line x1="${at}" y1="${10 + i * 10}" x2="${at}" y2="${y(0)}" stroke="${MARK_COLOR[p]}" stroke-width="1.5" stroke-dasharray="4 3" data-marker="${p}" data-ms="${v}"><title>${escapeHtml(text)}</title></line>`,
      // Labels near the right edge read leftwards from their line.
      `<text x="${nearEnd ? at - 3 : at + 3}" y="${10 + i * 10}" fill="${MARK_COLOR[p]}" font-size="10"${nearEnd ? ' text-anchor="end"' : ''}>${escapeHtml(text)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

const LINES = [
  { key: 'p50', color: MARK_COLOR.p50 },
  { key: 'p95', color: MARK_COLOR.p95 },
  { key: 'max', color: MARK_COLOR.max },
] as const;

/** Per second: responses as faint bars (their own scale), p50/p95/max latency as lines. */
export function latencyOverTimeSvg(seconds: readonly LatencySecond[], options: { width?: number } = {}): string {
  const width = options.width ?? 720;
  const height = 160;
  const pad = { left: 40, right: 12, top: 14, bottom: 22 };
  const topMs = Math.max(1, ...seconds.map((s) => s.max));
  const topReq = Math.max(1, ...seconds.map((s) => s.requests));
  const slot = (width - pad.left - pad.right) / Math.max(1, seconds.length);
  const cx = (i: number) => pad.left + (i + 0.5) * slot;
  const y = (v: number, top: number) => height - pad.bottom - (v / top) * (height - pad.top - pad.bottom);
  const parts = [svgOpen(width, height, 'latency over time, per second', 'over-time')];
  parts.push(`<line x1="${pad.left}" y1="${y(0, 1)}" x2="${width - pad.right}" y2="${y(0, 1)}" stroke="${GRID}"/>`);
  parts.push(`<text x="${pad.left - 4}" y="${pad.top + 4}" fill="${FG}" font-size="10" text-anchor="end">${escapeHtml(ms(topMs))}</text>`);
  seconds.forEach((s, i) => {
    const tip = `second ${s.second}: ${s.requests} responses, p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, max ${ms(s.max)}`;
    parts.push(
      `<rect x="${pad.left + i * slot + 1}" y="${y(s.requests, topReq)}" width="${Math.max(1, slot - 2)}" height="${y(0, 1) - y(s.requests, topReq)}" fill="${FAINT}" opacity="0.35" data-second="${s.second}" data-requests="${s.requests}"><title>${escapeHtml(tip)}</title></rect>`,
    );
    parts.push(`<text x="${cx(i)}" y="${height - 6}" fill="${FG}" font-size="10" text-anchor="middle">${s.second}s</text>`);
  });
  LINES.forEach(({ key, color }, i) => {
    const points = seconds.map((s, j) => `${cx(j)},${y(s[key], topMs)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${color}" stroke-width="1.5" data-line="${key}"/>`);
    for (const [j, s] of seconds.entries()) parts.push(`<circle cx="${cx(j)}" cy="${y(s[key], topMs)}" r="2.5" fill="${color}"/>`);
    parts.push(`<text x="${width - pad.right - 4}" y="${pad.top + 4 + i * 11}" fill="${color}" font-size="10" text-anchor="end">${key}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}
