import type { BenchmarkResult } from './model';

/** Below this many samples the figures (p95, p99, the tests) are not trustworthy. */
export const MIN_SAMPLES = 30;
/** Coefficient of variation above which a benchmark is flagged unstable. */
export const UNSTABLE_CV = 0.05;

/** What to do about unstable figures (the seed's advice). */
export const UNSTABLE_ADVICE =
  'close other programs, pin the CPU frequency (performance governor, turbo off), pin the process to a core ' +
  '(taskset -c 2), run longer or more rounds, and compare medians rather than means';
/** How to collect enough samples with each tool. */
export const FEW_SAMPLES_ADVICE = `collect at least ${MIN_SAMPLES} (pytest --benchmark-min-rounds=${MIN_SAMPLES}, go test -count ${MIN_SAMPLES}, criterion sample_size(${MIN_SAMPLES}) or more)`;

export interface BenchStats {
  n: number;
  mean: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  stddev: number;
  /** stddev / mean. */
  cv: number;
  q1: number;
  q3: number;
  iqr: number;
  /** Samples outside [q1 - 1.5 iqr, q3 + 1.5 iqr] (Tukey's fences). */
  outliers: { low: number; high: number };
  unstable: boolean;
  tooFewSamples: boolean;
  /** True when computed from a tool's summary, not raw samples (p95/p99 then unknown: NaN). */
  fromSummary: boolean;
  /** What to do about instability, too few samples or outliers; empty when all is well. */
  advice: string[];
}

export interface StatsOptions {
  /** Leading samples to discard as warmup (for time-ordered raw data whose tool did no warmup). */
  warmup?: number;
}

/** Linear-interpolation quantile (R type 7, numpy's default) of sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Statistics of raw samples (ns per iteration). Throws on an empty or non-finite sample list. */
export function summarize(samples: readonly number[], opts: StatsOptions = {}): BenchStats {
  const kept = samples.slice(Math.max(0, opts.warmup ?? 0));
  if (kept.length === 0) throw new RangeError('no samples left to summarize (after discarding warmup)');
  if (kept.some((v) => !Number.isFinite(v))) throw new RangeError('samples must be finite numbers');
  const sorted = [...kept].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  const stddev = Math.sqrt(variance);
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const iqr = q3 - q1;
  const lowFence = q1 - 1.5 * iqr;
  const highFence = q3 + 1.5 * iqr;
  const stats: BenchStats = {
    n,
    mean,
    median: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    p99: quantileSorted(sorted, 0.99),
    min: sorted[0],
    max: sorted[n - 1],
    stddev,
    cv: mean > 0 ? stddev / mean : 0,
    q1,
    q3,
    iqr,
    outliers: { low: sorted.filter((v) => v < lowFence).length, high: sorted.filter((v) => v > highFence).length },
    unstable: false,
    tooFewSamples: false,
    fromSummary: false,
    advice: [],
  };
  return withAdvice(stats);
}

/** Statistics of one benchmark: from its raw samples, or from the tool's summary when it kept none. */
export function statsOf(b: BenchmarkResult, opts: StatsOptions = {}): BenchStats {
  if (b.samples.length > 0) return summarize(b.samples, opts);
  const s = b.summary;
  if (!s) throw new RangeError(`benchmark "${b.name}" has neither samples nor a summary`);
  const q1 = s.q1 ?? NaN;
  const q3 = s.q3 ?? NaN;
  return withAdvice({
    n: s.n,
    mean: s.mean,
    median: s.median,
    p95: NaN,
    p99: NaN,
    min: s.min,
    max: s.max,
    stddev: s.stddev,
    cv: s.mean > 0 ? s.stddev / s.mean : 0,
    q1,
    q3,
    iqr: q3 - q1,
    outliers: { low: 0, high: 0 },
    unstable: false,
    tooFewSamples: false,
    fromSummary: true,
    advice: [],
  });
}

function withAdvice(s: BenchStats): BenchStats {
  const advice: string[] = [];
  s.tooFewSamples = s.n < MIN_SAMPLES;
  s.unstable = s.cv > UNSTABLE_CV;
  if (s.tooFewSamples) {
    advice.push(`only ${s.n} samples: ${FEW_SAMPLES_ADVICE}`);
  }
  if (s.unstable) {
    advice.push(`unstable: CV ${(s.cv * 100).toFixed(1)}% > ${UNSTABLE_CV * 100}% — ${UNSTABLE_ADVICE}`);
  }
  const out = s.outliers.low + s.outliers.high;
  if (out > 0 && out / s.n > 0.1) {
    advice.push(`${out} of ${s.n} samples are outliers (IQR rule): something else competed for the CPU during the run`);
  }
  s.advice = advice;
  return s;
}
