import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareRuns } from '../../../src/core/bench/compare';
import { appendHistory, HISTORY_LIMIT, historySeries, readHistory } from '../../../src/core/bench/history';
import type { BenchRun } from '../../../src/core/bench/model';
import { historyChart, resultsHtml } from '../../../src/extension/bench/resultsHtml';

const steady = (c: number) => Array.from({ length: 40 }, (_, i) => c * (1 + ((i % 7) - 3) * 0.004));
const run = (c: number, createdAt: string): BenchRun => ({
  tool: 'go-test',
  createdAt,
  benchmarks: [{ name: 'Benchmark<script>alert(1)</script>', samples: steady(c) }],
});

test('history keeps runs in order and charts each benchmark across them', () => {
  const root = mkdtempSync(join(tmpdir(), 'hotline-history-'));
  appendHistory(root, run(1000, '2026-01-01T00:00:00.000Z'), new Date('2026-01-01T00:00:00Z'));
  appendHistory(root, run(1200, '2026-01-02T00:00:00.000Z'), new Date('2026-01-02T00:00:00Z'));
  const { runs, problems } = readHistory(root);
  assert.deepEqual(problems, []);
  const series = historySeries(runs);
  const points = series.get('Benchmark<script>alert(1)</script>')!;
  assert.equal(points.length, 2);
  assert.ok(Math.abs(points[1].median / points[0].median - 1.2) < 1e-9);
});

test('history is capped', () => {
  const root = mkdtempSync(join(tmpdir(), 'hotline-history-'));
  for (let i = 0; i < HISTORY_LIMIT + 3; i++)
    appendHistory(root, run(1000, new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()), new Date(Date.UTC(2026, 0, 1, 0, i)));
  assert.equal(readdirSync(join(root, '.hotline', 'bench-history')).length, HISTORY_LIMIT);
});

test('the results page escapes names, has a strict CSP and no script but the load ping, and shows verdicts and a chart', () => {
  const base = run(1000, '2026-01-01T00:00:00.000Z');
  const cur = run(1200, '2026-01-02T00:00:00.000Z');
  const html = resultsHtml({
    title: 'Benchmarks <b>',
    run: cur,
    comparison: compareRuns(base, cur),
    history: historySeries([base, cur]),
    nonce: 'abc123',
    cspSource: 'vscode-resource:',
  });
  assert.match(html, /content="default-src 'none'; style-src vscode-resource: 'nonce-abc123';.* script-src 'nonce-abc123';"/);
  // One script: the load ping, nonce'd, that carries nothing from the profile.
  const scripts = html.match(/<script[^>]*>[^<]*<\/script>/gi) ?? [];
  assert.deepEqual(scripts, ['<script nonce="abc123">acquireVsCodeApi().postMessage({ type: \'loaded\' });</script>']);
  assert.ok(html.includes('Benchmark&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(html.includes('Benchmarks &lt;b&gt;'));
  assert.match(html, /<tr class="slower"><td>Benchmark&lt;script&gt;/);
  assert.match(html, /<polyline class="median" points="[\d., ]+"\/>/);
});

test('a chart of one run still draws its point', () => {
  const svg = historyChart('x', [{ createdAt: '2026-01-01T00:00', median: 100, p95: 120, cv: 0.01 }]);
  assert.match(svg, /<circle cx="[\d.]+" cy="[\d.]+"/);
  assert.ok(!svg.includes('NaN'));
});
