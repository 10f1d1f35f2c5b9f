// `go test -bench . -benchmem -count N` text output (the format benchstat reads): one line per sample,
//   BenchmarkJoin-2   	   11874	      8935 ns/op	    5368 B/op	      10 allocs/op
// under `pkg: import/path` headers. The -GOMAXPROCS suffix is dropped so runs on other machines still match.
import { BenchFormatError, benchmarkKey, type BenchmarkResult, type BenchRun } from '../model';

const LINE = /^(Benchmark\S*?)(?:-(\d+))?\s+(\d+)\s+(.*)$/;

export function looksLikeGoBench(text: string): boolean {
  return /^Benchmark\S*\s+\d+\s+[\d.e+-]+ ns\/op/m.test(text);
}

export function importGoBench(text: string, source = 'go test -bench output'): BenchRun {
  const byKey = new Map<string, BenchmarkResult & { bytes: number[]; allocs: number[] }>();
  let pkg: string | undefined;
  let lineNo = 0;
  for (const raw of text.split(/\r?\n/)) {
    lineNo++;
    const line = raw.trimEnd();
    const header = /^pkg:\s*(\S+)/.exec(line);
    if (header) {
      pkg = header[1];
      continue;
    }
    const m = LINE.exec(line);
    if (!m) continue;
    const fields = m[4].trim().split(/\s+/);
    let nsPerOp: number | undefined;
    let bytes: number | undefined;
    let allocs: number | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const value = Number(fields[i]);
      if (!Number.isFinite(value)) throw new BenchFormatError(source, `line ${lineNo}: "${fields[i]}" is not a number`);
      if (fields[i + 1] === 'ns/op') nsPerOp = value;
      else if (fields[i + 1] === 'B/op') bytes = value;
      else if (fields[i + 1] === 'allocs/op') allocs = value;
    }
    if (nsPerOp === undefined) continue; // a benchmark that only reports custom metrics
    const b = { name: m[1], group: pkg };
    const key = benchmarkKey(b);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { ...b, samples: [], bytes: [], allocs: [] };
      if (!pkg) delete entry.group;
      byKey.set(key, entry);
    }
    entry.samples.push(nsPerOp);
    if (bytes !== undefined) entry.bytes.push(bytes);
    if (allocs !== undefined) entry.allocs.push(allocs);
  }
  if (byKey.size === 0) {
    const failed = /^(FAIL|panic:|--- FAIL)/m.exec(text);
    throw new BenchFormatError(
      source,
      failed
        ? `the benchmarks failed (${failed[0]}…); see the output above`
        : 'no "BenchmarkX  N  T ns/op" lines found; expected `go test -bench . -benchmem -count N` output',
    );
  }
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  return {
    tool: 'go-test',
    benchmarks: [...byKey.values()].map(({ bytes, allocs, ...b }) => {
      if (bytes.length || allocs.length)
        b.memory = { bytesPerOp: bytes.length ? mean(bytes) : undefined, allocsPerOp: allocs.length ? mean(allocs) : undefined };
      return b;
    }),
  };
}
