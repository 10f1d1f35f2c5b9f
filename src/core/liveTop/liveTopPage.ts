/**
 * The Live Top page: a status line, the hottest functions (self %, total %, function, where) that
 * webview/liveTop.ts redraws from every message, and the "Profile the last N seconds" and Stop
 * buttons. Built with webviewPage (strict CSP, the one nonce'd bundle script); every view, the
 * first too, arrives as a message, so nothing from the profile is ever markup.
 */
import { PAGE_IDS } from '../webviewProtocol';
import { webviewPage } from '../webviewPage';

const STYLE = [
  'body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);font-size:var(--vscode-font-size)}',
  '.bar{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:6px 0}',
  `#${PAGE_IDS.liveTopSeconds}{width:5em}`,
  'button{background:var(--vscode-button-background);color:var(--vscode-button-foreground);border:none;padding:4px 10px;cursor:pointer}',
  'button.secondary{background:var(--vscode-button-secondaryBackground);color:var(--vscode-button-secondaryForeground)}',
  'button:disabled{opacity:.5;cursor:default}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{text-align:left;padding:2px 6px;border-bottom:1px solid var(--vscode-editorWidget-border,#555);white-space:nowrap}',
  'td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}',
  'td.where{opacity:.8;font-family:var(--vscode-editor-font-family)}',
  '.share{display:inline-block;height:.6em;background:var(--vscode-charts-orange,#d18616);margin-right:4px;vertical-align:middle}',
  `#${PAGE_IDS.liveTopStatus}{opacity:.85}`,
].join('\n');

export function liveTopPageHtml(input: { script: string }, page: { nonce: string; cspSource: string }): string {
  const id = PAGE_IDS;
  const body = [
    '<h2>Live Top</h2>',
    `<p id="${id.liveTopStatus}"></p>`,
    '<div class="bar">',
    `<label for="${id.liveTopSeconds}">Profile the last</label>`,
    `<input id="${id.liveTopSeconds}" type="number" min="1" step="1">`,
    `<button id="${id.liveTopProfile}">Profile the last N seconds</button>`,
    `<button id="${id.liveTopStop}" class="secondary">Stop</button>`,
    '</div>',
    '<table><thead><tr><th class="num">self</th><th class="num">total</th><th>function</th><th>where</th></tr></thead>',
    `<tbody id="${id.liveTopRows}"></tbody></table>`,
  ].join('\n');
  return webviewPage({
    nonce: page.nonce,
    cspSource: page.cspSource,
    title: 'Live Top',
    body,
    style: STYLE,
    bundle: { script: { uri: input.script } },
  });
}
