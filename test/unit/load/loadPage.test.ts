import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseLoadResult } from '../../../src/core/load';
import { loadPageHtml } from '../../../src/core/load/loadPage';
import { assertStrictPage } from '../strictPage';

const fixtures = new URL('../../fixtures/load/', import.meta.url).pathname;
// Recorded by src/helpers/autocannon_runner.cjs (autocannon 9.0.0) against examples/services/node /queue, 8 connections, 2 s.
const runnerText = readFileSync(fixtures + 'node-queue-c8.autocannon.json', 'utf8');
// `autocannon -c 4 -d 2 --json` against examples/services/node /slow.
const bareText = readFileSync(fixtures + 'node-slow-c4.json', 'utf8');
const nonce = 'TESTNONCE123';

const cardValue = (html: string, stat: string) =>
  new RegExp(`data-stat="${stat}"><div class="label">[^<]*</div><div class="value">([^<]*)</div>`).exec(html)?.[1];

test("the cards show autocannon's own throughput, p50/p90/p99/max, errors, timeouts and non-2xx", () => {
  const own = JSON.parse(runnerText).result;
  const r = parseLoadResult(runnerText);
  const html = loadPageHtml({ result: r, server: 'node server.js 8080' }, { nonce });
  assert.equal(cardValue(html, 'throughput'), `${own.requests.average.toFixed(1)} req/s`);
  for (const p of ['p50', 'p90', 'p99'] as const) assert.equal(cardValue(html, p), `${own.latency[p]} ms`, p);
  assert.equal(cardValue(html, 'max'), `${own.latency.max} ms`);
  assert.equal(cardValue(html, 'p95'), `${r.latency.p95} ms`);
  assert.ok(r.latency.p95! >= own.latency.p90 && r.latency.p95! <= own.latency.p97_5);
  assert.deepEqual(
    [cardValue(html, 'errors'), cardValue(html, 'timeouts'), cardValue(html, 'non2xx')],
    [String(own.errors), String(own.timeouts), String(own.non2xx)],
  );
  assert.match(html, /<h1>Load: http:\/\/127\.0\.0\.1:35021\/queue<\/h1>/);
  assert.match(html, /8 connections · 2\.0 s · 331 responses/);
  assert.match(html, new RegExp(`<code>200</code> × ${own.statusCodeStats['200'].count}`));
});

test('the histogram holds every 2xx response and marks the percentiles where autocannon puts them', () => {
  const own = JSON.parse(runnerText).result;
  const r = parseLoadResult(runnerText);
  const html = loadPageHtml({ result: r }, { nonce });
  const svg = /<svg[^>]*class="histogram"[\s\S]*?<\/svg>/.exec(html)![0];
  const counted = [...svg.matchAll(/data-count="(\d+)"/g)].reduce((s, m) => s + Number(m[1]), 0);
  assert.equal(counted, own.latency.totalCount);
  const marker = (p: string) => Number(new RegExp(`data-marker="${p}" data-ms="(\\d+)"`).exec(svg)?.[1]);
  assert.deepEqual(['p50', 'p90', 'p99', 'max'].map(marker), [own.latency.p50, own.latency.p90, own.latency.p99, own.latency.max]);
  assert.equal(marker('p95'), r.latency.p95);
  // Markers are ordered left to right like their values.
  const xs = ['p50', 'p90', 'p95', 'p99', 'max'].map((p) => Number(new RegExp(`<line x1="([\\d.]+)"[^>]*data-marker="${p}"`).exec(svg)![1]));
  assert.deepEqual(
    [...xs].sort((a, b) => a - b),
    xs,
  );
});

