/**
 * The "Load Results" page of "Profile Service Under Load": throughput, latency p50/p90/p95/p99/max,
 * errors, timeouts and non-2xx responses, the latency histogram with the percentiles marked, latency
 * over time per second, the CPU profile taken during the load and, given a baseline, the comparison
 * of the two runs (compareLoad: p95 change and the Mann–Whitney U test); for a mix, a table of each
 * request's own figures. Built with webviewPage (strict
 * CSP, one nonce, no script beyond the loaded ping); the URL, the server command, status codes and
 * error messages are escaped here.
 */
import { escapeHtml, webviewPage } from '../webviewPage';
import { compareLoad, type LoadComparison } from './compare';
import { formatMs as ms } from './format';
import { latencyOverTimeSvg, loadHistogramSvg, MARKED } from './loadSvg';
import { LoadResultError, type LoadResult } from './result';

export interface LoadPageInput {
  readonly result: LoadResult;
  /** The command that started the service, as the user typed it. */
  readonly server?: string;
  /** The CPU profile recorded during the load (file and profiler), or why there is none. */
  readonly profile?: { readonly file: string | null; readonly profiler: string; readonly problem: string | null } | null;
  /** An earlier run of the same load to compare with, and what to call it ("the previous run", a file). */
  readonly baseline?: { readonly label: string; readonly result: LoadResult } | null;
}

const rate = (v: number) => v.toFixed(1);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB/s`;
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function card(stat: string, label: string, value: string, bad = false): string {
  return `<div class="card${bad ? ' bad' : ''}" data-stat="${stat}"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div></div>`;
}

function cards(r: LoadResult): string {
  const l = r.latency;
  return [
    '<div class="cards">',
    card('throughput', 'throughput', `${rate(r.requestsPerSecond)} req/s`),
    ...MARKED.map((p) => card(p, p, ms(l[p]))),
    card('errors', 'errors', String(r.errors), r.errors > 0),
    card('timeouts', 'timeouts', String(r.timeouts), r.timeouts > 0),
    card('non2xx', 'non-2xx', String(r.non2xx), r.non2xx > 0),
    '</div>',
  ].join('');
}

/** A mix's table: each request's responses, latency p50–max of its 2xx responses, and failures. */
function perRequestTable(r: LoadResult): string {
  if (!r.perRequest) return '';
  const rows = r.perRequest.map((q) => {
    const lat = MARKED.map((p) => `<td data-stat="${p}">${escapeHtml(q.latency ? ms(q.latency[p]) : 'n/a')}</td>`).join('');
    const bad = (stat: string, n: number) => `<td data-stat="${stat}"${n > 0 ? ' class="bad"' : ''}>${n}</td>`;
    return `<tr data-request="${escapeHtml(q.request)}"><td><code>${escapeHtml(q.request)}</code></td><td data-stat="count">${q.count}</td>${lat}${bad('errors', q.errors)}${bad('timeouts', q.timeouts)}${bad('non2xx', q.non2xx)}</tr>`;
  });
  return [
    '<h2>Per request</h2>',
    `<p>The mix: each connection sends these in turn; the cards above are of the whole mix. Latency of each request's 2xx responses.</p>`,
    `<table class="per-request"><thead><tr><th>request</th><th>responses</th>${MARKED.map((p) => `<th>${p}</th>`).join('')}<th>errors</th><th>timeouts</th><th>non-2xx</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  ].join('\n');
}

function counts(title: string, entries: Record<string, number>): string {
  const list = Object.entries(entries);
  if (list.length === 0) return '';
  return `<p>${escapeHtml(title)}: ${list.map(([k, n]) => `<code>${escapeHtml(k)}</code> × ${n}`).join(', ')}</p>`;
}

function overTimeTable(r: LoadResult): string {
  const rows = (r.overTime ?? []).map(
    (s) =>
      `<tr data-second="${s.second}"><td>${s.second}</td><td>${s.requests}</td><td>${escapeHtml(ms(s.p50))}</td><td>${escapeHtml(ms(s.p95))}</td><td>${escapeHtml(ms(s.max))}</td></tr>`,
  );
  return `<table class="over-time"><thead><tr><th>second</th><th>2xx responses</th><th>p50</th><th>p95</th><th>max</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function chartsHtml(r: LoadResult): string {
  if (!r.histogram || !r.overTime || r.latencies.length === 0) {
    return "<p>No latency samples: this result has autocannon's summary only (a bare <code>autocannon --json</code>), so there is no histogram, p95 or latency over time.</p>";
  }
  return [
    `<h2>Latency histogram</h2><p>${plural(r.latencies.length, '2xx response')}, whole milliseconds (as autocannon records them).</p>`,
    loadHistogramSvg(r.histogram, r.latency),
    '<h2>Latency over time</h2>',
    latencyOverTimeSvg(r.overTime),
    overTimeTable(r),
  ].join('\n');
}

