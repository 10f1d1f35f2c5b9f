import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantileSorted, statsOf, summarize } from '../../../src/core/bench/statistics';

test('median, percentiles, mean and stddev of 1..100', () => {
  const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
  assert.equal(s.n, 100);
  assert.equal(s.median, 50.5);
  assert.equal(s.mean, 50.5);
  assert.ok(Math.abs(s.p95 - 95.05) < 1e-9);
  assert.ok(Math.abs(s.p99 - 99.01) < 1e-9);
  assert.ok(Math.abs(s.stddev - 29.011491975882016) < 1e-9); // numpy: np.std(range(1,101), ddof=1)
  assert.equal(s.min, 1);
  assert.equal(s.max, 100);
  assert.equal(s.tooFewSamples, false);
});

test('quantile interpolates like numpy', () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileSorted([10], 0.99), 10);
});

test('warmup samples are discarded before the statistics', () => {
  const s = summarize([1000, 900, 10, 10, 10, 10], { warmup: 2 });
  assert.equal(s.n, 4);
  assert.equal(s.max, 10);
  assert.equal(s.cv, 0);
});

test('CV above 5% is flagged unstable with advice; below is stable', () => {
  const steady = summarize(Array.from({ length: 40 }, (_, i) => 100 + (i % 3)));
  assert.equal(steady.unstable, false);
  assert.deepEqual(steady.advice, []);
  const noisy = summarize(Array.from({ length: 40 }, (_, i) => (i % 2 ? 80 : 120)));
  assert.ok(noisy.cv > 0.05);
  assert.equal(noisy.unstable, true);
  assert.match(noisy.advice.join('\n'), /unstable: CV 20\.\d% > 5%.*pin/);
});

test('fewer than 30 samples is flagged with how to collect more', () => {
  const s = summarize(Array.from({ length: 10 }, () => 5));
  assert.equal(s.tooFewSamples, true);
  assert.match(s.advice[0], /only 10 samples: collect at least 30.*go test -count 30/);
});

test('outliers by the IQR rule, low and high', () => {
  const base = Array.from({ length: 40 }, (_, i) => 100 + (i % 5));
  const s = summarize([...base, 500, 600, 1]);
  assert.deepEqual(s.outliers, { low: 1, high: 2 });
});

test('summary-only benchmarks keep the tool figures and leave p95/p99 unknown', () => {
  const s = statsOf({ name: 'x', samples: [], summary: { n: 50, mean: 100, stddev: 2, median: 99, min: 95, max: 110 } });
  assert.equal(s.fromSummary, true);
  assert.equal(s.median, 99);
  assert.ok(Number.isNaN(s.p95));
  assert.equal(s.cv, 0.02);
});

test('empty or non-finite samples are rejected', () => {
  assert.throws(() => summarize([]), /no samples/);
  assert.throws(() => summarize([1, NaN]), /finite/);
});
