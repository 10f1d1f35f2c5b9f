// The Traces panel's HTML, built from the recorded Zipkin and OTLP files; the oracle is the
// timestamps and durations in the same files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { candidatePaths, codeLineLatencies, codeLineNote } from '../../../src/core/traces/codeLines';
import { parseTraceText } from '../../../src/core/traces/importers/index';
import type { Span } from '../../../src/core/traces/model';
import { formatMicros } from '../../../src/core/traces/report';
import { tracesPageHtml } from '../../../src/core/traces/tracePage';
import { histogramBins } from '../../../src/core/traces/traceSvg';
import { assertStrictPage } from '../strictPage';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/traces', name), 'utf8');
const zipkinText = fixture('zipkin-shop.json');
const nonce = 'TESTNONCE123';

interface RawSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  timestamp: number;
  duration: number;
  localEndpoint: { serviceName: string };
}
const raw = JSON.parse(zipkinText) as RawSpan[][];

/** numpy.percentile's default (linear). */
function oraclePercentile(values: number[], q: number): number {
  const d = [...values].sort((a, b) => a - b);
  const pos = (d.length - 1) * q;
  const lo = Math.floor(pos);
  return d[lo]! + (d[Math.ceil(pos)]! - d[lo]!) * (pos - lo);
}

const page = () =>
  tracesPageHtml({ source: 'zipkin-shop.json', format: 'zipkin', traces: parseTraceText(zipkinText).traces }, { nonce, cspSource: 'vscode-webview://x' });
