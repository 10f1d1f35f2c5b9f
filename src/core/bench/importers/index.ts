// Reads any benchmark result Hotline understands, from a path: a Hotline baseline, pytest-benchmark JSON,
// `go test -bench` text, a criterion output folder, or the node runner's JSON. Detection is by content.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { looksLikeBaseline, parseBaseline } from '../baseline';
import { BenchFormatError, type BenchmarkResult, type BenchRun } from '../model';
import { importCriterionBenchmark } from './criterion';
import { importGoBench, looksLikeGoBench } from './goBench';
import { importPytestBenchmark, looksLikePytestBenchmark } from './pytestBenchmark';
import { importTinybench, looksLikeHotlineTinybench } from './tinybench';

export { importCriterionBenchmark, importGoBench, importPytestBenchmark, importTinybench };

export const BENCH_FORMATS =
  'a Hotline baseline, pytest-benchmark JSON, `go test -bench` output, a criterion folder (target/criterion), or Hotline node-runner JSON';

/** Parses benchmark output held in memory (every format but criterion's folder). */
export function parseBenchText(text: string, source: string): BenchRun {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new BenchFormatError(source, `invalid JSON: ${(err as Error).message}`);
    }
    if (looksLikeBaseline(json)) return parseBaseline(json, source);
    if (looksLikePytestBenchmark(json)) return importPytestBenchmark(json, source);
    if (looksLikeHotlineTinybench(json)) return importTinybench(json, source);
    const j = json as Record<string, unknown>;
    if ('iters' in j && 'times' in j)
      throw new BenchFormatError(source, 'this is one criterion sample.json; pass the criterion folder (target/criterion) instead');
    throw new BenchFormatError(source, `JSON with keys ${Object.keys(j).slice(0, 5).join(', ') || '(none)'} is none of: ${BENCH_FORMATS}`);
  }
  // go test output, even when every benchmark failed (importGoBench then says so).
  if (looksLikeGoBench(text) || /^(goos: |pkg: |--- FAIL: Benchmark)/m.test(text)) return importGoBench(text, source);
  const first = trimmed.split('\n', 1)[0].slice(0, 60);
  throw new BenchFormatError(source, `not benchmark output (starts with ${JSON.stringify(first)}); expected ${BENCH_FORMATS}`);
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new BenchFormatError(path, `cannot read criterion output: ${(err as Error).message}`);
  }
}

/** The `new` folders below a criterion output folder (target/criterion, or one benchmark's folder). */
function criterionNewDirs(dir: string): string[] {
  if (basename(dir) === 'new' && existsSync(join(dir, 'sample.json'))) return [dir];
  if (existsSync(join(dir, 'new', 'sample.json'))) return [join(dir, 'new')];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && entry.name !== 'report') out.push(...criterionNewDirs(join(dir, entry.name)));
  }
  return out;
}

/** Reads a criterion output folder: every benchmark's new/ estimates and samples. */
export function importCriterionDir(dir: string): BenchRun {
  const dirs = criterionNewDirs(dir);
  if (dirs.length === 0)
    throw new BenchFormatError(dir, 'no <benchmark>/new/sample.json below this folder; expected criterion output (target/criterion after `cargo bench`)');
  const benchmarks: BenchmarkResult[] = dirs.map((d) => {
    const bench = existsSync(join(d, 'benchmark.json')) ? readJson(join(d, 'benchmark.json')) : undefined;
    return importCriterionBenchmark({ dir: d, benchmark: bench, sample: readJson(join(d, 'sample.json')) });
  });
  return { tool: 'criterion', benchmarks };
}

/** Loads benchmark results from a file or folder, detecting the format by content. */
export function loadBenchRun(path: string): BenchRun {
  if (!existsSync(path)) throw new BenchFormatError(path, 'no such file or folder');
  if (statSync(path).isDirectory()) return importCriterionDir(path);
  const bytes = readFileSync(path);
  if (bytes.includes(0)) throw new BenchFormatError(path, `binary file; expected ${BENCH_FORMATS}`);
  return parseBenchText(bytes.toString('utf8'), path);
}
