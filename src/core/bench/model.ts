// The benchmark model shared by every importer, the statistics, the comparison and the baseline files.
// Every time is nanoseconds per iteration, whatever unit the tool wrote.

/** The tool whose output a run came from. */
export type BenchTool = 'pytest-benchmark' | 'go-test' | 'criterion' | 'tinybench';

/** Summary statistics, for tools that saved no raw samples (pytest-benchmark without stats.data). */
export interface BenchSummary {
  n: number;
  mean: number;
  stddev: number;
  median: number;
  min: number;
  max: number;
  q1?: number;
  q3?: number;
}

export interface BenchmarkResult {
  /** As the tool names it: `test_x.py::test_join`, `BenchmarkJoin`, `group/function`, `file::name`. */
  name: string;
  /** Go package, pytest-benchmark group, ...: part of the identity when two benchmarks share a name. */
  group?: string;
  /** Per-iteration time of each measured sample in ns, warmup already excluded. Empty with `summary`. */
  samples: number[];
  /** Calls timed together in one sample (a round), when the tool says (Hotline's Node runner). */
  callsPerSample?: number;
  summary?: BenchSummary;
  memory?: { bytesPerOp?: number; allocsPerOp?: number };
  location?: { file?: string; line?: number };
}

export interface BenchRun {
  tool: BenchTool;
  toolVersion?: string;
  createdAt?: string;
  commit?: string;
  benchmarks: BenchmarkResult[];
}

/** The key two runs are matched by. */
export function benchmarkKey(b: Pick<BenchmarkResult, 'name' | 'group'>): string {
  return b.group ? `${b.group}/${b.name}` : b.name;
}

/** Input that is not benchmark output we can read: names the source, what we expected and what we found. */
export class BenchFormatError extends Error {
  override readonly name = 'BenchFormatError';
  readonly exitCode = 2;
  constructor(
    readonly source: string,
    message: string,
  ) {
    super(`${source}: ${message}`);
  }
}

/** Pools runs of the same suite (e.g. alternating rounds) into one: samples of the same benchmark are concatenated. */
export function mergeRuns(runs: readonly BenchRun[]): BenchRun {
  if (runs.length === 0) throw new RangeError('mergeRuns needs at least one run');
  const byKey = new Map<string, BenchmarkResult>();
  for (const run of runs) {
    for (const b of run.benchmarks) {
      const key = benchmarkKey(b);
      const seen = byKey.get(key);
      if (!seen) byKey.set(key, { ...b, samples: [...b.samples] });
      else if (seen.samples.length && b.samples.length) seen.samples.push(...b.samples);
      // Summary-only results cannot be pooled; the first round's summary is kept.
    }
  }
  return { ...runs[0], benchmarks: [...byKey.values()] };
}