test('latency over time: one point per second of the load, the table with the same figures', () => {
  const r = parseLoadResult(runnerText);
  const html = loadPageHtml({ result: r }, { nonce });
  const svg = /<svg[^>]*class="over-time"[\s\S]*?<\/svg>/.exec(html)![0];
  assert.deepEqual(
    [...svg.matchAll(/data-second="(\d+)" data-requests="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]),
    r.overTime!.map((s) => [s.second, s.requests]),
  );
  assert.equal([...svg.matchAll(/<polyline/g)].length, 3);
  for (const s of r.overTime!) {
    assert.match(
      html,
      new RegExp(`<tr data-second="${s.second}"><td>${s.second}</td><td>${s.requests}</td><td>${s.p50} ms</td><td>${s.p95} ms</td><td>${s.max} ms</td></tr>`),
    );
  }
  assert.equal(
    r.overTime!.reduce((a, s) => a + s.requests, 0),
    JSON.parse(runnerText).result.latency.totalCount,
  );
});

test('a bare autocannon --json: its own figures, p95 n/a, no charts and says why', () => {
  const own = JSON.parse(bareText);
  const html = loadPageHtml({ result: parseLoadResult(bareText) }, { nonce });
  assert.equal(cardValue(html, 'p50'), `${own.latency.p50} ms`);
  assert.equal(cardValue(html, 'p99'), `${own.latency.p99} ms`);
  assert.equal(cardValue(html, 'p95'), 'n/a');
  assert.doesNotMatch(html, /<svg/);
  assert.match(html, /No latency samples/);
});

function slowedBy(factor: number): string {
  const runner = JSON.parse(runnerText);
  runner.samples = runner.samples.map(([t, ms, status]: number[]) => [t, ms * factor, status]);
  return JSON.stringify(runner);
}

test('with a baseline: the two runs side by side and the verdict of compareLoad', () => {
  const base = parseLoadResult(runnerText);
  const slow = parseLoadResult(slowedBy(1.5));
  const html = loadPageHtml({ result: slow, baseline: { label: 'the previous run', result: base } }, { nonce });
  assert.match(html, /<h2>Against the previous run<\/h2>/);
  assert.match(
    html,
    /<p class="verdict bad">slower: p95 \d+ ms → \d+ ms \(\+\d+\.\d%\), Mann–Whitney p=&lt;0\.0001, beyond the \+10\.0% tolerance and significant<\/p>/,
  );
  assert.match(html, new RegExp(`<tr data-stat="p95"><td>p95</td><td>${base.latency.p95} ms</td><td>${slow.latency.p95} ms</td><td>\\+`));
  const same = loadPageHtml({ result: base, baseline: { label: 'base.json', result: base } }, { nonce });
  assert.match(same, /<p class="verdict">unchanged: .*within the \+10\.0% tolerance<\/p>/);
  const bare = loadPageHtml({ result: base, baseline: { label: 'bare.json', result: parseLoadResult(bareText) } }, { nonce });
  assert.match(bare, /no verdict: the baseline result has no latency samples/);
});

test('the profile: its file and profiler, or why there is none', () => {
  const r = parseLoadResult(runnerText);
  assert.match(
    loadPageHtml({ result: r, profile: { file: '/w/.hotline/profiles/load-1.cpuprofile', profiler: 'node inspector', problem: null } }, { nonce }),
    /CPU profile taken during the load \(node inspector\): <code>\/w\/\.hotline\/profiles\/load-1\.cpuprofile<\/code>/,
  );
  assert.match(
    loadPageHtml({ result: r, profile: { file: null, profiler: 'none', problem: 'the process on port 80 is neither Python nor Node' } }, { nonce }),
    /No CPU profile: the process on port 80 is neither Python nor Node/,
  );
});

test('a strict CSP with the nonce; a hostile URL, server command and error code are escaped, not executed', () => {
  const runner = JSON.parse(runnerText);
  runner.result.url = 'http://127.0.0.1:1/"><script>alert(1)</script>';
  runner.errorMessages = { '<img src=x onerror=alert(2)>': 3 };
  const r = parseLoadResult(JSON.stringify(runner));
  const html = loadPageHtml(
    { result: r, server: `node -e '"><svg onload=alert(3)>'`, baseline: { label: '<b>base</b>', result: r } },
    { nonce, cspSource: 'vscode-webview://x' },
  );
  assertStrictPage(html, nonce);
  assert.doesNotMatch(html, /<img src=x|<svg onload|<b>base/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /&lt;img src=x onerror=alert\(2\)&gt;<\/code> × 3/);
  assert.match(html, /&quot;&gt;&lt;svg onload=alert\(3\)&gt;/);
});
