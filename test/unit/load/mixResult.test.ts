// A mix's per-request figures from a recorded runner file: src/helpers/autocannon_runner.cjs (autocannon
// 9.0.0), 4 connections for 2 s against examples/services/node with GET /cpu, GET /slow, POST /health and
// GET /missing (404) in turn. Oracles: autocannon's own totals and status codes in the same file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LoadResultError, loadResultJson, loadResultText, parseLoadResult } from '../../../src/core/load';
import { loadPageHtml } from '../../../src/core/load/loadPage';
import { assertStrictPage } from '../strictPage';

const fixtures = new URL('../../fixtures/load/', import.meta.url).pathname;
const mixText = readFileSync(fixtures + 'node-mix-c4.autocannon.json', 'utf8');
const own = JSON.parse(mixText).result as {
  requests: { total: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  statusCodeStats: Record<string, { count: number }>;
};

test("each request of the mix: its counts add up to autocannon's own totals, the 404s are all /missing's", () => {
  const r = parseLoadResult(mixText);
  const rows = r.perRequest!;
  assert.deepEqual(
    rows.map((q) => q.request),
    ['GET /cpu', 'GET /slow', 'POST /health', 'GET /missing'],
  );
  assert.equal(
    rows.reduce((n, q) => n + q.count, 0),
    own.requests.total,
  );
  assert.equal(
    rows.reduce((n, q) => n + q.count - q.non2xx, 0),
    own['2xx'],
  );
  const missing = rows[3]!;
  assert.deepEqual([missing.non2xx, missing.count, missing.latency], [own.statusCodeStats['404']!.count, own.non2xx, null]);
  for (const q of rows.slice(0, 3)) assert.equal(q.non2xx, 0, q.request);
  assert.equal(
    rows.reduce((n, q) => n + q.errors, 0),
    own.errors,
  );
  // Each of the 4 connections sends the 4 requests in turn: no request is more than one round ahead per connection.
  const counts = rows.map((q) => q.count);
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 4, `counts ${counts.join(', ')}`);
  // The whole mix's 2xx latencies are the requests' own put together.
  const cpu = rows[0]!.latency!;
  const health = rows[2]!.latency!;
  assert.ok(cpu.min <= cpu.p50 && cpu.p50 <= cpu.p90 && cpu.p90 <= cpu.p95! && cpu.p95! <= cpu.p99 && cpu.p99 <= cpu.max);
  assert.equal(Math.max(...rows.map((q) => q.latency?.max ?? 0)), r.latency.max);
  assert.equal(Math.min(...rows.map((q) => q.latency?.min ?? Infinity)), r.latency.min);
  assert.ok(cpu.p50 > health.p50, `/cpu p50 ${cpu.p50} ms, /health ${health.p50} ms`);
});

test('the text, the JSON and the Load Results panel show the per-request table', () => {
  const r = parseLoadResult(mixText);
  const text = loadResultText(r);
  assert.match(text, /^latency \(whole mix\) {2}p50 /m);
  for (const q of r.perRequest!) {
    const l = q.latency;
    const cells = l ? [l.p50, l.p90, l.p95, l.p99, l.max].map((v) => `${v} ms`) : ['n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
    assert.match(text, new RegExp(`^ {2}${q.request.replace('/', '\\/')} +${q.count} +${cells.join(' +')} +${q.errors} +${q.timeouts} +${q.non2xx}$`, 'm'));
  }
  const json = JSON.parse(JSON.stringify(loadResultJson(r)));
  assert.deepEqual(json.perRequest, JSON.parse(JSON.stringify(r.perRequest)));

  const html = loadPageHtml({ result: r, server: 'node server.js 8080' }, { nonce: 'TESTNONCE123', cspSource: 'vscode-webview://x' });
  assertStrictPage(html, 'TESTNONCE123');
  const rows = [...html.matchAll(/<tr data-request="([^"]+)">([\s\S]*?)<\/tr>/g)];
  assert.deepEqual(
    rows.map((m) => m[1]),
    r.perRequest!.map((q) => q.request),
  );
  for (const [i, m] of rows.entries()) {
    const q = r.perRequest![i]!;
    const cell = (stat: string) => new RegExp(`<td data-stat="${stat}"[^>]*>([^<]*)</td>`).exec(m[2]!)?.[1];
    assert.equal(cell('count'), String(q.count));
    for (const p of ['p50', 'p90', 'p95', 'p99', 'max'] as const) assert.equal(cell(p), q.latency ? `${q.latency[p]} ms` : 'n/a', `${q.request} ${p}`);
    assert.deepEqual([cell('errors'), cell('timeouts'), cell('non2xx')], [String(q.errors), String(q.timeouts), String(q.non2xx)]);
  }
  assert.match(html, /<tr data-request="GET \/missing">[\s\S]*?<td data-stat="non2xx" class="bad">/);
});

test('one URL has no per-request table; a mix file whose responses name no request of it is refused', () => {
  const single = parseLoadResult(readFileSync(fixtures + 'node-queue-c8.autocannon.json', 'utf8'));
  assert.equal(single.perRequest, null);
  assert.doesNotMatch(loadPageHtml({ result: single }, { nonce: 'N' }), /per-request/);
  const broken = JSON.parse(mixText);
  broken.samples[0] = broken.samples[0].slice(0, 3);
  assert.throws(
    () => parseLoadResult(JSON.stringify(broken)),
    (err: Error) => err instanceof LoadResultError && /names no request/.test(err.message),
  );
});
