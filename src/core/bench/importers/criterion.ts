// criterion (Rust): target/criterion/<benchmark>/new/{benchmark,estimates,sample}.json. sample.json holds
// each sample's iteration count and total time (ns); per-iteration time = times[i] / iters[i].
// Warmup is run by criterion and never written.
import { BenchFormatError, type BenchmarkResult } from '../model';

export interface CriterionFiles {
  /** The folder the files came from (for messages). */
  dir: string;
  benchmark?: unknown;
  estimates?: unknown;
  sample: unknown;
}

export function importCriterionBenchmark(files: CriterionFiles): BenchmarkResult {
  const s = files.sample as { iters?: unknown; times?: unknown };
  if (!s || !Array.isArray(s.iters) || !Array.isArray(s.times) || s.iters.length !== s.times.length) {
    throw new BenchFormatError(`${files.dir}/sample.json`, 'expected criterion sample.json {"iters": [...], "times": [...]} of equal length');
  }
  const samples = s.times.map((t, i) => {
    const it = (s.iters as unknown[])[i];
    if (typeof t !== 'number' || typeof it !== 'number' || !(it > 0))
      throw new BenchFormatError(`${files.dir}/sample.json`, `sample ${i} is not a positive number`);
    return t / it;
  });
  const meta = (files.benchmark ?? {}) as { full_id?: unknown; group_id?: unknown; function_id?: unknown };
  const name =
    typeof meta.full_id === 'string'
      ? meta.full_id
      : (files.dir
          .replace(/\/new\/?$/, '')
          .split('/')
          .pop() ?? files.dir);
  return { name, samples };
}
