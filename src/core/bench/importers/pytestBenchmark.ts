// pytest-benchmark JSON (`--benchmark-json FILE`, or a `--benchmark-autosave` file under .benchmarks/).
// Times are seconds; stats.data holds the raw per-round timings when the tool kept them.
import { BenchFormatError, type BenchmarkResult, type BenchRun } from '../model';

const S = 1e9;

interface PytestBenchmarkJson {
  version?: string;
  datetime?: string;
  commit_info?: { id?: string };
  benchmarks: {
    name: string;
    fullname?: string;
    group?: string | null;
    stats: {
      rounds: number;
      iterations?: number;
      mean: number;
      stddev: number;
      median: number;
      min: number;
      max: number;
      q1?: number;
      q3?: number;
      data?: number[];
    };
  }[];
}

export function looksLikePytestBenchmark(json: unknown): boolean {
  const j = json as Partial<PytestBenchmarkJson> & { machine_info?: unknown };
  return (
    !!j && typeof j === 'object' && Array.isArray(j.benchmarks) && 'machine_info' in j && j.benchmarks.every((b) => b && typeof b === 'object' && 'stats' in b)
  );
}

export function importPytestBenchmark(json: unknown, source = 'pytest-benchmark JSON'): BenchRun {
  if (!looksLikePytestBenchmark(json)) throw new BenchFormatError(source, 'expected pytest-benchmark JSON ({"machine_info", "benchmarks": [{"stats"}]})');
  const j = json as PytestBenchmarkJson;
  const benchmarks: BenchmarkResult[] = j.benchmarks.map((b, i) => {
    const st = b.stats;
    const name = typeof b.fullname === 'string' ? b.fullname : String(b.name);
    for (const k of ['mean', 'stddev', 'median', 'min', 'max'] as const) {
      if (typeof st[k] !== 'number' || !Number.isFinite(st[k])) throw new BenchFormatError(source, `benchmark ${i} (${name}): stats.${k} is not a number`);
    }
    const data = Array.isArray(st.data) ? st.data : [];
    if (data.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
      throw new BenchFormatError(source, `benchmark ${i} (${name}): stats.data holds a non-number`);
    // Each round times `iterations` calls; stats.data is per round already divided by iterations.
    const result: BenchmarkResult = { name, samples: data.map((v) => v * S) };
    if (b.group) result.group = String(b.group);
    if (data.length === 0) {
      result.summary = {
        n: st.rounds,
        mean: st.mean * S,
        stddev: st.stddev * S,
        median: st.median * S,
        min: st.min * S,
        max: st.max * S,
        q1: typeof st.q1 === 'number' ? st.q1 * S : undefined,
        q3: typeof st.q3 === 'number' ? st.q3 * S : undefined,
      };
    }
    const file = name.includes('::') ? name.slice(0, name.indexOf('::')) : undefined;
    if (file) result.location = { file };
    return result;
  });
  return {
    tool: 'pytest-benchmark',
    toolVersion: typeof j.version === 'string' ? j.version : undefined,
    createdAt: typeof j.datetime === 'string' ? j.datetime : undefined,
    commit: typeof j.commit_info?.id === 'string' ? j.commit_info.id : undefined,
    benchmarks,
  };
}
