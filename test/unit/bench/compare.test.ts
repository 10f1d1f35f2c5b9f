import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareRuns } from '../../../src/core/bench/compare';
import { loadBenchRun } from '../../../src/core/bench/importers/index';
import type { BenchRun } from '../../../src/core/bench/model';
import { seededRandom } from '../../../src/core/bench/rng';

const fixtures = new URL('../../fixtures/bench/', import.meta.url).pathname;

/** Timings like a real benchmark: around `center` ns, ~3% jitter and a few slow outliers. */
function timings(center: number, n: number, seed: number): number[] {
  const rand = seededRandom(seed);
  return Array.from({ length: n }, () => center * (1 + 0.06 * (rand() - 0.5)) * (rand() < 0.03 ? 1.5 : 1));
}

const run = (benchmarks: Record<string, number[]>): BenchRun => ({
  tool: 'go-test',
  benchmarks: Object.entries(benchmarks).map(([name, samples]) => ({ name, samples })),
});

test('a constructed 15% slowdown is a regression', () => {
  const c = compareRuns(run({ join: timings(10_000, 50, 1) }), run({ join: timings(11_500, 50, 2) }));
  const [row] = c.rows;
  assert.equal(row.verdict, 'slower');
  assert.equal(c.regressions, 1);
  assert.ok(row.change! > 0.13 && row.change! < 0.17, `change ${row.change}`);
  assert.ok(row.pValue! < 0.001);
  assert.ok(row.interval!.low > 1);
  assert.match(row.reason, /beyond the 10% tolerance and significant/);
});

test('a 2% wobble is not a regression', () => {
  const c = compareRuns(run({ join: timings(10_000, 50, 1) }), run({ join: timings(10_200, 50, 2) }));
  assert.equal(c.rows[0].verdict, 'unchanged');
  assert.equal(c.regressions, 0);
  assert.match(c.rows[0].reason, /within the 10% tolerance/);
});

test('a 15% speedup is "faster", and a tighter threshold catches a 7% slowdown', () => {
  assert.equal(compareRuns(run({ a: timings(10_000, 50, 3) }), run({ a: timings(8_500, 50, 4) })).rows[0].verdict, 'faster');
  const base = run({ a: timings(10_000, 60, 5) });
  const cur = run({ a: timings(10_700, 60, 6) });
  assert.equal(compareRuns(base, cur).rows[0].verdict, 'unchanged');
  assert.equal(compareRuns(base, cur, { threshold: 0.05 }).rows[0].verdict, 'slower');
});

test('a large change in very noisy, small samples is noise, not a regression', () => {
  // Both sides drawn from the same wide distribution; medians differ by > 10% by chance.
  const base = run({ a: [100, 300, 120, 280, 110] });
  const cur = run({ a: [290, 130, 310, 105, 270] });
  const row = compareRuns(base, cur).rows[0];
  assert.ok(row.change! > 0.1, `change ${row.change}`);
  assert.equal(row.verdict, 'unchanged');
  assert.match(row.reason, /not statistically significant/);
});

test('added and removed benchmarks are listed, not counted as regressions', () => {
  const c = compareRuns(run({ old: timings(100, 30, 1), kept: timings(100, 30, 2) }), run({ kept: timings(100, 30, 3), fresh: timings(100, 30, 4) }));
  assert.deepEqual(c.rows.map((r) => [r.key, r.verdict]).sort(), [
    ['fresh', 'added'],
    ['kept', 'unchanged'],
    ['old', 'removed'],
  ]);
  assert.equal(c.regressions, 0);
});

// Real recordings from this (busy) machine are noisy: a 2% change must never count, and a change well
// beyond the noise must. Large-sample tools (pytest-benchmark, tinybench) resolve 15%.
const scaledRun = (base: BenchRun, k: number): BenchRun => ({
  ...base,
  benchmarks: base.benchmarks.map((b) => ({ ...b, samples: b.samples.map((v, i) => v * k * (1 + (i % 2 ? 0.003 : -0.003))) })),
});

for (const [file, big] of [
  ['pytest-benchmark.json', 1.15],
  ['tinybench.json', 1.15],
  ['criterion', 1.5],
  ['go-bench.txt', 3],
] as const) {
  test(`real ${file}: ×1.02 is unchanged, ×${big} is slower`, () => {
    const base = loadBenchRun(fixtures + file);
    const wobble = compareRuns(base, scaledRun(base, 1.02));
    assert.ok(
      wobble.rows.every((r) => r.verdict === 'unchanged'),
      JSON.stringify(wobble.rows.map((r) => [r.key, r.verdict])),
    );
    const slow = compareRuns(base, scaledRun(base, big));
    assert.ok(
      slow.rows.every((r) => r.verdict === 'slower'),
      JSON.stringify(slow.rows.map((r) => [r.key, r.verdict, r.reason])),
    );
    assert.equal(slow.regressions, base.benchmarks.length);
  });
}

test("summary-only pytest-benchmark data is compared with Welch's test", () => {
  const base = loadBenchRun(fixtures + 'pytest-benchmark-summary.json');
  const slow: BenchRun = {
    ...base,
    benchmarks: base.benchmarks.map((b) => ({ ...b, summary: { ...b.summary!, mean: b.summary!.mean * 1.3, median: b.summary!.median * 1.3 } })),
  };
  const c = compareRuns(base, slow);
  assert.ok(
    c.rows.every((r) => r.test === 'welch' && r.verdict === 'slower'),
    JSON.stringify(c.rows.map((r) => [r.verdict, r.pValue])),
  );
});

test('the verdict is reproducible (seeded bootstrap)', () => {
  const base = run({ a: timings(100, 40, 1) });
  const cur = run({ a: timings(111, 40, 2) });
  assert.deepEqual(compareRuns(base, cur).rows[0].interval, compareRuns(base, cur).rows[0].interval);
});

test('pooled alternating rounds keep every sample of each benchmark', async () => {
  const { mergeRuns } = await import('../../../src/core/bench/model');
  const merged = mergeRuns([run({ a: [1, 2], b: [5] }), run({ a: [3], c: [7] })]);
  assert.deepEqual(
    merged.benchmarks.map((b) => [b.name, b.samples]),
    [
      ['a', [1, 2, 3]],
      ['b', [5]],
      ['c', [7]],
    ],
  );
  assert.throws(() => mergeRuns([]), /at least one run/);
});

test('one sample a side (go test -count 1): the tolerance alone decides, and the reason says so', () => {
  const row = compareRuns(run({ a: [1000] }), run({ a: [1150] })).rows[0];
  assert.equal(row.test, 'none');
  assert.equal(row.verdict, 'slower');
  assert.match(row.reason, /one sample each: no statistical test possible/);
  assert.equal(compareRuns(run({ a: [1000] }), run({ a: [1020] })).rows[0].verdict, 'unchanged');
});

test('a tiny p-value reads "p<0.0001" in the reason, not "p=<0.0001"', () => {
  const c = compareRuns(run({ a: timings(100, 60, 1) }), run({ a: timings(150, 60, 2) }));
  assert.match(c.rows[0]!.reason, /^\+[\d.]+%, p<0\.0001: /);
  assert.doesNotMatch(c.rows[0]!.reason, /p=</);
});
