import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns } from '../../../src/core/bench/compare';
import { comparisonMarkdown, comparisonText, formatDuration, runText } from '../../../src/core/bench/format';
import type { BenchRun } from '../../../src/core/bench/model';

const steady = (c: number) => Array.from({ length: 40 }, (_, i) => c * (1 + ((i % 7) - 3) * 0.004));
const run = (b: Record<string, number[]>): BenchRun => ({ tool: 'tinybench', benchmarks: Object.entries(b).map(([name, samples]) => ({ name, samples })) });

test('durations pick a readable unit', () => {
  assert.equal(formatDuration(950), '950 ns');
  assert.equal(formatDuration(12_345), '12.3 µs');
  assert.equal(formatDuration(2.5e6), '2.50 ms');
  assert.equal(formatDuration(3e9), '3.00 s');
});

test('Markdown summary lists regressions first and escapes names', () => {
  const c = compareRuns(run({ 'ok|<b>x</b>': steady(1000), slow: steady(1000) }), run({ 'ok|<b>x</b>': steady(1010), slow: steady(1200) }));
  const md = comparisonMarkdown(c, 'Benchmarks');
  assert.match(md, /^### Benchmarks: 1 slower, 0 faster, 1 unchanged/);
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Benchmark') && !l.startsWith('| ---'));
  assert.match(rows[0], /^\| slow \| 1\.00 µs \| 1\.20 µs \| \+20\.0% \|.*🔴 slower \|$/);
  assert.match(rows[1], /^\| ok\\\|\\<b\\>x\\<\/b\\> \|/);
  assert.ok(!md.includes('<b>'));
});

test('terminal outputs', () => {
  const c = compareRuns(run({ a: steady(1000) }), run({ a: steady(1300) }));
  assert.match(comparisonText(c), /a\s+1\.00 µs\s+1\.30 µs\s+\+30\.0%\s+\S+\s+slower/);
  assert.match(runText(run({ a: steady(1000) })), /^benchmark\s+n\s+median\s+p95\s+p99/);
});
