/**
 * The "Event-Loop Lag" panel: the loop's delay per second (p50, p99, max) as an SVG line chart and
 * the lines that blocked it (count, worst, total ms, the async resource whose callback ran them and
 * how the line was found). Built with webviewPage (strict CSP, one nonce'd script that only says
 * the page loaded); every function name and path is escaped.
 */
import { lineChartSvg } from '../memory/seriesChart';
import { escapeHtml, webviewPage } from '../webviewPage';
import type { BlockingLine, EventLoopReport } from './eventLoopLag';

const ms = (v: number) => `${v.toFixed(1)} ms`;

/** The editor's note after a blocking line. */
export function blockingLineNote(b: BlockingLine): string {
  // ⚠ is in the editor fonts of every platform (the pause sign is not); the total is in the panel.
  return `⚠ blocks the event loop: ${b.count}× worst ${ms(b.worstMs)}`;
}

function blockersTable(report: EventLoopReport, relative: (file: string) => string): string {
  if (report.blockers.length === 0) return `<p>No synchronous stretch over ${report.thresholdMs} ms: nothing blocked the event loop.</p>`;
  const rows = report.blockers
    .map((b) => {
      const where = b.file ? `${relative(b.file)}:${b.line ?? '?'}` : '(no user frame)';
      const how = { 'cpu-profile': 'CPU profile', 'init-stack': 'where it was scheduled', 'frame-samples': 'sampled frames', unknown: 'unknown' }[
        b.attributedBy
      ];
      // The line first and the function under it: the panel sits beside the editor, narrow.
      const what = `<div class="how">${escapeHtml(`${b.function}, in ${/^[aeiou]/i.test(b.resourceType) ? 'an' : 'a'} ${b.resourceType} callback; line from ${how}`)}</div>`;
      return `<tr><td class="where"><code>${escapeHtml(where)}</code>${what}</td><td>${b.count}</td><td>${escapeHtml(ms(b.worstMs))}</td><td>${escapeHtml(ms(b.totalMs))}</td></tr>`;
    })
    .join('');
  return `<table class="blockers"><thead><tr><th>line</th><th>count</th><th>worst</th><th>total</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function eventLoopPageHtml(
  input: { title: string; report: EventLoopReport; relative?: (file: string) => string },
  page: { nonce: string; cspSource: string },
): string {
  const r = input.report;
  const times = r.delay.map((d) => d.atMs);
  const chart = lineChartSvg(
    [
      { name: 'p50', timesMs: times, values: r.delay.map((d) => d.p50Ms) },
      { name: 'p99', timesMs: times, values: r.delay.map((d) => d.p99Ms) },
      { name: 'max', timesMs: times, values: r.delay.map((d) => d.maxMs) },
    ],
    { title: `event-loop delay per second: ${input.title}`, formatValue: ms, emptyText: 'no delay samples (the program ended within its first second)' },
  );
  const over = `over ${(r.durationMs / 1000).toFixed(1)} s`;
  // Python asyncio: slow callbacks only, no delay per second to chart (the note says so).
  const summary =
    r.delayMeasured === false
      ? `${over}: ${r.stretchCount} slow callback(s) over ${r.thresholdMs} ms, ${ms(r.blockedMs)} blocked in all`
      : `${over}: delay p50 ${ms(r.summary.p50Ms)}, worst second's p99 ${ms(r.summary.p99Ms)}, max ${ms(r.summary.maxMs)}; ${r.stretchCount} synchronous stretch(es) over ${r.thresholdMs} ms, ${ms(r.blockedMs)} blocked in all`;
  const body = [
    `<h2>Event-loop lag: ${escapeHtml(input.title)}</h2>`,
    `<p class="summary">${escapeHtml(summary)}</p>`,
    ...(r.delayMeasured === false ? [] : [chart]),
    '<h3>Lines that blocked the event loop</h3>',
    blockersTable(r, input.relative ?? ((f) => f)),
    ...r.notes.map((n) => `<p class="note">note: ${escapeHtml(n)}</p>`),
  ].join('\n');
  const style =
    'body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} table{border-collapse:collapse} th,td{text-align:left;padding:2px 6px;border-bottom:1px solid var(--vscode-editorWidget-border,#555);white-space:nowrap;vertical-align:top} td.where{white-space:normal} td.where code{font-family:var(--vscode-editor-font-family);white-space:nowrap} .how{opacity:.8;font-size:85%} .note{opacity:.8}';
  return webviewPage({ nonce: page.nonce, cspSource: page.cspSource, title: 'Event-Loop Lag', body, style, loadedPing: true });
}
