/**
 * The network waterfall as a self-contained SVG: one row per request on a time axis, its phases
 * (queueing, waiting for the first byte, download) as bars, render-blocking requests marked, the
 * critical request chain outlined, and the FCP and LCP moments as vertical lines. Presentation
 * attributes only (no inline styles), so it renders under a strict CSP; every URL is escaped here.
 * Each row carries data-row (its index) so the page's filter can hide rows in the chart and the table alike.
 */
import { formatBytes, formatDurationNs } from '../annotations/weightFormat';
import { escapeHtml } from '../webviewPage';
import type { ConnectionPhases, Headers } from './devtoolsLog';
import type { PageRequest, PhaseName, Waterfall } from './waterfall';

const PHASE_COLORS: Record<PhaseName, string> = {
  queueing: 'var(--vscode-disabledForeground, #888888)',
  waiting: 'var(--vscode-charts-orange, #d18616)',
  download: 'var(--vscode-charts-blue, #3794ff)',
  network: 'var(--vscode-charts-blue, #3794ff)',
};
const FG = 'var(--vscode-foreground, #cccccc)';
const GRID = 'var(--vscode-editorWidget-border, #555555)';
const BLOCKING = 'var(--vscode-charts-red, #f14c4c)';
const CRITICAL = 'var(--vscode-charts-yellow, #cca700)';
const LCP = 'var(--vscode-charts-green, #89d185)';
const FCP = 'var(--vscode-charts-purple, #b180d7)';

const ms = (v: number) => formatDurationNs(v * 1e6);

/** "host/path" without the scheme, shortened in the middle to fit a label column. */
export function shortUrl(url: string, max = 48): string {
  let text = url;
  try {
    const u = new URL(url);
    text = `${u.host}${u.pathname}${u.search}`;
  } catch {
    // data: URIs and the like stay as they are
  }
  return text.length > max ? `${text.slice(0, 18)}…${text.slice(text.length - (max - 19))}` : text;
}

/** What a hover shows for a request: its timings, size, type and priority. */
const MAX_HEADERS = 12;

function headerLines(title: string, headers: Headers): string[] {
  if (headers.length === 0) return [];
  const shown = headers.slice(0, MAX_HEADERS).map(([k, v]) => `  ${k}: ${v.length > 100 ? `${v.slice(0, 100)}…` : v}`);
  return [`${title}:`, ...shown, ...(headers.length > MAX_HEADERS ? [`  … ${headers.length - MAX_HEADERS} more`] : [])];
}

/** DNS, connect, TLS, send and waiting (TTFB) from the devtools log; phases that did not happen are left out. */
export function connectionText(p: ConnectionPhases): string {
  const parts = [
    p.dnsMs !== undefined ? `DNS ${ms(p.dnsMs)}` : '',
    p.connectMs !== undefined ? `connect ${ms(p.connectMs)}` : '',
    p.tlsMs !== undefined ? `TLS ${ms(p.tlsMs)}` : '',
    `send ${ms(p.sendMs)}`,
    `waiting (TTFB) ${ms(p.waitingMs)}`,
  ].filter(Boolean);
  return `${parts.join(', ')}${p.connectionReused ? ' · connection reused' : ''}`;
}

export function requestTooltip(r: PageRequest): string {
  const phases = r.phases.map((p) => `${p.name} ${ms(p.endMs - p.startMs)}`).join(', ');
  const d = r.detail;
  const flags = [r.renderBlocking ? 'render-blocking' : '', r.onCriticalChain ? 'on the critical chain' : ''].filter(Boolean).join(', ');
  return [
    r.url,
    `${r.resourceType || 'other'} · ${r.mimeType || '?'} · priority ${r.priority || '?'} · ${r.protocol || '?'} · status ${r.statusCode}`,
    `start ${ms(r.startMs)}, end ${ms(r.endMs)} (${ms(r.endMs - r.startMs)}): ${phases}`,
    `${formatBytes(r.transferSize)} transferred, ${formatBytes(r.resourceSize)} resource`,
    flags,
    d?.phases ? connectionText(d.phases) : '',
    ...headerLines('request headers', d?.requestHeaders ?? []),
    ...headerLines('response headers', d?.responseHeaders ?? []),
  ]
    .filter(Boolean)
    .join('\n');
}

