/**
 * The "Traces" panel: per endpoint (root span label) the latency distribution with p50/p95/p99,
 * "why is the tail slow" (each span label's share of the critical path in the slow tail against
 * the median band, for ≥p95 or ≥p99), the slowest traces as span waterfalls with the critical path marked, queue
 * waits and requests in flight over time; then the source lines whose spans carry code.*
 * attributes. Built with webviewPage (strict CSP, one nonce'd script that picks the endpoint and the slow tail);
 * every span name, service and URL is escaped, the data itself stays verbatim.
 */
import { escapeHtml, webviewPage } from '../webviewPage';
import type { CodeLineLatency } from './codeLines';
import { criticalPath } from './criticalPath';
import { tailBreakdown, treesByEndpoint } from './latency';
import type { SpanTree, Trace } from './model';
import { buildTraceReport, formatMicros as ms, formatShare as pct, tailSummary, type EndpointReport, type TailSummary } from './report';
import { concurrencySvg, histogramSvg, spanWaterfallSvg } from './traceSvg';

export interface TracePageInput {
  /** What the traces are: "zipkin-shop.json" or "Zipkin http://127.0.0.1:9411, service shop". */
  readonly source: string;
  readonly format: string;
  readonly traces: readonly Trace[];
  /** Source lines with their span latencies (codeLineLatencies), shown when any. */
  readonly codeLines?: readonly CodeLineLatency[];
  /** How many of each endpoint's slowest traces get a waterfall; 5 by default. */
  readonly slowest?: number;
}

const STATS = ['count', 'min', 'p50', 'p90', 'p95', 'p99', 'max', 'mean'] as const;

function latencyTable(e: EndpointReport): string {
  const l = e.latency;
  const th = STATS.map((s) => `<th>${s}</th>`).join('');
  const td = STATS.map((s) => `<td data-stat="${s}">${escapeHtml(s === 'count' ? String(l.count) : ms(l[s]))}</td>`).join('');
  return `<table class="latency"><thead><tr>${th}</tr></thead><tbody><tr>${td}</tr></tbody></table>`;
}

/** The slow tails the panel offers; the report's own choice (by trace count) is shown first. */
const TAILS = [0.95, 0.99];

function sharesTable(tail: TailSummary, shown: boolean): string {
  const q = `p${Math.round(tail.quantile * 100)}`;
  const rows = tail.shares
    .map(
      (s) =>
        `<tr data-label="${escapeHtml(s.label)}"><td>${escapeHtml(s.label)}</td><td data-share="tail">${pct(s.tailShare)}</td><td data-share="median">${pct(s.medianShare)}</td><td>${escapeHtml(ms(s.tailMean))}</td><td>${escapeHtml(ms(s.medianMean))}</td></tr>`,
    )
    .join('');
  return [
    `<div class="tail" data-q="${tail.quantile}"${shown ? '' : ' hidden'}>`,
    `<h3>Why is ${q} slow</h3>`,
    `<p>Share of the critical path in the ${tail.traces} trace${tail.traces === 1 ? '' : 's'} at or above ${q} (${escapeHtml(ms(tail.threshold))}) against the ${tail.medianTraces} around the median.</p>`,
    `<table class="shares"><thead><tr><th>span</th><th>tail share</th><th>median share</th><th>tail mean</th><th>median mean</th></tr></thead><tbody>${rows}</tbody></table>`,
    '</div>',
  ].join('\n');
}

/** The tail picker and a breakdown per tail, the report's own visible. */
function tailSection(e: EndpointReport, trees: readonly SpanTree[]): string {
  const options = TAILS.map((q) => `<option value="${q}"${q === e.tail.quantile ? ' selected' : ''}>≥p${Math.round(q * 100)}</option>`).join('');
  const tables = TAILS.map((q) =>
    sharesTable(q === e.tail.quantile ? e.tail : tailSummary(tailBreakdown(e.latency.endpoint, trees, q)), q === e.tail.quantile),
  );
  return [`<p><label>Slow tail <select class="tail">${options}</select></label></p>`, ...tables].join('\n');
}