const section = (html: string, endpoint: string) =>
  new RegExp(`<section class="endpoint" data-index="\\d+" data-endpoint="${endpoint}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';

test("the endpoint shows p50/p90/p95/p99 of the root spans' durations in the file, and a histogram of all 20", () => {
  const html = page();
  const s = section(html, 'shop GET /checkout');
  assert.ok(s, 'one section for the endpoint');
  const roots = raw.map((t) => t.find((x) => !x.parentId)!.duration);
  const cell = (stat: string) => new RegExp(`<td data-stat="${stat}">([^<]*)</td>`).exec(s)?.[1];
  assert.equal(cell('count'), '20');
  for (const [stat, q] of [
    ['p50', 0.5],
    ['p90', 0.9],
    ['p95', 0.95],
    ['p99', 0.99],
  ] as const)
    assert.equal(cell(stat), formatMicros(oraclePercentile(roots, q)), stat);
  assert.equal(cell('max'), formatMicros(Math.max(...roots)));
  const counts = [...s.matchAll(/<rect [^>]*data-count="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    20,
    'every request in a histogram bar',
  );
  for (const p of ['p50', 'p95', 'p99'])
    assert.match(s, new RegExp(`data-marker="${p}"><title>${p} ${formatMicros(oraclePercentile(roots, Number(p.slice(1)) / 100))}</title>`));
});

test('the 5 slowest traces get a waterfall: one row per span, indented by depth, the downstream call on the critical path', () => {
  const s = section(page(), 'shop GET /checkout');
  const byDuration = [...raw].sort((a, b) => b.find((x) => !x.parentId)!.duration - a.find((x) => !x.parentId)!.duration);
  const shown = [...s.matchAll(/<svg [^>]*class="waterfall" data-trace="(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(
    shown,
    byDuration.slice(0, 5).map((t) => t[0]!.traceId),
  );
  for (const trace of byDuration.slice(0, 5)) {
    const svg = new RegExp(`data-trace="${trace[0]!.traceId}">([\\s\\S]*?)</svg>`).exec(s)![1]!;
    const rows = [...svg.matchAll(/<g data-span="(\w+)" data-depth="(\d)"( data-critical="1")?>/g)].map((m) => [m[1], Number(m[2]), Boolean(m[3])]);
    const root = trace.find((x) => !x.parentId)!;
    const client = trace.find((x) => x.parentId === root.id)!;
    const server = trace.find((x) => x.parentId === client.id)!;
    assert.deepEqual(
      rows.map((r) => [r[0], r[1]]),
      [
        [root.id, 0],
        [client.id, 1],
        [server.id, 2],
      ],
      'root, its client call, the downstream server span',
    );
    assert.ok(
      rows.every((r) => r[2]),
      'every span of a chain holds part of the critical path',
    );
    // The downstream server span's whole time, clamped to its ancestors, is on the path.
    const from = Math.max(server.timestamp, client.timestamp, root.timestamp) - root.timestamp;
    const to = Math.min(server.timestamp + server.duration, client.timestamp + client.duration, root.timestamp + root.duration) - root.timestamp;
    assert.match(svg, new RegExp(`<g data-span="${server.id}"[\\s\\S]*?data-path="${from}-${to}"`));
  }
});

test("why is p95 slow: the downstream span leads the tail's critical path; queue waits and requests in flight are drawn", () => {
  const s = section(page(), 'shop GET /checkout');
  assert.match(s, /<h3>Why is p95 slow<\/h3>/);
  const labels = [...s.matchAll(/<tr data-label="([^"]+)">/g)].map((m) => m[1]);
  assert.equal(labels[0], 'pricing GET /price');
  assert.match(s, /<tr data-edge="shop GET \/checkout → shop GET \/price">/);
  const inFlight = [...s.matchAll(/<rect [^>]*data-max="(\d+)"/g)].map((m) => Number(m[1]));
  assert.equal(inFlight.length, 20);
  assert.equal(Math.max(...inFlight), 1, 'the recording sent one request at a time');
});

test('the slow tail is selectable: ≥p95 shown (20 traces), ≥p99 beside it hidden, each with its threshold from the file', () => {
  const s = section(page(), 'shop GET /checkout');
  const roots = raw.map((t) => t.find((x) => !x.parentId)!.duration);
  assert.match(s, /<select class="tail"><option value="0\.95" selected>≥p95<\/option><option value="0\.99">≥p99<\/option><\/select>/);
  for (const [q, hidden] of [
    [0.95, ''],
    [0.99, ' hidden'],
  ] as const) {
    const div = new RegExp(`<div class="tail" data-q="${q}"${hidden}>([\\s\\S]*?)</div>`).exec(s)?.[1];
    assert.ok(div, `the ≥p${q * 100} breakdown`);
    const threshold = oraclePercentile(roots, q);
    const inTail = roots.filter((d) => d >= threshold).length;
    assert.match(div, new RegExp(`in the ${inTail} traces? at or above p${Math.round(q * 100)} \\(${formatMicros(threshold)}\\)`));
    assert.match(div, /<tbody><tr data-label="pricing GET \/price">/);
  }
});

test('histogram bins cover min..max and count every duration once', () => {
  const bins = histogramBins([10, 20, 20, 30, 100], 9);
  assert.equal(bins[0]!.from, 10);
  assert.equal(bins[8]!.to, 100);
  assert.deepEqual(
    bins.map((b) => b.count),
    [1, 2, 1, 0, 0, 0, 0, 0, 1],
  );
});

test("spans with code.filepath/code.lineno give the line's p50/p95 from the spans' own durations", () => {
  const text = fixture('otlp-code.jsonl');
  type Attr = { key: string; value: { stringValue?: string; intValue?: number } };
  const rawSpans = (
    JSON.parse(text) as { resourceSpans: { scopeSpans: { spans: { startTimeUnixNano: string; endTimeUnixNano: string; attributes: Attr[] }[] }[] }[] }
  ).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  const lines = codeLineLatencies(parseTraceText(text).traces).sort((a, b) => a.line - b.line);
  const source = fixture('record-code.cjs').split('\n');
  assert.deepEqual(
    lines.map((l) => [l.labels, l.line]),
    [
      [['checkout cartTotal'], 39],
      [['checkout fetchPrice'], 45],
    ],
  );
  for (const l of lines) {
    assert.match(source[l.line - 1]!, new RegExp(`^function ${l.labels[0]!.split(' ')[1]}\\(`), "the attribute names the function's line in the recorder");
    assert.ok(l.file.endsWith('test/fixtures/traces/record-code.cjs'));
    const durations = rawSpans
      .filter((s) => s.attributes.some((a) => a.key === 'code.lineno' && a.value.intValue === l.line))
      .map((s) => Number((BigInt(s.endTimeUnixNano) - BigInt(s.startTimeUnixNano)) / 1000n));
    assert.equal(l.count, 8);
    assert.equal(durations.length, 8);
    assert.ok(Math.abs(l.p50 - oraclePercentile(durations, 0.5)) < 1, `p50 ${l.p50} vs ${oraclePercentile(durations, 0.5)}`);
    assert.ok(Math.abs(l.p95 - oraclePercentile(durations, 0.95)) < 1, `p95`);
    assert.equal(codeLineNote(l), `⏱ ${l.labels[0]}: p50 ${formatMicros(l.p50)} · p95 ${formatMicros(l.p95)} (8 spans)`);
  }
});

test('a line where spans of several names were recorded names the most frequent and how many others', () => {
  const note = codeLineNote({ file: 'a.js', line: 3, labels: ['svc a', 'svc b', 'svc c'], count: 1, p50: 1500, p95: 2500 });
  assert.equal(note, `⏱ svc a (+2): p50 ${formatMicros(1500)} · p95 ${formatMicros(2500)} (1 span)`);
});

test('a recorded path is looked for as itself, then by its trailing parts under each workspace root', () => {
  assert.deepEqual(candidatePaths('/srv/app/src/handler.js', ['/ws']), [
    '/srv/app/src/handler.js',
    '/ws/srv/app/src/handler.js',
    '/ws/app/src/handler.js',
    '/ws/src/handler.js',
    '/ws/handler.js',
  ]);
  assert.deepEqual(candidatePaths('src/a.py', ['/one/', '/two']), ['/one/src/a.py', '/two/src/a.py', '/one/a.py', '/two/a.py']);
});

test('a strict CSP with the nonce; hostile span names, services, ids and paths are escaped, not executed', () => {
  const evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
  const span = (id: string, parentId: string | undefined, start: number, duration: number): Span => ({
    traceId: `t${evil}`,
    id: `${id}${evil}`,
    ...(parentId ? { parentId: `${parentId}${evil}` } : {}),
    name: `GET`,
    service: `svc${evil}`,
    start,
    duration,
    tags: { 'http.route': `/r${evil}`, 'code.filepath': `/x/${evil}.js`, 'code.lineno': '3' },
  });
  const trace = { traceId: `t${evil}`, spans: [span('a', undefined, 0, 100), span('b', 'a', 10, 50)] };
  const html = tracesPageHtml(
    { source: `file${evil}`, format: 'zipkin', traces: [trace], codeLines: codeLineLatencies([trace]) },
    { nonce, cspSource: 'vscode-webview://x' },
  );
  assertStrictPage(html, nonce);
  assert.doesNotMatch(html, /<img src=x/);
  assert.doesNotMatch(html, /"><script>alert/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;/);
});
