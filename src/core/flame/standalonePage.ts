/**
 * The standalone flame graph page (`hotline flamegraph -o out.html`): the webview bundle and its CSS
 * inlined, the profile embedded as JSON, a CSP that allows nothing but those nonce'd blocks. It
 * works from file:// with no network, for CI artifacts and for sharing.
 */
import type { Profile } from '../model/profile';
import { newNonce, webviewPage } from '../webviewPage';
import { profileToJson } from './profileJson';

export interface StandalonePageInput {
  title: string;
  profile: Profile;
  baseline?: Profile;
  baselineTitle?: string;
  /** dist/webview.js and dist/webview.css contents. */
  script: string;
  css: string;
}

export function standalonePageHtml(input: StandalonePageInput): string {
  const data = {
    title: input.title,
    profile: profileToJson(input.profile),
    ...(input.baseline ? { baseline: profileToJson(input.baseline), baselineTitle: input.baselineTitle ?? 'baseline' } : {}),
  };
  return webviewPage({
    nonce: newNonce(),
    title: `${input.title} — Hotline flame graph`,
    htmlClass: 'hotline-standalone',
    generator: 'hotline flamegraph',
    bundle: { script: { inline: input.script }, style: { inline: input.css } },
    data: { 'hotline-data': data },
  });
}
