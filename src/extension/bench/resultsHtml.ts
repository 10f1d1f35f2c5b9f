// The benchmark results view's page: a table per run, the comparison, and a chart of each benchmark's
// median across runs. Pure (no vscode import); built by webviewPage, whose one script only says the
// page loaded. Every name comes from user code or tool output: escaped.
import { escapeHtml, webviewPage } from '../../core/webviewPage';
import { benchmarkKey, formatDuration, formatP, statsOf, type BenchRun, type HistoryPoint, type RunComparison } from '../../core/bench';

export interface ResultsPage {
  title: string;
  run?: BenchRun;
  comparison?: RunComparison;
  /** Benchmark key -> its points across runs, oldest first. */
  history: Map<string, HistoryPoint[]>;
  nonce: string;
  cspSource: string;
}

/** `2026-11-25T06:41:32.248Z` as `2026-11-25 06:41:32 UTC`. */
function readableTime(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`);

function runTable(run: BenchRun): string {
  const rows = run.benchmarks.map((b) => {
    const s = statsOf(b);
    const flags = [s.unstable ? `unstable (CV ${(s.cv * 100).toFixed(1)}%)` : '', s.tooFewSamples ? `only ${s.n} samples` : ''].filter(Boolean).join(', ');
    const n =
      b.callsPerSample && b.callsPerSample > 1
        ? `<td title="each sample times a round of ${b.callsPerSample} calls">${s.n} × ${b.callsPerSample}</td>`
        : `<td>${s.n}</td>`;
    return `<tr${s.unstable ? ' class="unstable"' : ''}><td>${escapeHtml(benchmarkKey(b))}</td>${n}<td>${formatDuration(s.median)}</td><td>${formatDuration(s.p95)}</td><td>${formatDuration(s.p99)}</td><td>${formatDuration(s.mean)}</td><td>${formatDuration(s.stddev)}</td><td>${(s.cv * 100).toFixed(1)}%</td><td>${s.outliers.low + s.outliers.high}</td><td>${escapeHtml(flags)}</td></tr>`;
  });
  return `<h2>Run · ${escapeHtml(run.tool)}${run.createdAt ? ` · ${escapeHtml(readableTime(run.createdAt))}` : ''}</h2>
<div class="scroll"><table><thead><tr><th>Benchmark</th><th>n</th><th>median</th><th>p95</th><th>p99</th><th>mean</th><th>stddev</th><th>CV</th><th>outliers</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function comparisonTable(c: RunComparison): string {
  const rows = c.rows.map(
    (r) =>
      `<tr class="${r.verdict}"><td>${escapeHtml(r.key)}</td><td>${formatDuration(r.base?.median ?? NaN)}</td><td>${formatDuration(r.current?.median ?? NaN)}</td><td>${pct(r.change)}</td><td>${r.pValue === undefined ? '–' : formatP(r.pValue)}</td><td class="verdict">${r.verdict}</td><td>${escapeHtml(r.reason)}</td></tr>`,
  );
  return `<h2>Compared with the baseline: ${c.regressions} slower, ${c.improvements} faster (tolerance ±${(c.threshold * 100).toFixed(0)}%)</h2>
<div class="scroll"><table><thead><tr><th>Benchmark</th><th>baseline</th><th>current</th><th>change</th><th>p</th><th>verdict</th><th>why</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** An SVG line chart of medians (with the p95 as a dashed line) across runs. */
export function historyChart(key: string, points: readonly HistoryPoint[], width = 480, height = 140): string {
  const pad = { l: 64, r: 12, t: 10, b: 22 };
  const values = points.flatMap((p) => [p.median, p.p95]).filter(Number.isFinite);
  const lo = Math.min(...values) * 0.95;
  const hi = Math.max(...values) * 1.05 || 1;
  const x = (i: number) => pad.l + (points.length === 1 ? (width - pad.l - pad.r) / 2 : (i * (width - pad.l - pad.r)) / (points.length - 1));
  const y = (v: number) => pad.t + (height - pad.t - pad.b) * (1 - (v - lo) / (hi - lo || 1));
  const line = (f: (p: HistoryPoint) => number) =>
    points
      .map((p, i) => [i, f(p)] as const)
      .filter(([, v]) => Number.isFinite(v))
      .map(([i, v]) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`)
      .join(' ');
  const dots = points
    .map(
      (p, i) =>
        `<circle cx="${x(i).toFixed(1)}" cy="${y(p.median).toFixed(1)}" r="2.5"><title>${escapeHtml(`${p.createdAt}: median ${formatDuration(p.median)}`)}</title></circle>`,
    )
    .join('');
  const first = points[0]?.createdAt.slice(0, 16) ?? '';
  const last = points[points.length - 1]?.createdAt.slice(0, 16) ?? '';
  return `<figure><figcaption>${escapeHtml(key)} — median across ${points.length} run${points.length === 1 ? '' : 's'}</figcaption>
<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`median of ${key} across runs`)}">
<text x="${pad.l - 4}" y="${pad.t + 8}" text-anchor="end">${formatDuration(hi)}</text>
<text x="${pad.l - 4}" y="${height - pad.b}" text-anchor="end">${formatDuration(lo)}</text>
${
  points.length === 1
    ? `<text x="${x(0).toFixed(1)}" y="${height - 6}" text-anchor="middle">${escapeHtml(first)}</text>`
    : `<text x="${pad.l}" y="${height - 6}">${escapeHtml(first)}</text>
<text x="${width - pad.r}" y="${height - 6}" text-anchor="end">${escapeHtml(last)}</text>`
}
<line class="axis" x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${height - pad.b}"/>
${
  // One run: its p95 as a short dash over the dot (a polyline of one point draws nothing).
  points.length === 1 && Number.isFinite(points[0]!.p95)
    ? `<line class="p95" x1="${(x(0) - 16).toFixed(1)}" y1="${y(points[0]!.p95).toFixed(1)}" x2="${(x(0) + 16).toFixed(1)}" y2="${y(points[0]!.p95).toFixed(1)}"/>`
    : `<polyline class="p95" points="${line((p) => p.p95)}"/>`
}
<polyline class="median" points="${line((p) => p.median)}"/>${dots}
</svg></figure>`;
}

