/**
 * Bundle composition as the Page Load panel and `hotline page` show it: per bundle, where its source
 * map came from, a treemap of its packages and their source files (treemapSvg.ts) beside the tables of
 * its npm packages and source files by size (sortable in the panel), then the import size notes. Every
 * string from the page is escaped here.
 */
import { formatBytes, formatShare } from '../annotations/weightFormat';
import { escapeHtml } from '../webviewPage';
import type { BundleComposition, BundlePart } from './bundle';
import type { ImportNote } from './importNotes';
import { bundleTreemapSvg } from './treemapSvg';
import { shortUrl } from './waterfallSvg';

/**
 * Where a bundle's source map was read: inline in the script (a data: URL), served over HTTP next to
 * it, or, when the page's server does not serve it, from the workspace's build output.
 */
export interface MapOrigin {
  readonly from: 'inline' | 'served' | 'workspace';
  /** The map's URL (the script's own for an inline map), or its path in the workspace. */
  readonly location: string;
}

export interface PageBundle extends BundleComposition {
  readonly map: MapOrigin;
}

/** A bundle's own source file found in the workspace: what the treemap opens on a click. */
export interface WorkspaceSource {
  /** As the composition names it (the map's source, resolved). */
  readonly source: string;
  readonly path: string;
}

/** The bundles of one page load (fetched by src/profilers/page/bundles.ts). */
export interface PageBundles {
  /** Largest first. */
  readonly bundles: readonly PageBundle[];
  /** Scripts the page loaded that have no source map Hotline could fetch or find in the workspace. */
  readonly withoutMap: readonly string[];
  readonly importNotes: readonly ImportNote[];
  readonly workspaceSources: readonly WorkspaceSource[];
}

/** Rows shown per table; the rest are summed in one "other" row. */
export const BUNDLE_ROWS = 15;

/** The largest `rows` parts and, when more are left, one row for the rest. */
export function topParts(parts: readonly BundlePart[], rows = BUNDLE_ROWS): BundlePart[] {
  if (parts.length <= rows) return [...parts];
  const rest = parts.slice(rows);
  return [...parts.slice(0, rows), { name: `${rest.length} other`, bytes: rest.reduce((s, p) => s + p.bytes, 0) }];
}

/** "source map served at …", "source map inline", "source map from the workspace: dist/main.js.map (not served)". */
export function mapOriginText(map: MapOrigin): string {
  if (map.from === 'inline') return 'source map inline in the script';
  if (map.from === 'served') return `source map served at ${map.location}`;
  return `source map read from the workspace: ${map.location} (the server does not serve it)`;
}

function partsTable(kind: string, b: BundleComposition, parts: readonly BundlePart[]): string {
  const rows = topParts(parts)
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(kind === 'file' ? shortUrl(p.name, 90) : p.name)}</code></td><td class="num" data-key="${p.bytes}">${escapeHtml(formatBytes(p.bytes))}</td><td class="num">${escapeHtml(formatShare(b.bytes ? p.bytes / b.bytes : 0))}</td></tr>`,
    )
    .join('');
  return `<table class="bundle-parts" data-kind="${kind}"><thead><tr><th data-col="0">${kind === 'file' ? 'source file' : 'package'}</th><th data-col="1" data-numeric="1">bytes</th><th data-col="2" data-numeric="1">share</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function bundlesHtml(page: PageBundles): string {
  const openable = new Set(page.workspaceSources.map((s) => s.source));
  const sections = page.bundles.map(
    (b) =>
      `<section class="bundle" data-bundle="${escapeHtml(b.url)}"><h3><code title="${escapeHtml(b.url)}">${escapeHtml(shortUrl(b.url, 80))}</code> ${escapeHtml(formatBytes(b.bytes))}</h3><p class="map-origin" data-from="${b.map.from}">${escapeHtml(mapOriginText(b.map))}</p><div class="bundle-body"><div class="tm-box">${bundleTreemapSvg(b, openable)}<p class="tm-info">Hover a tile for its bytes; click one of your files to open it.</p></div><div>${partsTable('package', b, b.packages)}${partsTable('file', b, b.files)}</div></div></section>`,
  );
  const missing = page.withoutMap.length
    ? `<p>No source map for ${page.withoutMap.map((u) => `<code>${escapeHtml(shortUrl(u, 80))}</code>`).join(', ')}: its bytes cannot be split.</p>`
    : '';
  if (sections.length === 0) return `<h2>Bundle composition</h2><p>The page loads no script with a source map.</p>${missing}`;
  return `<h2>Bundle composition</h2><p>Bytes of each script by npm package and by source file, from its source map: the treemap's areas are their shares; the tables sort by a click on a column.</p>${sections.join('')}${missing}`;
}

export const BUNDLE_STYLE = `
.bundle-body { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start; } .tm-box { flex: 1 1 420px; max-width: 760px; }
svg.treemap { display: block; margin: 4px 0; } svg.treemap .openable { cursor: pointer; } svg.treemap .tm-file:hover { fill-opacity: 1; stroke: var(--vscode-focusBorder, #007fd4); stroke-width: 2; }
.tm-info { min-height: 1.3em; margin: 2px 0 6px; opacity: 0.9; } .map-origin { margin: 2px 0; opacity: 0.8; }
table.bundle-parts { width: auto; margin: 4px 16px 8px 0; display: inline-table; vertical-align: top; } td.num { text-align: right; }
`;

export function bundlesText(page: PageBundles): string[] {
  const lines = ['Bundle composition (from the source maps)'];
  for (const b of page.bundles) {
    lines.push(`  ${b.url}  ${formatBytes(b.bytes)}  (${mapOriginText(b.map)})`);
    const row = (p: BundlePart) => `      ${formatBytes(p.bytes).padStart(10)} ${formatShare(b.bytes ? p.bytes / b.bytes : 0).padStart(6)}  ${p.name}`;
    lines.push('    by package', ...topParts(b.packages).map(row), '    by source file', ...topParts(b.files).map(row));
  }
  if (page.bundles.length === 0) lines.push('  no script with a source map');
  for (const u of page.withoutMap) lines.push(`  ${u}: no source map, not split`);
  for (const n of page.importNotes) lines.push(`  ${n.path}:${n.line}  ${n.text}`);
  return lines;
}
