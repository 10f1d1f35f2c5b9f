import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMedianRatio, mannWhitneyU, normalCdf, welchFromSummary } from '../../../src/core/bench/significance';
import { seededRandom } from '../../../src/core/bench/rng';

test('normal CDF', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
});

test('Mann–Whitney exact p for small samples matches the brute-force enumeration', () => {
  // 2 of C(10,5)=252 arrangements are this extreme: p = 2/252
  const r = mannWhitneyU([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
  assert.ok(Math.abs(r.p - 0.007936507936507936) < 1e-12);
  assert.equal(r.statistic, 0);
  // enumerating all 252 splits gives p = 0.6904761904761905
  assert.ok(Math.abs(mannWhitneyU([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]).p - 0.6904761904761905) < 1e-12);
});

test('Mann–Whitney normal approximation with ties', () => {
  // By hand: U=200, tie-corrected sigma, continuity correction -> z = 6.27967, p = erfc(z/√2) = 3.3930e-10
  const a = [...Array(20).fill(1), ...Array(20).fill(2)];
  const b = [...Array(20).fill(2), ...Array(20).fill(3)];
  const r = mannWhitneyU(a, b);
  assert.equal(r.statistic, 200);
  assert.ok(Math.abs(r.p / 3.3930305509901995e-10 - 1) < 1e-5, `p=${r.p}`);
  assert.equal(mannWhitneyU(a, a).p, 1);
});

test('bootstrap interval of the median ratio is seeded and brackets the true ratio', () => {
  const rand = seededRandom(7);
  const base = Array.from({ length: 60 }, () => 100 * (1 + 0.03 * (rand() - 0.5)));
  const cur = base.map((v) => v * 1.2);
  const a = bootstrapMedianRatio(base, cur, { seed: 1 });
  const b = bootstrapMedianRatio(base, cur, { seed: 1 });
  assert.deepEqual(a, b);
  assert.ok(Math.abs(a.ratio - 1.2) < 1e-9);
  assert.ok(a.low > 1.1 && a.low <= 1.2 && a.high >= 1.2 && a.high < 1.3, JSON.stringify(a));
});

test('Welch test from summaries', () => {
  assert.ok(welchFromSummary({ mean: 100, stddev: 5, n: 100 }, { mean: 115, stddev: 5, n: 100 }).p < 1e-6);
  assert.ok(welchFromSummary({ mean: 100, stddev: 5, n: 100 }, { mean: 100.5, stddev: 5, n: 100 }).p > 0.3);
});
