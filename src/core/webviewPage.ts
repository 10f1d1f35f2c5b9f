/**
 * The one builder of Hotline's webview pages: the flame graph panel and custom editor, the
 * standalone `hotline flamegraph` page, the memory chart, the benchmark results and the message
 * pages. Pure (no vscode): the caller passes the webview's cspSource and the bundle's URIs as
 * strings, or the bundle's text for a page that must work from file:// with no network.
 *
 * Every page gets the same strict CSP: nothing by default, scripts and styles only with the page's
 * nonce, and styles, fonts and images from the webview's own resources (or, for a self-contained
 * page, images and fonts as data: URIs). Embedded JSON is inert data that no string in it can close.
 */
import { randomBytes } from 'node:crypto';
import { PAGE_IDS, type EmbeddedData } from './webviewProtocol';

/** A script or stylesheet: loaded from a webview URI, or its text inlined. */
export type PageAsset = { uri: string } | { inline: string };

export interface WebviewPageInput {
  /** Fresh for every page (newNonce()): only what carries it runs or styles the page. A page without one (a message) allows nothing at all. */
  nonce?: string;
  /** webview.cspSource, where styles, fonts and images may load from; absent for a self-contained page. */
  cspSource?: string;
  /** The <title> text (escaped here). */
  title?: string;
  /** The webview bundle (webview/main.ts), drawn into `<div id="app">`. */
  bundle?: { script: PageAsset; style?: PageAsset };
  /** JSON blocks by element id (protocol's EmbeddedData); null or undefined ones are left out. */
  data?: { [K in keyof EmbeddedData]?: EmbeddedData[K] | null };
  /** Markup of a page built in the extension, every untrusted string in it already escaped. */
  body?: string;
  /** The page's own CSS, inlined. */
  style?: string;
  /** A page without the bundle says it loaded with the one nonce'd ping script (webviewWatchdog.ts). */
  loadedPing?: boolean;
  /** Class on <html>. */
  htmlClass?: string;
  /** <meta name="generator"> content. */
  generator?: string;
}

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON text safe to place between <script type="application/json"> and </script>. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An inert JSON block the webview reads by id (webview/dom.ts embeddedData). */
export function embeddedDataBlock<K extends keyof EmbeddedData>(id: K, value: EmbeddedData[K]): string {
  return `<script type="application/json" id="${id}">${embedJson(value)}</script>`;
}

/** The load ping: the only script of a page built in the extension. */
export function loadedPingScript(nonce: string): string {
  return `<script nonce="${nonce}">acquireVsCodeApi().postMessage({ type: 'loaded' });</script>`;
}

/**
 * The CSP every page shares: a served page's styles, fonts and images come from the webview's
 * resources; a self-contained page has nothing to load (images and fonts as data: URIs). Each
 * keeps the directive order it has always had.
 */
export function pageCsp(nonce: string | undefined, cspSource?: string): string {
  if (!nonce) return `default-src 'none'`;
  const script = `script-src 'nonce-${nonce}'`;
  if (!cspSource) return [`default-src 'none'`, script, `style-src 'nonce-${nonce}'`, 'img-src data:', 'font-src data:'].join('; ');
  return [`default-src 'none'`, `style-src ${cspSource} 'nonce-${nonce}'`, `font-src ${cspSource}`, `img-src ${cspSource} data:`, script].join('; ') + ';';
}

/** Inline code must not contain "</script" or "</style" (case-insensitive); the bundle is ours, but check. */
function inlineSafe(code: string, tag: 'script' | 'style'): string {
  return code.replace(new RegExp(`</(${tag})`, 'gi'), `<\\/$1`);
}

function styleTag(nonce: string, asset: PageAsset): string {
  return 'uri' in asset
    ? `<link rel="stylesheet" nonce="${nonce}" href="${escapeHtml(asset.uri)}">`
    : `<style nonce="${nonce}">${inlineSafe(asset.inline, 'style')}</style>`;
}

function scriptTag(nonce: string, asset: PageAsset): string {
  return 'uri' in asset
    ? `<script nonce="${nonce}" src="${escapeHtml(asset.uri)}"></script>`
    : `<script nonce="${nonce}">${inlineSafe(asset.inline, 'script')}</script>`;
}

export function webviewPage(page: WebviewPageInput): string {
  const { bundle } = page;
  if (!page.nonce && (bundle || page.style !== undefined || page.loadedPing)) throw new Error('a webview page with a script or a style needs a nonce');
  const nonce = page.nonce ?? '';
  const head = [
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${pageCsp(page.nonce, page.cspSource)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    page.generator ? `<meta name="generator" content="${escapeHtml(page.generator)}">` : '',
    page.title !== undefined ? `<title>${escapeHtml(page.title)}</title>` : '',
    bundle?.style ? styleTag(nonce, bundle.style) : '',
    page.style !== undefined ? `<style nonce="${nonce}">${inlineSafe(page.style, 'style')}</style>` : '',
  ];
  const blocks = Object.entries(page.data ?? {}).flatMap(([id, value]) => (value == null ? [] : [embeddedDataBlock(id as keyof EmbeddedData, value as never)]));
  const body = [
    bundle ? `<div id="${PAGE_IDS.app}"></div>` : '',
    page.body ?? '',
    ...blocks,
    bundle ? scriptTag(nonce, bundle.script) : '',
    page.loadedPing ? loadedPingScript(nonce) : '',
  ];
  const lines = (parts: string[]) => parts.filter(Boolean).join('\n');
  return `<!DOCTYPE html>
<html lang="en"${page.htmlClass ? ` class="${escapeHtml(page.htmlClass)}"` : ''}>
<head>
${lines(head)}
</head>
<body>
${lines(body)}
</body>
</html>
`;
}

/** A page that only says something (a profile that cannot be shown): it loads and runs nothing. */
export function messagePage(text: string): string {
  return webviewPage({ body: `<p>${escapeHtml(text)}</p>` });
}
