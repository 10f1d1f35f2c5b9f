/**
 * The "Goroutine Diff" panel of a Go leak run: goroutines and live heap per snapshot, the leak
 * patterns, the goroutine stacks whose count rose in every interval (what they wait on, where, the
 * count per snapshot, the whole stack on demand) and the allocation sites whose live bytes did.
 * Built with webviewPage (strict CSP, one nonce'd script that only says the page loaded); every
 * function name and path from the profiles is escaped.
 */
import { escapeHtml, webviewPage } from '../webviewPage';
import type { GoLeakReport } from './goLeakReport';
import { formatBytes } from './memorySeries';

const where = (f: { file: string | null; line: number | null }, relative: (file: string) => string) =>
  `${f.file ? relative(f.file) : '(unknown file)'}:${f.line ?? '?'}`;

function goroutinesTable(r: GoLeakReport, relative: (file: string) => string): string {
  if (r.goroutines.length === 0) return '<p>No goroutine stack grew in every interval.</p>';
  const rows = r.goroutines
    .map((g) => {
      const at = g.blockedAt ? `${g.blockedAt.name} ${where(g.blockedAt, relative)}` : '(no frame of the program)';
      const stack = g.stack
        .slice()
        .reverse()
        .map((f) => `${f.name} ${where(f, relative)}`)
        .join('\n');
      const grown = g.counts[g.counts.length - 1]! - g.counts[0]!;
      // The line first, the wait and the stack under it: the panel sits beside the editor, narrow.
      const wait = `<div class="wait${g.onChannel ? ' channel' : ''}">${escapeHtml(g.wait ?? 'running')}</div>`;
      return `<tr><td class="where"><code>${escapeHtml(at)}</code>${wait}<details><summary>stack</summary><pre>${escapeHtml(stack)}</pre></details></td><td>+${grown}<div class="how">${escapeHtml(g.counts.join(' → '))}</div></td></tr>`;
    })
    .join('');
  return `<table id="goroutine-growth"><thead><tr><th>waits at</th><th>goroutines</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function heapTable(r: GoLeakReport, relative: (file: string) => string): string {
  if (r.heap.length === 0) return '<p>No allocation site’s live bytes grew in every interval.</p>';
  const rows = r.heap
    .map((s) => {
      const grows = s.container ? `<div class="how">${escapeHtml(`grows ${s.container.kind} ${s.container.name}`)}</div>` : '';
      return `<tr><td class="where"><code>${escapeHtml(`${s.function} ${where(s, relative)}`)}</code>${grows}</td><td>${escapeHtml(`+${formatBytes(s.sizeDelta)}`)}<div class="how">${escapeHtml(s.bytes.map(formatBytes).join(' → '))}</div></td></tr>`;
    })
    .join('');
  return `<table id="heap-growth"><thead><tr><th>allocated at</th><th>live bytes</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function goroutineDiffPageHtml(
  input: { title: string; report: GoLeakReport; relative?: (file: string) => string },
  page: { nonce: string; cspSource: string },
): string {
  const r = input.report;
  const relative = input.relative ?? ((f: string) => f);
  const verdict = r.grew
    ? 'goroutines or live heap of the program grew in every interval: a leak'
    : 'nothing the program started or allocated grew in every interval';
  const body = [
    `<h2>Goroutine diff: ${escapeHtml(input.title)}</h2>`,
    `<p class="summary">${escapeHtml(`${r.snapshots.length} snapshots ${(r.intervalMs / 1000).toFixed(1)} s apart: ${verdict}`)}</p>`,
    `<p class="summary">${escapeHtml(`goroutines ${r.snapshots.map((s) => s.goroutines).join(' → ')}; live heap ${r.snapshots.map((s) => formatBytes(s.heapInuseBytes)).join(' → ')}`)}</p>`,
    ...r.patterns.map(
      (p) => `<div class="pattern"><strong>${escapeHtml(p.title)}</strong>: ${escapeHtml(p.evidence)}<div class="how">fix: ${escapeHtml(p.advice)}</div></div>`,
    ),
    '<h3>Goroutine stacks whose count rose in every interval</h3>',
    goroutinesTable(r, relative),
    '<h3>Allocation sites whose live bytes rose in every interval</h3>',
    heapTable(r, relative),
    ...r.notes.map((n) => `<p class="note">note: ${escapeHtml(n)}</p>`),
  ].join('\n');
  const style =
    'body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} table{border-collapse:collapse} th,td{text-align:left;padding:2px 6px;border-bottom:1px solid var(--vscode-editorWidget-border,#555);white-space:nowrap;vertical-align:top} td.where{white-space:normal} td.where code{font-family:var(--vscode-editor-font-family);white-space:nowrap} .wait.channel{color:var(--vscode-editorWarning-foreground,#c90)} .pattern{margin:6px 0} .how{opacity:.8;font-size:85%;white-space:normal} .note{opacity:.8} pre{margin:2px 0;font-size:85%}';
  return webviewPage({ nonce: page.nonce, cspSource: page.cspSource, title: 'Goroutine Diff', body, style, loadedPing: true });
}
