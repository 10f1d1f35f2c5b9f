/**
 * The "Page Load" results page: Lighthouse's metrics with its own scores, the findings that matter
 * for a slow load (each resource and, through the bundle's source map, the original files behind
 * it), the per-type resource summary, and the network waterfall — chart and a request table that
 * sorts by any column and filters by URL or type. Built with webviewPage (strict CSP, one nonce);
 * every string from the page is escaped here, the data itself stays verbatim.
 */
import { formatBytes, formatDurationNs } from '../annotations/weightFormat';
import { escapeHtml, webviewPage } from '../webviewPage';
import { BUNDLE_STYLE, bundlesHtml, type PageBundles } from './bundleView';
import type { FindingItem, PageFinding } from './lhr';
import type { MetricSummary, PageRuns } from './runs';
import type { PageRequest } from './waterfall';
import { requestTooltip, shortUrl, waterfallSvg } from './waterfallSvg';

const ms = (v: number) => formatDurationNs(v * 1e6);
const metricValue = (m: MetricSummary, v: number) => (m.unit === 'unitless' ? v.toFixed(3) : ms(v));

/** Lighthouse's colour bands: ≥ 0.9 good, ≥ 0.5 needs improvement, else poor. */
export function scoreBand(score: number | null): 'good' | 'average' | 'poor' | 'none' {
  if (score === null) return 'none';
  return score >= 0.9 ? 'good' : score >= 0.5 ? 'average' : 'poor';
}

function metricCards(page: PageRuns): string {
  const cards = page.metrics.map((m) => {
    const spread =
      page.runs.length > 1
        ? `<div class="spread">${escapeHtml(`${metricValue(m, m.min)} – ${metricValue(m, m.max)} over ${page.runs.length} runs`)}</div>`
        : '';
    const score = m.score === null ? '–' : String(Math.round(m.score * 100));
    return `<div class="metric ${scoreBand(m.score)}" data-metric="${escapeHtml(m.id)}"><div class="short">${escapeHtml(m.short)}</div><div class="value">${escapeHtml(metricValue(m, m.median))}</div><div class="label">${escapeHtml(m.label)} · score ${score}</div>${spread}</div>`;
  });
  return `<div class="metrics">${cards.join('')}</div>`;
}

function itemHtml(f: PageFinding, i: FindingItem): string {
  const facts: string[] = [];
  if (f.id === 'long-tasks') facts.push(`${ms(i.durationMs ?? 0)} task at ${ms(i.startTimeMs ?? 0)}`);
  else if (f.id === 'bootup-time') facts.push(`${ms(i.durationMs ?? 0)} CPU`, `${ms(i.scriptingMs ?? 0)} evaluating`, `${ms(i.parseMs ?? 0)} parsing`);
  else {
    if (i.totalBytes !== undefined) facts.push(formatBytes(i.totalBytes));
    if (i.wastedBytes !== undefined) facts.push(`${formatBytes(i.wastedBytes)} unused`);
    if (i.wastedMs !== undefined) facts.push(`blocks ${ms(i.wastedMs)}`);
  }
  const sources = i.sources
    .filter((s) => s.wastedBytes > 0 || s.bytes > 0)
    .map(
      (s) =>
        `<li><code>${escapeHtml(s.source)}</code> ${escapeHtml(formatBytes(s.bytes))}${s.wastedBytes > 0 ? `, ${escapeHtml(formatBytes(s.wastedBytes))} unused` : ''}</li>`,
    )
    .join('');
  return `<li><code title="${escapeHtml(i.url)}">${escapeHtml(shortUrl(i.url, 80))}</code> ${escapeHtml(facts.join(' · '))}${sources ? `<ul class="sources">${sources}</ul>` : ''}</li>`;
}

function findingsHtml(page: PageRuns): string {
  const shown = page.medianRun.findings.filter((f) => f.items.length > 0);
  if (shown.length === 0) return '<p>Lighthouse found no render-blocking resources, unused code, heavy bytes or long tasks.</p>';
  return shown
    .map(
      (f) =>
        `<section class="finding ${scoreBand(f.score)}" data-finding="${escapeHtml(f.id)}"><h3>${escapeHtml(f.title)}${f.displayValue ? ` <span class="display">${escapeHtml(f.displayValue)}</span>` : ''}</h3><ul>${f.items
          .slice(0, 10)
          .map((i) => itemHtml(f, i))
          .join('')}</ul></section>`,
    )
    .join('');
}

