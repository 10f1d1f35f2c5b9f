/**
 * Measure again for services: a p95 latency regression between two load results. Like the benchmarks'
 * comparison (src/core/bench/compare.ts) a change counts only when it is beyond the tolerance AND the
 * latencies differ by the same Mann–Whitney U test; without samples on both sides (a bare autocannon
 * JSON has no p95) there is nothing to compare and the caller is told why.
 */
import { DEFAULT_ALPHA, DEFAULT_THRESHOLD } from '../bench/compare';
import { mannWhitneyU } from '../bench/significance';
import { LoadResultError, type LoadResult } from './result';

export interface LoadComparison {
  readonly baseP95: number;
  readonly currentP95: number;
  /** currentP95 / baseP95 - 1 (0.15 = 15% slower). */
  readonly change: number;
  readonly pValue: number;
  readonly significant: boolean;
  readonly regression: boolean;
  readonly threshold: number;
  readonly alpha: number;
  /** One line a person reads: why this verdict. */
  readonly reason: string;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

export function compareLoad(base: LoadResult, current: LoadResult, opts: { threshold?: number; alpha?: number } = {}): LoadComparison {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  for (const [side, r] of [
    ['baseline', base],
    ['current', current],
  ] as const) {
    if (r.latency.p95 === null || r.latencies.length < 2) {
      throw new LoadResultError(`the ${side} result has no latency samples (a bare autocannon --json has no p95): record it with "hotline load --save FILE"`);
    }
  }
  const baseP95 = base.latency.p95!;
  const currentP95 = current.latency.p95!;
  const change = baseP95 > 0 ? currentP95 / baseP95 - 1 : currentP95 > 0 ? Infinity : 0;
  const pValue = mannWhitneyU(base.latencies, current.latencies).p;
  const significant = pValue < alpha;
  const beyond = change > threshold;
  const regression = beyond && significant;
  const figures = `p95 ${baseP95} ms → ${currentP95} ms (${pct(change)}), Mann–Whitney p=${pValue < 0.0001 ? '<0.0001' : pValue.toFixed(4)}`;
  const reason = regression
    ? `slower: ${figures}, beyond the ${pct(threshold)} tolerance and significant`
    : beyond
      ? `unchanged: ${figures}, beyond the tolerance but not significant at α=${alpha}`
      : `unchanged: ${figures}, within the ${pct(threshold)} tolerance`;
  return { baseP95, currentP95, change, pValue, significant, regression, threshold, alpha, reason };
}
