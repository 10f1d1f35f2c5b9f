/**
 * The standalone flame graph page (`hotline flamegraph -o out.html`): the webview bundle and its CSS
 * inlined, the profile embedded as JSON, a CSP that allows nothing but those nonce'd blocks. It
 * works from file:// with no network, for CI artifacts and for sharing.
 */
import { randomBytes } from 'node:crypto';
import type { Profile } from '../model/profile';
import { embedJson, profileToJson } from './profileJson';

export interface StandalonePageInput {
  title: string;
  profile: Profile;
  baseline?: Profile;
  baselineTitle?: string;
  /** dist/webview.js and dist/webview.css contents. */
  script: string;
  css: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Inline script text must not contain "</script" (case-insensitive); the bundle is ours, but check. */
function inlineSafe(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), `<\\/$1`);
}

export function standalonePageHtml(input: StandalonePageInput): string {
  const nonce = randomBytes(16).toString('base64');
  const data = {
    title: input.title,
    profile: profileToJson(input.profile),
    ...(input.baseline ? { baseline: profileToJson(input.baseline), baselineTitle: input.baselineTitle ?? 'baseline' } : {}),
  };
  return `<!DOCTYPE html>
<html lang="en" class="hotline-standalone">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="hotline flamegraph">
<title>${escapeHtml(input.title)} — Hotline flame graph</title>
<style nonce="${nonce}">${inlineSafe(input.css, 'style')}</style>
</head>
<body>
<div id="app"></div>
<script type="application/json" id="hotline-data">${embedJson(data)}</script>
<script nonce="${nonce}">${inlineSafe(input.script, 'script')}</script>
</body>
</html>
`;
}