export function waterfallSvg(w: Waterfall, options: { width?: number } = {}): string {
  const width = options.width ?? 960;
  const rowH = 18;
  const label = 300;
  const pad = { top: 28, right: 16, bottom: 24 };
  const height = pad.top + w.requests.length * rowH + pad.bottom;
  const end = Math.max(1, w.endMs, w.lcp.timeMs, w.fcpMs);
  const x = (t: number) => label + (Math.max(0, t) / end) * (width - label - pad.right);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="network waterfall" id="waterfall">`,
  ];
  // Time axis: five ticks.
  for (let i = 0; i <= 5; i++) {
    const t = (end * i) / 5;
    parts.push(
      `<line x1="${x(t)}" y1="${pad.top - 6}" x2="${x(t)}" y2="${height - pad.bottom}" stroke="${GRID}" stroke-width="0.5"/>`,
      `<text x="${x(t)}" y="${pad.top - 10}" fill="${FG}" font-size="10" text-anchor="${i === 5 ? 'end' : 'middle'}">${escapeHtml(i === 0 ? '0' : ms(t))}</text>`,
    );
  }
  w.requests.forEach((r, i) => {
    const y = pad.top + i * rowH;
    const row = [`<g data-row="${i}"><title>${escapeHtml(requestTooltip(r))}</title>`];
    if (r.onCriticalChain) row.push(`<rect x="0" y="${y}" width="${width}" height="${rowH}" fill="${CRITICAL}" fill-opacity="0.12"/>`);
    if (r.renderBlocking) row.push(`<rect x="0" y="${y + 2}" width="4" height="${rowH - 4}" fill="${BLOCKING}"><title>render-blocking</title></rect>`);
    row.push(
      `<text x="8" y="${y + rowH - 5}" fill="${FG}" font-size="11"${r.onCriticalChain ? ' font-weight="bold"' : ''}>${escapeHtml(shortUrl(r.url))}</text>`,
    );
    for (const p of r.phases) {
      const bw = Math.max(1, x(p.endMs) - x(p.startMs));
      row.push(`<rect x="${x(p.startMs)}" y="${y + 4}" width="${bw}" height="${rowH - 8}" fill="${PHASE_COLORS[p.name]}" data-phase="${p.name}"/>`);
    }
    row.push('</g>');
    parts.push(row.join(''));
  });
  const marker = (t: number, color: string, name: string, dy: number) =>
    `<line x1="${x(t)}" y1="${pad.top - 4}" x2="${x(t)}" y2="${height - pad.bottom}" stroke="${color}" stroke-width="1.5" stroke-dasharray="4 3"><title>${escapeHtml(`${name} at ${ms(t)}`)}</title></line>` +
    // Labels near the right edge end at their line instead of running off the chart.
    (x(t) > width - 120
      ? `<text x="${x(t) - 3}" y="${height - pad.bottom + dy}" fill="${color}" font-size="10" text-anchor="end">${escapeHtml(`${name} ${ms(t)}`)}</text>`
      : `<text x="${x(t) + 3}" y="${height - pad.bottom + dy}" fill="${color}" font-size="10">${escapeHtml(`${name} ${ms(t)}`)}</text>`);
  if (w.fcpMs > 0) parts.push(marker(w.fcpMs, FCP, 'FCP', 11));
  if (w.lcp.timeMs > 0) parts.push(marker(w.lcp.timeMs, LCP, 'LCP', 22));
  parts.push('</svg>');
  return parts.join('\n');
}