function profileHtml(p: LoadPageInput['profile']): string {
  if (!p) return '';
  if (p.file)
    return `<p class="profile">CPU profile taken during the load (${escapeHtml(p.profiler)}): <code>${escapeHtml(p.file)}</code>, open in the flame graph and on the source lines.</p>`;
  return `<p class="profile bad">No CPU profile: ${escapeHtml(p.problem ?? 'none was recorded')}</p>`;
}

const change = (base: number | null, now: number | null) =>
  base === null || now === null || base === 0 ? '' : `${now >= base ? '+' : ''}${((now / base - 1) * 100).toFixed(1)}%`;

function comparisonHtml(baseline: NonNullable<LoadPageInput['baseline']>, current: LoadResult): string {
  let verdict: LoadComparison | null = null;
  let problem = '';
  try {
    verdict = compareLoad(baseline.result, current);
  } catch (err) {
    if (!(err instanceof LoadResultError)) throw err;
    problem = err.message;
  }
  const row = (stat: string, label: string, base: number | null, now: number | null, text: (v: number | null) => string) =>
    `<tr data-stat="${stat}"><td>${escapeHtml(label)}</td><td>${escapeHtml(text(base))}</td><td>${escapeHtml(text(now))}</td><td>${escapeHtml(change(base, now))}</td></tr>`;
  const b = baseline.result;
  const rows = [
    row('throughput', 'throughput', b.requestsPerSecond, current.requestsPerSecond, (v) => (v === null ? 'n/a' : `${rate(v)} req/s`)),
    ...MARKED.map((p) => row(p, p, b.latency[p], current.latency[p], ms)),
    row('errors', 'errors + timeouts + non-2xx', b.errors + b.timeouts + b.non2xx, current.errors + current.timeouts + current.non2xx, (v) => String(v)),
  ];
  const cls = verdict?.regression ? 'verdict bad' : 'verdict';
  return [
    `<section class="comparison"><h2>Against ${escapeHtml(baseline.label)}</h2>`,
    `<p class="${cls}">${escapeHtml(verdict ? verdict.reason : `no verdict: ${problem}`)}</p>`,
    `<table><thead><tr><th></th><th>${escapeHtml(baseline.label)}</th><th>this run</th><th>change</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    '</section>',
  ].join('\n');
}

const STYLE = `
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground); padding: 0 16px 24px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
.card { border: 1px solid var(--vscode-editorWidget-border, #555); border-left: 4px solid var(--vscode-charts-blue, #3794ff); padding: 4px 10px; min-width: 90px; }
.card.bad { border-left-color: var(--vscode-charts-red, #f14c4c); }
.card .label { opacity: 0.8; font-size: 0.9em; } .card .value { font-size: 1.4em; }
.bad { color: var(--vscode-errorForeground, #f14c4c); } .card.bad .value { color: inherit; }
.comparison { border-left: 4px solid var(--vscode-charts-purple, #b180d7); padding-left: 10px; }
table { border-collapse: collapse; font-size: 0.9em; margin: 6px 0; } th { text-align: left; border-bottom: 1px solid var(--vscode-editorWidget-border, #555); padding-right: 12px; }
td { padding: 1px 12px 1px 0; white-space: nowrap; }
svg { max-width: 900px; display: block; margin: 4px 0; }
`;

export function loadPageHtml(input: LoadPageInput, options: { nonce: string; cspSource?: string }): string {
  const r = input.result;
  const facts = [
    plural(r.connections, 'connection'),
    `${r.durationS.toFixed(1)} s`,
    plural(r.requests, 'response'),
    kib(r.bytesPerSecond),
    r.autocannonVersion ? `autocannon ${r.autocannonVersion}` : 'autocannon',
  ];
  const body = [
    `<h1>Load: ${escapeHtml(r.url)}</h1>`,
    input.server ? `<p>Service: <code>${escapeHtml(input.server)}</code></p>` : '',
    `<p class="facts">${escapeHtml(facts.join(' · '))}</p>`,
    cards(r),
    perRequestTable(r),
    counts('status codes', r.statusCodes),
    counts('connection errors', r.errorMessages),
    profileHtml(input.profile),
    input.baseline ? comparisonHtml(input.baseline, r) : '',
    chartsHtml(r),
  ].join('\n');
  return webviewPage({ nonce: options.nonce, cspSource: options.cspSource, title: `Load: ${r.url}`, body, style: STYLE, loadedPing: true });
}
