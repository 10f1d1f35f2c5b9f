/**
 * Values over time (memory, event-loop delay) as a self-contained SVG line chart (mprof-like): no script, no styles, only
 * presentation attributes, so it renders under a webview CSP of default-src 'none' and in a file.
 * Colours are CSS variables with fallbacks, so VS Code themes apply.
 */
import { escapeHtml } from '../webviewPage';
import { formatBytes, MemorySeries } from './memorySeries';

const COLORS = ['var(--vscode-charts-blue, #3794ff)', 'var(--vscode-charts-orange, #d18616)', 'var(--vscode-charts-green, #89d185)'];

/** A point in time drawn across the chart, e.g. a GC event; major ones run the chart's full height. */
export interface ChartMark {
  atMs: number;
  label: string;
  major: boolean;
}

/** One line of the chart: a value at each time (ms from the start). */
export interface ChartSeries {
  readonly name: string;
  readonly timesMs: readonly number[];
  readonly values: readonly number[];
}

export interface ChartOptions {
  width?: number;
  height?: number;
  title?: string;
  marks?: readonly ChartMark[];
  /** Axis and legend text of a value (default: bytes). */
  formatValue?: (v: number) => string;
  /** Said in the chart when no series has a point. */
  emptyText?: string;
}

export function memorySeriesSvg(series: readonly MemorySeries[], options: ChartOptions = {}): string {
  return lineChartSvg(
    series.map((s) => ({ name: s.name, timesMs: s.timesMs, values: s.bytes })),
    {
      emptyText: 'no memory samples (the run was shorter than one sampling interval, or /proc is unavailable)',
      ...options,
      formatValue: options.formatValue ?? formatBytes,
    },
  );
}

export function lineChartSvg(series: readonly ChartSeries[], options: ChartOptions = {}): string {
  const format = options.formatValue ?? formatBytes;
  const width = options.width ?? 720;
  const height = options.height ?? 260;
  const pad = { left: 72, right: 16, top: 28, bottom: 36 };
  const drawn = series.filter((s) => s.timesMs.length > 0);
  let maxT = 1;
  let maxB = 1;
  for (const s of drawn) {
    maxT = Math.max(maxT, ...s.timesMs);
    maxB = Math.max(maxB, ...s.values);
  }
  const marks = options.marks ?? [];
  for (const m of marks) maxT = Math.max(maxT, m.atMs);
  const x = (t: number) => pad.left + (t / maxT) * (width - pad.left - pad.right);
  const y = (b: number) => height - pad.bottom - (b / maxB) * (height - pad.top - pad.bottom);
  const fg = 'var(--vscode-foreground, #cccccc)';
  const grid = 'var(--vscode-editorWidget-border, #555555)';
  const parts: string[] = [
    // Scales to the panel's width (the viewBox keeps the proportions).
    `<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeHtml(options.title ?? 'memory over time')}">`,
  ];
  if (options.title) parts.push(`<text x="${pad.left}" y="16" fill="${fg}" font-size="13">${escapeHtml(options.title)}</text>`);
  for (let k = 0; k <= 4; k++) {
    const b = (maxB * k) / 4;
    parts.push(`<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(b).toFixed(1)}" y2="${y(b).toFixed(1)}" stroke="${grid}" stroke-width="0.5"/>`);
    parts.push(`<text x="${pad.left - 6}" y="${(y(b) + 4).toFixed(1)}" fill="${fg}" font-size="11" text-anchor="end">${escapeHtml(format(b))}</text>`);
  }
  parts.push(
    `<text x="${width - pad.right}" y="${height - 8}" fill="${fg}" font-size="11" text-anchor="end">${escapeHtml(`${(maxT / 1000).toFixed(2)} s`)}</text>`,
  );
  parts.push(`<text x="${pad.left}" y="${height - 8}" fill="${fg}" font-size="11">0 s</text>`);
  const bottom = height - pad.bottom;
  const markColor = 'var(--vscode-charts-red, #f14c4c)';
  for (const m of marks) {
    // Minor collections are short ticks on the time axis; full ones cross the chart, dashed.
    const top = m.major ? pad.top : bottom - 8;
    const dash = m.major ? ' stroke-dasharray="3 3"' : '';
    parts.push(
      `<line class="gc-mark" x1="${x(m.atMs).toFixed(1)}" x2="${x(m.atMs).toFixed(1)}" y1="${top.toFixed(1)}" y2="${bottom.toFixed(1)}" stroke="${markColor}" stroke-width="1"${dash}><title>${escapeHtml(`${m.label} at ${(m.atMs / 1000).toFixed(2)} s`)}</title></line>`,
    );
  }
  if (marks.length > 0) {
    const major = marks.filter((m) => m.major).length;
    parts.push(
      `<text x="${width - pad.right}" y="16" fill="${markColor}" font-size="11" text-anchor="end">${escapeHtml(`GC marks: ${marks.length - major} minor (ticks), ${major} full (dashed)`)}</text>`,
    );
  }
  drawn.forEach((s, i) => {
    const pts = s.timesMs.map((t, j) => `${x(t).toFixed(1)},${y(s.values[j]!).toFixed(1)}`).join(' ');
    const color = COLORS[i % COLORS.length]!;
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts}"/>`);
    let peak = 0;
    for (let j = 1; j < s.values.length; j++) if (s.values[j]! > s.values[peak]!) peak = j;
    // One legend line per series, so long names never overlap.
    parts.push(
      `<text x="${pad.left + 8}" y="${pad.top + 12 + i * 14}" fill="${color}" font-size="11">${escapeHtml(`${s.name}: peak ${format(s.values[peak]!)} at ${(s.timesMs[peak]! / 1000).toFixed(2)} s`)}</text>`,
    );
  });
  if (drawn.length === 0)
    parts.push(`<text x="${pad.left + 8}" y="${height / 2}" fill="${fg}" font-size="12">${escapeHtml(options.emptyText ?? 'no samples')}</text>`);
  parts.push('</svg>');
  return parts.join('');
}
