/**
 * A bundle's treemap as a self-contained SVG (presentation attributes only, so it renders under the
 * strict CSP): one tile per npm package coloured by package, its source files' tiles inside it, every
 * area its share of the bundle's bytes (treemap.ts). A tile's hover (its <title>, and the data-info the
 * page's script shows under the chart) names it with its bytes and share; a file found in the workspace
 * carries data-open (its source as the map names it), which the page's script sends to the extension
 * to open. Every string from the page is escaped here.
 */
import { formatBytes, formatShare } from '../annotations/weightFormat';
import { escapeHtml } from '../webviewPage';
import type { BundleComposition } from './bundle';
import { bundleTreemap, type BundleTile } from './treemap';

export const TREEMAP_COLOURS = [
  'var(--vscode-charts-red, #f14c4c)',
  'var(--vscode-charts-orange, #d18616)',
  'var(--vscode-charts-yellow, #cca700)',
  'var(--vscode-charts-blue, #3794ff)',
  'var(--vscode-charts-green, #89d185)',
  'var(--vscode-charts-purple, #b180d7)',
];
const BG = 'var(--vscode-editor-background, #1e1e1e)';
/** Dark text on the bright chart colours, in any theme. */
const FG = '#111111';

/** What a tile's hover says: its name, bytes and share of the bundle (and a file's package). */
export function tileInfo(t: BundleTile): string {
  const what = t.kind === 'file' && t.package !== t.name ? ` · in ${t.package}` : '';
  return `${t.name}: ${formatBytes(t.bytes)}, ${formatShare(t.share)} of the bundle${what}`;
}

/** The last path segment of a source ("…/lodash/lodash.js" → "lodash.js"). */
const baseName = (source: string) =>
  source
    .replace(/[?#].*$/, '')
    .split(/[/\\]/)
    .filter(Boolean)
    .pop() ?? source;

/** A label that fits a tile of `w` × `h` (about 6.5 px a character at 11 px), or none. */
function label(text: string, x: number, y: number, w: number, h: number, bold: boolean): string {
  if (w < 30 || h < 14) return '';
  const fit = Math.floor((w - 6) / 6.5);
  const shown = text.length > fit ? `${text.slice(0, Math.max(1, fit - 1))}…` : text;
  return `<text x="${(x + 3).toFixed(1)}" y="${(y + 12).toFixed(1)}" fill="${FG}" font-size="11"${bold ? ' font-weight="bold"' : ''} pointer-events="none">${escapeHtml(shown)}</text>`;
}

const num = (v: number) => v.toFixed(2);

/** `openable`: the sources a click opens (the bundle's own files found in the workspace). */
export function bundleTreemapSvg(bundle: BundleComposition, openable: ReadonlySet<string>, size = { width: 720, height: 360 }): string {
  const tiles = bundleTreemap(bundle, { x: 0, y: 0, w: size.width, h: size.height });
  const colour = new Map<string, string>();
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="treemap" width="100%" viewBox="0 0 ${size.width} ${size.height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${escapeHtml(`bundle treemap of ${bundle.url}`)}">`,
  ];
  const fileLabels: string[] = [];
  for (const t of tiles) {
    const { x, y, w, h } = t.rect;
    const info = escapeHtml(tileInfo(t));
    if (t.kind === 'package') {
      colour.set(t.name, TREEMAP_COLOURS[colour.size % TREEMAP_COLOURS.length]!);
      parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${colour.get(t.name)}" class="tm-package"/>`);
      continue;
    }
    const open = openable.has(t.name) ? ` data-open="${escapeHtml(t.name)}" class="tm-file openable"` : ' class="tm-file"';
    parts.push(
      `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="${colour.get(t.package)}" fill-opacity="0.85" stroke="${BG}" stroke-width="0.5" data-info="${info}"${open}><title>${info}</title></rect>`,
    );
    fileLabels.push(label(baseName(t.name), x, y + 13, w, h - 13, false));
  }
  // Package outlines and names over their files.
  for (const t of tiles.filter((p) => p.kind === 'package')) {
    const { x, y, w, h } = t.rect;
    parts.push(`<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" fill="none" stroke="${BG}" stroke-width="2" pointer-events="none"/>`);
    parts.push(label(`${t.name} ${formatBytes(t.bytes)} ${formatShare(t.share)}`, x, y, w, h, true));
  }
  parts.push(...fileLabels.filter(Boolean), '</svg>');
  return parts.join('\n');
}
