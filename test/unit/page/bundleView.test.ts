// The bundle composition as the Page Load panel and `hotline page` show it, on examples/web's real
// Lighthouse result: tables sorted by size, the parts adding up, and hostile source names escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleComposition, bundlesText, pageJson, pageText, parseLhr, summarizeRuns, topParts, type PageBundles } from '../../../src/core/page';
import { pageResultsHtml } from '../../../src/core/page/resultsPage';
import { parseFromPageLoadMessage } from '../../../src/core/webviewProtocol';
import { assertStrictPage } from '../strictPage';

const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.lhr.json'), 'utf8'));
const runs = summarizeRuns([parseLhr(raw)]);
const nonce = 'TESTNONCE123';

// Three sources on one line: 6 bytes of own code, 4 of a package whose name is markup, 2 unmapped.
const hostileSource = 'node_modules/<img src=x onerror=alert(1)>/i.js';
const map = { version: 3, sources: ['src/"><script>alert(1)</script>.ts', hostileSource], names: [], mappings: 'AAAA,MCAA,I' };
const bundle = {
  ...bundleComposition('http://127.0.0.1/dist/app.js?v=<b>', 'aaaaaabbbbcc', map),
  map: { from: 'served' as const, location: 'http://127.0.0.1/dist/app.js.map?<i>' },
};
const ownSource = 'src/"><script>alert(1)</script>.ts';
const bundles: PageBundles = {
  bundles: [bundle],
  withoutMap: ['http://127.0.0.1/vendor.js'],
  importNotes: [],
  workspaceSources: [{ source: ownSource, path: '/ws/src/x.ts' }],
};

test('the panel lists each bundle by package and by source file, largest first, escaped', () => {
  const html = pageResultsHtml(runs, { nonce, cspSource: 'vscode-webview://x', bundles });
  assertStrictPage(html, nonce);
  assert.doesNotMatch(html, /<img src=x/);
  assert.doesNotMatch(html, /<script>alert/);
  const table = (kind: string) => new RegExp(`<table class="bundle-parts" data-kind="${kind}">(.*?)</table>`).exec(html)?.[1] ?? '';
  const keys = (kind: string) => [...table(kind).matchAll(/data-key="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(keys('package'), [6, 4, 2]);
  assert.deepEqual(keys('file'), [6, 4, 2]);
  assert.match(table('package'), /&lt;img src=x onerror=alert\(1\)&gt;.*?4 B.*?33\.3%/);
  assert.match(html, /No source map for <code>127\.0\.0\.1\/vendor\.js<\/code>/);
  assert.ok(!pageResultsHtml(runs, { nonce }).includes('Bundle composition'), 'no section without bundles');
  assert.match(html, /<p class="map-origin" data-from="served">source map served at http:\/\/127\.0\.0\.1\/dist\/app\.js\.map\?&lt;i&gt;<\/p>/);
});

test("the treemap: one tile per source file, hover text with bytes and share, only the workspace's own files open", () => {
  const html = pageResultsHtml(runs, { nonce, cspSource: 'vscode-webview://x', bundles });
  const svg = /<svg[^>]*class="treemap"[^>]*>([\s\S]*?)<\/svg>/.exec(html)?.[1] ?? '';
  const info = [...svg.matchAll(/<rect [^>]*data-info="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(info, [
    'src/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.ts: 6 B, 50.0% of the bundle · in (own code)',
    'node_modules/&lt;img src=x onerror=alert(1)&gt;/i.js: 4 B, 33.3% of the bundle · in &lt;img src=x onerror=alert(1)&gt;',
    '(unmapped): 2 B, 16.7% of the bundle',
  ]);
  const open = [...svg.matchAll(/data-open="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(open, ['src/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;.ts']);
  // Attribute names only: values and text emptied (the hostile names hold "onerror=" as text).
  const markup = svg.replace(/"[^"]*"/g, '""').replace(/>[^<]*</g, '><');
  assert.doesNotMatch(markup, /\son[a-z]+=/i, 'no inline handlers');
  assert.doesNotMatch(markup, /\sstyle=/, 'no inline styles (the CSP refuses them)');
  // The page's one script wires the clicks and sorting: nothing else runs.
  assert.equal([...html.matchAll(/<script nonce=/g)].length, 1);
  assert.match(html, /postMessage\(\{ type: 'openBundleSource', source: tile\.dataset\.open \}\)/);
});

test('what the Page Load webview may send: loaded, or a bundle source to open; anything else is dropped', () => {
  assert.deepEqual(parseFromPageLoadMessage({ type: 'loaded' }), { type: 'loaded' });
  assert.deepEqual(parseFromPageLoadMessage({ type: 'openBundleSource', source: '/src/main.ts', extra: 1 }), {
    type: 'openBundleSource',
    source: '/src/main.ts',
  });
  for (const bad of [
    null,
    'loaded',
    { type: 'openBundleSource' },
    { type: 'openBundleSource', source: '' },
    { type: 'openBundleSource', source: 'x'.repeat(5000) },
    { type: 'open', source: 'a' },
  ])
    assert.equal(parseFromPageLoadMessage(bad), null, JSON.stringify(bad)?.slice(0, 80));
});

test('text and JSON output of hotline page carry the composition', () => {
  const text = pageText(runs, undefined, { bundles });
  assert.ok(text.includes(bundlesText(bundles).join('\n')));
  assert.match(text, /by package\n +6 B +50\.0% +\(own code\)\n +4 B +33\.3% +<img/);
  assert.match(text, /vendor\.js: no source map, not split/);
  assert.match(text, /app\.js\?v=<b> {2}12 B {2}\(source map served at http:\/\/127\.0\.0\.1\/dist\/app\.js\.map\?<i>\)/);
  assert.deepEqual(pageJson(runs, undefined, { bundles }).bundles, bundles);
  assert.equal('bundles' in pageJson(runs), false);
});

test('long tables end with one row for the rest', () => {
  const parts = Array.from({ length: 20 }, (_, i) => ({ name: `p${i}`, bytes: 100 - i }));
  const top = topParts(parts, 3);
  assert.deepEqual(top.slice(0, 3), parts.slice(0, 3));
  assert.deepEqual(top[3], { name: '17 other', bytes: parts.slice(3).reduce((s, p) => s + p.bytes, 0) });
});
