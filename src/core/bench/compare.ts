// Compares two runs benchmark by benchmark: a change counts only when it is beyond the tolerance AND
// a statistical test says it is not noise.
import { benchmarkKey, type BenchmarkResult, type BenchRun } from './model';
import { bootstrapMedianRatio, mannWhitneyU, welchFromSummary, type RatioInterval } from './significance';
import { statsOf, type BenchStats } from './statistics';

export type Verdict = 'faster' | 'slower' | 'unchanged' | 'added' | 'removed';

export interface CompareOptions {
  /** Tolerance as a fraction: 0.10 = changes within ±10% are "unchanged". */
  threshold?: number;
  /** Significance level of the test. */
  alpha?: number;
  /** Seed of the bootstrap. */
  seed?: number;
  resamples?: number;
}

export const DEFAULT_THRESHOLD = 0.1;
export const DEFAULT_ALPHA = 0.05;

export interface BenchmarkComparison {
  key: string;
  name: string;
  group?: string;
  verdict: Verdict;
  base?: BenchStats;
  current?: BenchStats;
  /** median(current) / median(base). */
  ratio?: number;
  /** ratio - 1 (0.15 = 15% slower). */
  change?: number;
  test: 'mann-whitney' | 'welch' | 'none';
  pValue?: number;
  interval?: RatioInterval;
  significant: boolean;
  /** One line a person reads: why this verdict. */
  reason: string;
}

export interface RunComparison {
  threshold: number;
  alpha: number;
  rows: BenchmarkComparison[];
  regressions: number;
  improvements: number;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function compareBenchmark(base: BenchmarkResult, current: BenchmarkResult, opts: CompareOptions = {}): BenchmarkComparison {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  const bs = statsOf(base);
  const cs = statsOf(current);
  const ratio = cs.median / bs.median;
  const change = ratio - 1;
  const row: BenchmarkComparison = {
    key: benchmarkKey(current),
    name: current.name,
    group: current.group,
    verdict: 'unchanged',
    base: bs,
    current: cs,
    ratio,
    change,
    test: 'none',
    significant: false,
    reason: '',
  };
  const direction = change > threshold ? 'slower' : change < -threshold ? 'faster' : null;

  if (base.samples.length >= 2 && current.samples.length >= 2) {
    row.test = 'mann-whitney';
    row.pValue = mannWhitneyU(base.samples, current.samples).p;
    row.interval = bootstrapMedianRatio(base.samples, current.samples, { seed: opts.seed, resamples: opts.resamples });
    // Both must agree: the ranks differ, and the interval of the median ratio leaves out "no change".
    row.significant = row.pValue < alpha && (row.interval.low > 1 || row.interval.high < 1);
  } else if (bs.n >= 2 && cs.n >= 2) {
    // A summary-only side (pytest-benchmark without stats.data): test the means from mean, stddev and n.
    row.test = 'welch';
    row.pValue = welchFromSummary(bs, cs).p;
    row.significant = row.pValue < alpha;
  } else {
    // One sample a side (e.g. go test -count 1): no test is possible; the tolerance alone decides.
    row.significant = true;
  }

  const figures = `${pct(change)}` + (row.pValue !== undefined ? `, p${row.pValue < 0.0001 ? '' : '='}${formatP(row.pValue)}` : '');
  if (!direction) {
    row.reason = `${figures}: within the ${(threshold * 100).toFixed(0)}% tolerance`;
  } else if (!row.significant) {
    row.reason = `${figures}: beyond the tolerance but not statistically significant (noise); collect more samples`;
  } else {
    row.verdict = direction;
    row.reason =
      `${figures}: beyond the ${(threshold * 100).toFixed(0)}% tolerance` +
      (row.test === 'none' ? ' (one sample each: no statistical test possible, run more rounds)' : ' and significant');
  }
  return row;
}

export function formatP(p: number): string {
  return p < 0.0001 ? '<0.0001' : p.toFixed(4);
}

/** Compares every benchmark of `current` with the one of the same key in `base`. */
export function compareRuns(base: BenchRun, current: BenchRun, opts: CompareOptions = {}): RunComparison {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  if (!(threshold >= 0)) throw new RangeError(`threshold must be a non-negative fraction, got ${threshold}`);
  const baseByKey = new Map(base.benchmarks.map((b) => [benchmarkKey(b), b]));
  const seen = new Set<string>();
  const rows: BenchmarkComparison[] = [];
  for (const cur of current.benchmarks) {
    const key = benchmarkKey(cur);
    seen.add(key);
    const old = baseByKey.get(key);
    if (old) rows.push(compareBenchmark(old, cur, { ...opts, threshold, alpha }));
    else
      rows.push({
        key,
        name: cur.name,
        group: cur.group,
        verdict: 'added',
        current: statsOf(cur),
        test: 'none',
        significant: false,
        reason: 'not in the baseline',
      });
  }
  for (const old of base.benchmarks) {
    const key = benchmarkKey(old);
    if (!seen.has(key))
      rows.push({
        key,
        name: old.name,
        group: old.group,
        verdict: 'removed',
        base: statsOf(old),
        test: 'none',
        significant: false,
        reason: 'not in the current run',
      });
  }
  return {
    threshold,
    alpha,
    rows,
    regressions: rows.filter((r) => r.verdict === 'slower').length,
    improvements: rows.filter((r) => r.verdict === 'faster').length,
  };
}