function requestTable(page: PageRuns): string {
  // Each cell: its sort key and its text.
  const columns: { head: string; numeric: boolean; cell: (r: PageRequest) => [string, string] }[] = [
    { head: 'URL', numeric: false, cell: (r) => [r.url, shortUrl(r.url, 70)] },
    { head: 'type', numeric: false, cell: (r) => [r.resourceType, r.resourceType] },
    { head: 'priority', numeric: false, cell: (r) => [r.priority, r.priority] },
    { head: 'start', numeric: true, cell: (r) => [String(r.startMs), ms(r.startMs)] },
    { head: 'duration', numeric: true, cell: (r) => [String(r.endMs - r.startMs), ms(r.endMs - r.startMs)] },
    { head: 'transferred', numeric: true, cell: (r) => [String(r.transferSize), formatBytes(r.transferSize)] },
    { head: 'render', numeric: true, cell: (r) => [r.renderBlocking ? '1' : '0', r.renderBlocking ? 'blocking' : ''] },
    { head: 'chain', numeric: true, cell: (r) => [r.onCriticalChain ? '1' : '0', r.onCriticalChain ? 'critical' : ''] },
  ];
  const th = columns.map((c, i) => `<th data-col="${i}" data-numeric="${c.numeric ? 1 : 0}">${escapeHtml(c.head)}</th>`).join('');
  const rows = page.medianRun.waterfall.requests.map((r, i) => {
    const tds = columns.map((c) => {
      const [key, text] = c.cell(r);
      return `<td data-key="${escapeHtml(key)}">${escapeHtml(text)}</td>`;
    });
    return `<tr data-row="${i}" data-filter="${escapeHtml(`${r.url} ${r.resourceType}`.toLowerCase())}" title="${escapeHtml(requestTooltip(r))}">${tds.join('')}</tr>`;
  });
  return `<table id="requests"><thead><tr>${th}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * The page's one script. It says the page loaded (as loadedPingScript does; the API can be acquired
 * only once, so this script holds it); sorts a table by a clicked column (again: reverse), the
 * request table and the bundle tables alike; filters the requests by URL or type (rows of the chart
 * follow); shows a treemap tile's name, bytes and share under its chart on hover, and asks the
 * extension to open a tile's workspace file on a click (PageLoadMessage, parsed by parseFromPageLoadMessage).
 */
const SCRIPT = `
const host = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
host?.postMessage({ type: 'loaded' });
let sorted, dir = 1;
for (const table of document.querySelectorAll('#requests, table.bundle-parts')) {
  const body = table.tBodies[0];
  table.tHead.addEventListener('click', (e) => {
    const th = e.target.closest('th');
    if (!th) return;
    const col = Number(th.dataset.col);
    dir = sorted === th ? -dir : 1;
    sorted = th;
    const numeric = th.dataset.numeric === '1';
    const key = (tr) => tr.cells[col].dataset.key ?? tr.cells[col].textContent;
    [...body.rows].sort((a, b) => dir * (numeric ? parseFloat(key(a)) - parseFloat(key(b)) : key(a).localeCompare(key(b)))).forEach((tr) => body.appendChild(tr));
    document.body.dataset.sorted = th.textContent + (dir > 0 ? ' ↑' : ' ↓');
  });
}
for (const svg of document.querySelectorAll('svg.treemap')) {
  const info = svg.parentElement.querySelector('.tm-info');
  svg.addEventListener('mouseover', (e) => {
    const tile = e.target.closest('[data-info]');
    if (tile) info.textContent = tile.dataset.info + (tile.dataset.open ? ' (click to open)' : '');
  });
  svg.addEventListener('click', (e) => {
    const tile = e.target.closest('[data-open]');
    if (tile) host?.postMessage({ type: 'openBundleSource', source: tile.dataset.open });
  });
}
const body = document.getElementById('requests').tBodies[0];
document.getElementById('filter').addEventListener('input', (e) => {
  const q = e.target.value.trim().toLowerCase();
  let shown = 0;
  for (const tr of body.rows) {
    const hide = q !== '' && !tr.dataset.filter.includes(q);
    tr.hidden = hide;
    const g = document.querySelector('#waterfall g[data-row="' + tr.dataset.row + '"]');
    if (g) g.setAttribute('opacity', hide ? '0.15' : '1');
    if (!hide) shown++;
  }
  document.getElementById('shown').textContent = shown + ' of ' + body.rows.length + ' requests';
});
`;

const STYLE = `
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); padding: 0 16px 24px; }
.metrics { display: flex; flex-wrap: wrap; gap: 8px; }
.metric { border: 1px solid var(--vscode-editorWidget-border, #555); border-left-width: 5px; padding: 6px 10px; min-width: 150px; }
.metric .short { font-weight: bold; } .metric .value { font-size: 1.5em; } .metric .label, .metric .spread { opacity: 0.8; font-size: 0.9em; }
.finding { border-left: 4px solid; padding-left: 8px; margin: 8px 0; } .finding.none { border-left-color: transparent; } .finding h3 { margin: 4px 0; font-size: 1em; } .display { font-weight: normal; opacity: 0.8; }
.good { border-left-color: var(--vscode-charts-green, #89d185); } .average { border-left-color: var(--vscode-charts-orange, #d18616); } .poor { border-left-color: var(--vscode-charts-red, #f14c4c); }
ul.sources { margin: 2px 0 4px; opacity: 0.9; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; } th { text-align: left; cursor: pointer; border-bottom: 1px solid var(--vscode-editorWidget-border, #555); }
td { padding: 1px 6px; white-space: nowrap; } tr:hover { background: var(--vscode-list-hoverBackground, #333); }
.legend span { margin-right: 12px; } .key { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
.key.queueing { background: var(--vscode-disabledForeground, #888); } .key.waiting { background: var(--vscode-charts-orange, #d18616); } .key.download { background: var(--vscode-charts-blue, #3794ff); } .key.blocking { background: var(--vscode-charts-red, #f14c4c); } .key.critical { background: var(--vscode-charts-yellow, #cca700); }
`;

/** `bundles`: the composition of the scripts the page loaded (its section is left out without it). */
export function pageResultsHtml(page: PageRuns, options: { nonce: string; cspSource?: string; bundles?: PageBundles }): string {
  const run = page.medianRun;
  const w = run.waterfall;
  const score = run.performanceScore === null ? '–' : String(Math.round(run.performanceScore * 100));
  const lcp = w.lcp.element ? `<p>LCP element: <code>${escapeHtml(w.lcp.element.selector)}</code> ${escapeHtml(w.lcp.element.label)}</p>` : '';
  const resources = page.resources
    .map((r) => `<tr><td>${escapeHtml(r.resourceType)}</td><td>${r.requestCount}</td><td>${escapeHtml(formatBytes(r.transferSize))}</td></tr>`)
    .join('');
  const errors = run.auditErrors.length
    ? `<p class="poor">Lighthouse audits that failed: ${escapeHtml(run.auditErrors.map((e) => `${e.id} (${e.message})`).join('; '))}</p>`
    : '';
  const body = [
    `<h1>Page load: ${escapeHtml(run.url)}</h1>`,
    `<p>Lighthouse ${escapeHtml(run.lighthouseVersion)}, ${escapeHtml(run.throttlingMethod)} throttling, ${page.runs.length} run${page.runs.length === 1 ? '' : 's'} · performance score <b>${score}</b></p>`,
    metricCards(page),
    lcp,
    errors,
    '<h2>What slows the load</h2>',
    findingsHtml(page),
    options.bundles ? bundlesHtml(options.bundles) : '',
    `<h2>Network waterfall</h2><p>${w.requests.length} requests · critical chain ${escapeHtml(ms(w.criticalChain.durationMs))} over ${w.criticalChain.length} requests, ${escapeHtml(formatBytes(w.criticalChain.transferSize))}</p>`,
    '<p class="legend"><span><i class="key queueing"></i>queueing</span><span><i class="key waiting"></i>waiting (first byte)</span><span><i class="key download"></i>download</span><span><i class="key blocking"></i>render-blocking</span><span><i class="key critical"></i>critical chain</span></p>',
    waterfallSvg(w),
    `<p><input id="filter" type="search" placeholder="Filter by URL or type"> <span id="shown">${w.requests.length} of ${w.requests.length} requests</span></p>`,
    requestTable(page),
    `<h2>Resources</h2><table><thead><tr><th>type</th><th>requests</th><th>transferred</th></tr></thead><tbody>${resources}</tbody></table>`,
    `<script nonce="${options.nonce}">${SCRIPT}</script>`,
  ].join('\n');
  return webviewPage({
    nonce: options.nonce,
    cspSource: options.cspSource,
    title: `Page load: ${run.url}`,
    body,
    style: STYLE + BUNDLE_STYLE,
  });
}
