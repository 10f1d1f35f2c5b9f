// What every static results page must hold against hostile data, shared by the page tests: a CSP that
// allows only the nonce'd script and style (and the webview's own style source), and a nonce on every
// <script>, so none comes from the data.
import assert from 'node:assert/strict';

export function assertStrictPage(html: string, nonce: string, cspSource = 'vscode-webview://x'): void {
  const src = cspSource.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  assert.match(
    html,
    new RegExp(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${src} 'nonce-${nonce}';[^"]*script-src 'nonce-${nonce}';"`),
  );
  assert.deepEqual(
    [...html.matchAll(new RegExp(`<script(?! nonce="${nonce}")[^>]*>`, 'g'))].map((m) => m[0]),
    [],
  );
}
