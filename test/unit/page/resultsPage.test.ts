// The Page Load panel's HTML, built from the real Lighthouse result of examples/web; the oracle is
// Lighthouse's own figures in the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLhr, summarizeRuns } from '../../../src/core/page';
import { pageResultsHtml, scoreBand } from '../../../src/core/page/resultsPage';
import { assertStrictPage } from '../strictPage';

const raw = JSON.parse(readFileSync(join(__dirname, '../../fixtures/page/examples-web.lhr.json'), 'utf8'));
const nonce = 'TESTNONCE123';

test('the page shows each metric as Lighthouse displays it, banded by its score', () => {
  const html = pageResultsHtml(summarizeRuns([parseLhr(raw)]), { nonce, cspSource: 'vscode-webview://x' });
  for (const id of ['largest-contentful-paint', 'first-contentful-paint', 'total-blocking-time', 'interactive']) {
    const card = new RegExp(`<div class="metric (\\w+)" data-metric="${id}">.*?</div></div>`).exec(html);
    assert.ok(card, id);
    assert.equal(card[1], scoreBand(raw.audits[id].score), `${id} band`);
  }
  assert.match(html, new RegExp(`performance score <b>${Math.round(raw.categories.performance.score * 100)}</b>`));
});

test('findings name the render-blocking stylesheet, lodash behind the unused JavaScript and the long task', () => {
  const html = pageResultsHtml(summarizeRuns([parseLhr(raw)]), { nonce });
  const section = (id: string) => new RegExp(`<section class="finding \\w+" data-finding="${id}">(.*?)</section>`).exec(html)?.[1] ?? '';
  assert.match(section('render-blocking-resources'), /styles\/theme\.css/);
  assert.match(section('unused-javascript'), /node_modules\/lodash\/lodash\.js/);
  assert.match(section('long-tasks'), /dist\/main\.js/);
});

test('the waterfall has one row per request, marks the blocking stylesheet and the LCP moment', () => {
  const audit = parseLhr(raw);
  const html = pageResultsHtml(summarizeRuns([audit]), { nonce });
  const requests = audit.waterfall.requests;
  assert.equal(requests.length, raw.audits['network-requests'].details.items.length);
  assert.equal((html.match(/<g data-row="\d+">/g) ?? []).length, requests.length);
  assert.equal((html.match(/<tr data-row="\d+"/g) ?? []).length, requests.length);
  const css = requests.findIndex((r) => r.url.endsWith('/styles/theme.css'));
  const row = new RegExp(`<g data-row="${css}">([\\s\\S]*?)</g>`).exec(html)![1]!;
  assert.match(row, /<title>render-blocking<\/title>/);
  assert.match(html, new RegExp(`<title>LCP at [^<]+</title>`));
  assert.ok(audit.waterfall.lcp.timeMs > 0);
});

test('a strict CSP with the nonce; URLs from the page are escaped, not executed', () => {
  const hostile = structuredClone(raw);
  hostile.audits['network-requests'].details.items[0].url = 'http://127.0.0.1/"><script>alert(1)</script>';
  hostile.finalDisplayedUrl = hostile.requestedUrl = hostile.finalUrl = 'http://127.0.0.1/<img src=x onerror=alert(1)>';
  const html = pageResultsHtml(summarizeRuns([parseLhr(hostile)]), { nonce, cspSource: 'vscode-webview://x' });
  assertStrictPage(html, nonce);
  assert.doesNotMatch(html, /<img src=x/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;|&lt;img src=x onerror=alert\(1\)&gt;/);
});
