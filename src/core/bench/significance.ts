// Statistical tests that tell a real change from noise. Two-sided throughout.
import { seededRandom } from './rng';
import { quantileSorted } from './statistics';

export interface TestResult {
  /** Two-sided p-value. */
  p: number;
  statistic: number;
}

/** Complementary error function (Numerical Recipes erfcc: fractional error < 1.2e-7, also in the tails). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p-value of a standard normal statistic. */
function twoSided(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Exact null distribution of U for small samples without ties: counts[u] of C(m+n, m) arrangements. */
function exactUCounts(m: number, n: number): number[] {
  // f[i][j] = counts for sizes (i, j); f(i,j,u) = f(i-1,j,u-j) + f(i,j-1,u)
  let prev: number[][] = [];
  for (let i = 0; i <= m; i++) {
    const row: number[][] = [];
    for (let j = 0; j <= n; j++) {
      if (i === 0 || j === 0) {
        row.push([1]);
        continue;
      }
      const a = prev[j];
      const b = row[j - 1];
      const len = i * j + 1;
      const c = new Array<number>(len).fill(0);
      for (let u = 0; u < len; u++) c[u] = (u - j >= 0 && u - j < a.length ? a[u - j] : 0) + (u < b.length ? b[u] : 0);
      row.push(c);
    }
    prev = row;
  }
  return prev[n];
}

/**
 * Mann–Whitney U test (Wilcoxon rank-sum): does one sample tend to be larger than the other?
 * Exact for small samples without ties, otherwise the normal approximation with tie and continuity corrections.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): TestResult {
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return { p: 1, statistic: 0 };
  const all = [...a.map((v) => ({ v, g: 0 })), ...b.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j + 1 < all.length && all[j + 1].v === all[i].v) j++;
    const rank = (i + j) / 2 + 1;
    const t = j - i + 1;
    if (t > 1) tieTerm += t ** 3 - t;
    for (let k = i; k <= j; k++) if (all[k].g === 0) rankSumA += rank;
    i = j + 1;
  }
  const uA = rankSumA - (m * (m + 1)) / 2;
  const u = Math.min(uA, m * n - uA);
  if (tieTerm === 0 && m * n <= 400) {
    const counts = exactUCounts(m, n);
    const total = counts.reduce((s, c) => s + c, 0);
    let tail = 0;
    for (let k = 0; k <= Math.floor(u); k++) tail += counts[k];
    return { p: Math.min(1, (2 * tail) / total), statistic: uA };
  }
  const N = m + n;
  const mu = (m * n) / 2;
  const sigma = Math.sqrt(((m * n) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (sigma === 0) return { p: 1, statistic: uA };
  const z = (Math.abs(uA - mu) - 0.5) / sigma;
  return { p: twoSided(Math.max(0, z)), statistic: uA };
}

/** Welch's t-test from summary statistics (normal approximation: meant for the tens of rounds and more tools keep). */
export function welchFromSummary(a: { mean: number; stddev: number; n: number }, b: { mean: number; stddev: number; n: number }): TestResult {
  const se = Math.sqrt(a.stddev ** 2 / a.n + b.stddev ** 2 / b.n);
  if (!(se > 0)) return { p: a.mean === b.mean ? 1 : 0, statistic: 0 };
  const t = (b.mean - a.mean) / se;
  return { p: twoSided(t), statistic: t };
}

export interface RatioInterval {
  /** median(current) / median(base). */
  ratio: number;
  low: number;
  high: number;
  confidence: number;
}

function sampleDown(values: readonly number[], max: number, rand: () => number): number[] {
  if (values.length <= max) return [...values];
  const out: number[] = [];
  for (let i = 0; i < max; i++) out.push(values[Math.floor(rand() * values.length)]);
  return out;
}

function medianOfResample(values: readonly number[], rand: () => number, scratch: Float64Array): number {
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(rand() * values.length)];
  const s = scratch.subarray(0, values.length).sort();
  return quantileSorted(s as unknown as number[], 0.5);
}

/**
 * Percentile bootstrap interval of median(current)/median(base), seeded so reruns agree.
 * Inputs longer than 1000 samples are subsampled (seeded) to keep it fast.
 */
export function bootstrapMedianRatio(
  base: readonly number[],
  current: readonly number[],
  opts: { resamples?: number; confidence?: number; seed?: number } = {},
): RatioInterval {
  const resamples = opts.resamples ?? 2000;
  const confidence = opts.confidence ?? 0.95;
  const rand = seededRandom(opts.seed ?? 0x5eed);
  const a = sampleDown(base, 1000, rand);
  const b = sampleDown(current, 1000, rand);
  const scratch = new Float64Array(Math.max(a.length, b.length));
  const ratios = new Float64Array(resamples);
  for (let i = 0; i < resamples; i++) {
    const ma = medianOfResample(a, rand, scratch);
    const mb = medianOfResample(b, rand, scratch);
    ratios[i] = ma > 0 ? mb / ma : NaN;
  }
  const sorted = Array.from(ratios)
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  const sortedA = [...base].sort((x, y) => x - y);
  const sortedB = [...current].sort((x, y) => x - y);
  const alpha = (1 - confidence) / 2;
  return {
    ratio: quantileSorted(sortedB, 0.5) / quantileSorted(sortedA, 0.5),
    low: quantileSorted(sorted, alpha),
    high: quantileSorted(sorted, 1 - alpha),
    confidence,
  };
}