function queueTable(e: EndpointReport): string {
  if (e.queueWaits.length === 0) return '';
  const rows = e.queueWaits
    .map(
      (w) =>
        `<tr data-edge="${escapeHtml(w.edge)}"><td>${escapeHtml(w.edge)}</td><td>${w.count}</td><td>${escapeHtml(ms(w.p50))}</td><td>${escapeHtml(ms(w.p95))}</td><td>${escapeHtml(ms(w.max))}</td></tr>`,
    )
    .join('');
  return `<h3>Queue waits</h3><p>Time from a span's start to its first child's start (waiting for a worker, a connection or a lock shows here).</p><table class="queue"><thead><tr><th>parent → first child</th><th>count</th><th>p50</th><th>p95</th><th>max</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function codeLinesTable(lines: readonly CodeLineLatency[]): string {
  if (lines.length === 0) return '';
  const rows = lines
    .map(
      (c) =>
        `<tr><td><code>${escapeHtml(`${c.file}:${c.line}`)}</code></td><td>${escapeHtml(c.labels.join(', '))}</td><td>${c.count}</td><td>${escapeHtml(ms(c.p50))}</td><td>${escapeHtml(ms(c.p95))}</td></tr>`,
    )
    .join('');
  return `<h2>Source lines</h2><p>Spans that name their line (code.filepath / code.lineno); the editor shows their latency on that line.</p><table class="code"><thead><tr><th>line</th><th>spans</th><th>count</th><th>p50</th><th>p95</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** Shows only the endpoint chosen in the endpoint select, and in a section the breakdown of the tail chosen in its select. */
const SCRIPT = `
document.addEventListener('change', (e) => {
  const pick = e.target;
  if (pick.id === 'endpoint') {
    for (const s of document.querySelectorAll('section.endpoint')) s.hidden = pick.value !== '' && s.dataset.index !== pick.value;
  } else if (pick.matches('select.tail')) {
    for (const d of pick.closest('section').querySelectorAll('div.tail')) d.hidden = d.dataset.q !== pick.value;
  }
});
`;

const STYLE = `
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); padding: 0 16px 24px; }
table { border-collapse: collapse; font-size: 0.9em; margin: 4px 0 8px; } th { text-align: left; border-bottom: 1px solid var(--vscode-editorWidget-border, #555); padding: 1px 8px; }
td { padding: 1px 8px; white-space: nowrap; } tr:hover { background: var(--vscode-list-hoverBackground, #333); }
section.endpoint { border-top: 1px solid var(--vscode-editorWidget-border, #555); margin-top: 12px; }
.legend span { margin-right: 12px; } .key { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.key.span { background: var(--vscode-charts-blue, #3794ff); opacity: 0.55; } .key.critical { background: var(--vscode-charts-red, #f14c4c); }
`;

export function tracesPageHtml(input: TracePageInput, options: { nonce: string; cspSource?: string }): string {
  const report = buildTraceReport(input.traces);
  const trees = treesByEndpoint(input.traces);
  const sections = report.endpoints.map((e, i) => {
    const endpointTrees = trees.get(e.latency.endpoint) ?? [];
    const slowest = [...endpointTrees].sort((a, b) => b.root.duration - a.root.duration).slice(0, input.slowest ?? 5);
    const waterfalls = slowest.map((tree) => {
      const path = criticalPath(tree);
      return `<h4 data-trace="${escapeHtml(tree.trace.traceId)}">${escapeHtml(`${tree.trace.traceId} · ${ms(tree.root.duration)} · ${tree.trace.spans.length} spans`)}</h4>\n${spanWaterfallSvg(tree, path)}`;
    });
    return [
      `<section class="endpoint" data-index="${i}" data-endpoint="${escapeHtml(e.latency.endpoint)}">`,
      `<h2>${escapeHtml(e.latency.endpoint)} — ${e.latency.count} trace${e.latency.count === 1 ? '' : 's'}</h2>`,
      latencyTable(e),
      histogramSvg(
        endpointTrees.map((t) => t.root.duration),
        e.latency,
      ),
      tailSection(e, endpointTrees),
      `<h3>Slowest traces</h3><p class="legend"><span><i class="key span"></i>span</span><span><i class="key critical"></i>critical path</span></p>`,
      waterfalls.join('\n'),
      queueTable(e),
      `<h3>Requests in flight</h3>${concurrencySvg(e.concurrency, 'requests')}<p>At most ${Math.max(0, ...e.concurrency.map((c) => c.max))} at once.</p>`,
      '</section>',
    ].join('\n');
  });
  const options_ = report.endpoints.map((e, i) => `<option value="${i}">${escapeHtml(`${e.latency.endpoint} (${e.latency.count})`)}</option>`).join('');
  const body = [
    `<h1>Traces: ${escapeHtml(input.source)}</h1>`,
    `<p>${report.traces} trace${report.traces === 1 ? '' : 's'}, ${report.spans} spans · ${escapeHtml(input.format)} · ${report.endpoints.length} endpoint${report.endpoints.length === 1 ? '' : 's'}</p>`,
    report.endpoints.length > 1 ? `<p><label>Endpoint <select id="endpoint"><option value="">all</option>${options_}</select></label></p>` : '',
    report.endpoints.length ? sections.join('\n') : '<p>No traces with spans.</p>',
    codeLinesTable(input.codeLines ?? []),
    `<script nonce="${options.nonce}">${SCRIPT}</script>`,
  ].join('\n');
  return webviewPage({ nonce: options.nonce, cspSource: options.cspSource, title: `Traces: ${input.source}`, body, style: STYLE, loadedPing: true });
}
