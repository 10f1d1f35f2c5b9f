/**
 * Bundle composition as the Page Load panel and `hotline page` show it: per bundle, its npm packages
 * and its source files by size (a bar of the packages' shares above the tables), then the import size
 * notes. Every string from the page is escaped here.
 */
import { formatBytes, formatShare } from '../annotations/weightFormat';
import { escapeHtml } from '../webviewPage';
import type { BundleComposition, BundlePart } from './bundle';
import type { ImportNote } from './importNotes';
import { shortUrl } from './waterfallSvg';

/** The bundles of one page load (fetched by src/profilers/page/bundles.ts). */
export interface PageBundles {
  /** Largest first. */
  readonly bundles: readonly BundleComposition[];
  /** Scripts the page loaded that have no source map Hotline could fetch. */
  readonly withoutMap: readonly string[];
  readonly importNotes: readonly ImportNote[];
}

/** Rows shown per table; the rest are summed in one "other" row. */
export const BUNDLE_ROWS = 15;

/** The largest `rows` parts and, when more are left, one row for the rest. */
export function topParts(parts: readonly BundlePart[], rows = BUNDLE_ROWS): BundlePart[] {
  if (parts.length <= rows) return [...parts];
  const rest = parts.slice(rows);
  return [...parts.slice(0, rows), { name: `${rest.length} other`, bytes: rest.reduce((s, p) => s + p.bytes, 0) }];
}

const BAR_COLOURS = [
  '--vscode-charts-red',
  '--vscode-charts-orange',
  '--vscode-charts-yellow',
  '--vscode-charts-blue',
  '--vscode-charts-green',
  '--vscode-charts-purple',
];

function shareBar(b: BundleComposition): string {
  const cells = b.packages
    .filter((p) => p.bytes > 0)
    .map(
      (p, i) =>
        `<span class="part" style="flex-grow:${p.bytes}; background: var(${BAR_COLOURS[i % BAR_COLOURS.length]})" title="${escapeHtml(`${p.name}: ${formatBytes(p.bytes)} (${formatShare(p.bytes / b.bytes)})`)}"></span>`,
    );
  return `<div class="bundle-bar">${cells.join('')}</div>`;
}

function partsTable(kind: string, b: BundleComposition, parts: readonly BundlePart[]): string {
  const rows = topParts(parts)
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(kind === 'file' ? shortUrl(p.name, 90) : p.name)}</code></td><td class="num" data-key="${p.bytes}">${escapeHtml(formatBytes(p.bytes))}</td><td class="num">${escapeHtml(formatShare(b.bytes ? p.bytes / b.bytes : 0))}</td></tr>`,
    )
    .join('');
  return `<table class="bundle-parts" data-kind="${kind}"><thead><tr><th>${kind === 'file' ? 'source file' : 'package'}</th><th>bytes</th><th>share</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function bundlesHtml(page: PageBundles): string {
  const sections = page.bundles.map(
    (b) =>
      `<section class="bundle" data-bundle="${escapeHtml(b.url)}"><h3><code title="${escapeHtml(b.url)}">${escapeHtml(shortUrl(b.url, 80))}</code> ${escapeHtml(formatBytes(b.bytes))}</h3>${shareBar(b)}${partsTable('package', b, b.packages)}${partsTable('file', b, b.files)}</section>`,
  );
  const missing = page.withoutMap.length
    ? `<p>No source map for ${page.withoutMap.map((u) => `<code>${escapeHtml(shortUrl(u, 80))}</code>`).join(', ')}: its bytes cannot be split.</p>`
    : '';
  if (sections.length === 0) return `<h2>Bundle composition</h2><p>The page loads no script with a source map.</p>${missing}`;
  return `<h2>Bundle composition</h2><p>Bytes of each script by npm package and by source file, from its source map.</p>${sections.join('')}${missing}`;
}

export const BUNDLE_STYLE = `
.bundle-bar { display: flex; height: 14px; margin: 4px 0; border: 1px solid var(--vscode-editorWidget-border, #555); } .bundle-bar .part { min-width: 1px; }
table.bundle-parts { width: auto; margin: 4px 16px 8px 0; display: inline-table; vertical-align: top; } td.num { text-align: right; }
`;

export function bundlesText(page: PageBundles): string[] {
  const lines = ['Bundle composition (from the source maps)'];
  for (const b of page.bundles) {
    lines.push(`  ${b.url}  ${formatBytes(b.bytes)}`);
    const row = (p: BundlePart) => `      ${formatBytes(p.bytes).padStart(10)} ${formatShare(b.bytes ? p.bytes / b.bytes : 0).padStart(6)}  ${p.name}`;
    lines.push('    by package', ...topParts(b.packages).map(row), '    by source file', ...topParts(b.files).map(row));
  }
  if (page.bundles.length === 0) lines.push('  no script with a source map');
  for (const u of page.withoutMap) lines.push(`  ${u}: no source map, not split`);
  for (const n of page.importNotes) lines.push(`  ${n.path}:${n.line}  ${n.text}`);
  return lines;
}
