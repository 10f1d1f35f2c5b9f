/**
 * The "Page Memory" panel of "Find Page Memory Leaks": the counts per snapshot (heap, detached DOM
 * nodes, JS event listeners), the patterns with their fix, the detached DOM groups and the listener
 * functions added per click at their .ts lines, each with its retainer path. Built with webviewPage;
 * every string from the page or its snapshots is escaped here.
 */
import { formatBytes } from '../memory/memorySeries';
import { escapeHtml, webviewPage } from '../webviewPage';
import type { PageLeakReport } from './pageMemory';

const STYLE = `
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 16px 16px; }
table { border-collapse: collapse; margin: 4px 0 16px; }
td, th { padding: 2px 10px 2px 0; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.path, .where { color: var(--vscode-descriptionForeground); font-family: var(--vscode-editor-font-family); }
.verdict.leak { color: var(--vscode-errorForeground); }
`;

const e = escapeHtml;
const series = (counts: readonly number[]) => counts.join(' → ');
const path = (steps?: readonly { text: string }[]) => (steps?.length ? `<div class="path">held by ${e(steps.map((s) => s.text).join(' → '))}</div>` : '');

export function pageMemoryHtml(r: PageLeakReport, options: { nonce: string; cspSource: string }): string {
  const p = r.page;
  const verdict = r.grew ? `Memory grew with the clicks: a leak (${formatBytes(r.bytesPerRun)} per click)` : 'Nothing grew once per click: no leak found';
  const rows: [string, string][] = [
    ['clicks', series(p.clicks)],
    ['heap', p.heapBytes.map(formatBytes).join(' → ')],
    ['detached DOM nodes', series(p.detachedNodes)],
    ['JS event listeners', series(p.listeners.counts)],
  ];
  const body = [
    `<h2>${e(`${p.action} clicked ${r.runs} times on ${p.url} (after ${r.warmup} warm-up click)`)}</h2>`,
    `<p class="verdict${r.grew ? ' leak' : ''}" id="verdict">${e(verdict)}</p>`,
    `<table id="series"><tbody>${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td class="num">${e(v)}</td></tr>`).join('')}</tbody></table>`,
    r.patterns.length
      ? `<h3>Leak patterns</h3>${r.patterns.map((m) => `<section class="pattern" data-pattern="${e(m.id)}"><b>${e(m.title)}</b><div>${e(m.evidence)}</div><div>Fix: ${e(m.advice)}</div></section>`).join('')}`
      : '',
    p.detached.length
      ? `<h3>Detached DOM nodes that grew</h3><table id="detached"><thead><tr><th>kind</th><th>per snapshot</th><th>e.g.</th></tr></thead><tbody>${p.detached
          .map((d) => `<tr><td>${e(d.name)}</td><td class="num">${e(series(d.counts))}</td><td>${e(d.example)}${path(d.retainerPath)}</td></tr>`)
          .join('')}</tbody></table>`
      : '',
    p.listeners.closures.length
      ? `<h3>Event listener functions added per click</h3><table id="listeners"><thead><tr><th>function</th><th>per snapshot</th><th>defined at</th></tr></thead><tbody>${p.listeners.closures
          .map(
            (c) =>
              `<tr><td>${e(c.name)}</td><td class="num">${e(series(c.counts))}</td><td class="where">${e(c.definedAt ? `${c.definedAt.file}:${c.definedAt.line}` : '')}${path(c.retainerPath)}</td></tr>`,
          )
          .join('')}</tbody></table>`
      : '',
    r.notes.length ? `<h3>Notes</h3><ul>${r.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : '',
  ].join('\n');
  return webviewPage({ nonce: options.nonce, cspSource: options.cspSource, title: `Page memory: ${p.url}`, body, style: STYLE, loadedPing: true });
}