const RESULTS_CSS = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px; }
table { border-collapse: collapse; margin-bottom: 16px; }
.scroll { overflow-x: auto; }
td { white-space: nowrap; }
td:last-child { white-space: normal; min-width: 16em; }
th, td { padding: 3px 10px; text-align: right; border-bottom: 1px solid var(--vscode-panel-border); }
th:first-child, td:first-child, td:last-child { text-align: left; }
tr.slower .verdict { color: var(--vscode-errorForeground); font-weight: bold; }
tr.faster .verdict { color: var(--vscode-testing-iconPassed); font-weight: bold; }
tr.unstable td:nth-child(8) { color: var(--vscode-editorWarning-foreground); }
.chart text { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.chart .median { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 2; }
.chart .p95 { fill: none; stroke: var(--vscode-charts-orange); stroke-width: 1; stroke-dasharray: 4 3; }
.chart circle { fill: var(--vscode-charts-blue); }
.chart .axis { stroke: var(--vscode-panel-border); }
figure { margin: 8px 0 16px; } figcaption { font-size: 12px; margin-bottom: 2px; }
`;

export function resultsHtml(page: ResultsPage): string {
  const charts = [...page.history.entries()].filter(([, pts]) => pts.length > 0).map(([key, pts]) => historyChart(key, pts));
  const body = `<h1>${escapeHtml(page.title)}</h1>
${page.comparison ? comparisonTable(page.comparison) : ''}
${page.run ? runTable(page.run) : '<p>No run yet: use "Run benchmark" above a benchmark.</p>'}
<h2>History</h2>
${charts.length ? `<p>Median (solid) and p95 (dashed) of each benchmark across the runs kept in .hotline/bench-history.</p>${charts.join('\n')}` : '<p>No earlier runs in .hotline/bench-history yet.</p>'}`;
  return webviewPage({ nonce: page.nonce, cspSource: page.cspSource, title: page.title, style: RESULTS_CSS, body, loadedPing: true });
}
