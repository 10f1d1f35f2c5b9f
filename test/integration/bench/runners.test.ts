// Runs the real tools on examples/bench (short measurement times) and reads their output back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { benchmarkKey, statsOf, type BenchRun } from '../../../src/core/bench';
import { detectBenchSuites, runBenchSuite, type BenchSuite } from '../../../src/profilers/bench';

const examples = new URL('../../../examples/bench/', import.meta.url).pathname;
// The same target dir scripts/setup.d/50-bench.sh pre-built criterion into (outside the repo).
const env = { CARGO_TARGET_DIR: join(process.env.HOTLINE_CACHE ?? join(homedir(), '.cache', 'hotline'), 'bench-target') };
const suites = detectBenchSuites(examples);
const suite = (tool: BenchSuite['tool']) => {
  const s = suites.find((x) => x.tool === tool);
  assert.ok(s, `no ${tool} suite found in examples/bench`);
  return s;
};
const median = (run: BenchRun, needle: string) => {
  const b = run.benchmarks.find((x) => benchmarkKey(x).includes(needle));
  assert.ok(b, `${needle} not in ${run.benchmarks.map(benchmarkKey).join(', ')}`);
  return statsOf(b).median;
};

test('examples/bench holds one suite per tool', () => {
  assert.deepEqual(suites.map((s) => s.tool).sort(), ['criterion', 'go-test', 'pytest-benchmark', 'tinybench']);
  assert.deepEqual(suite('criterion').files, ['benches/textops.rs']);
});

test('pytest-benchmark: raw rounds, warmup on, quadratic concat slower than join', async () => {
  const r = await runBenchSuite(suite('pytest-benchmark'), { quick: true, samples: 30, env });
  assert.ok(r.argv.includes('--benchmark-warmup=on') && r.argv.includes('--benchmark-min-rounds=30'));
  assert.equal(r.run.tool, 'pytest-benchmark');
  assert.deepEqual(
    r.run.benchmarks.map((b) => b.name),
    ['test_textops.py::test_join', 'test_textops.py::test_concat', 'test_textops.py::test_sorted'],
  );
  assert.ok(r.run.benchmarks.every((b) => b.samples.length >= 30));
  assert.ok(median(r.run, 'test_concat') > median(r.run, 'test_join'));
});

test('go test -bench -benchmem -count: one sample per count, allocations read', async () => {
  const r = await runBenchSuite(suite('go-test'), { quick: true, samples: 8, env });
  assert.deepEqual(r.argv.slice(0, 9), ['go', 'test', '-run', '^$', '-bench', '.', '-benchmem', '-count', '8']);
  assert.deepEqual(
    r.run.benchmarks.map((b) => [b.name, b.samples.length]),
    [
      ['BenchmarkJoinBuilder', 8],
      ['BenchmarkJoinConcat', 8],
    ],
  );
  assert.equal(r.run.benchmarks[1].memory?.allocsPerOp, 499);
  assert.ok(median(r.run, 'JoinConcat') > 5 * median(r.run, 'JoinBuilder'));
});

test('cargo bench (criterion): samples from CRITERION_HOME, nothing left in the crate', async () => {
  const r = await runBenchSuite(suite('criterion'), { quick: true, samples: 10, env });
  assert.deepEqual(
    r.run.benchmarks.map((b) => [b.name, b.samples.length]),
    [
      ['join_with_capacity', 10],
      ['join_with_format', 10],
    ],
  );
  assert.ok(median(r.run, 'join_with_format') > 3 * median(r.run, 'join_with_capacity'));
  assert.ok(!existsSync(join(examples, 'rust', 'target', 'criterion')), 'criterion wrote into the crate');
});

test('node (tinybench runner): a sample is a round of calls; --filter is a regular expression', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'hotline-nodebench-'));
  writeFileSync(join(dir, 'tiny.bench.mjs'), 'let x = 0;\nexport default {\n  tiny() { x = (x + 1) % 7; return x; },\n  tinyToo() { return x; },\n};\n');
  const r = await runBenchSuite({ tool: 'tinybench', cwd: dir, files: ['tiny.bench.mjs'] }, { quick: true, filter: '^tiny$', env });
  assert.deepEqual(
    r.run.benchmarks.map((b) => b.name),
    ['tiny.bench.mjs::tiny'],
    'tinyToo does not match ^tiny$',
  );
  const b = r.run.benchmarks[0]!;
  assert.ok((b.callsPerSample ?? 1) > 100, `a nanosecond function is timed in rounds (${b.callsPerSample} calls per sample)`);
  assert.ok(b.samples.length >= 30, `${b.samples.length} samples`);
  const sorted = [...b.samples].sort((p, q) => p - q);
  assert.ok(sorted[sorted.length >> 1]! < 1000, `per call, not per round: median ${sorted[sorted.length >> 1]} ns`);
});

test('node (tinybench runner): per-call samples, --filter selects one benchmark', async () => {
  const s = suite('tinybench');
  const base = await runBenchSuite(s, { quick: true, filter: 'join', env });
  assert.ok(base.argv[1]!.endsWith('benchNode.mjs'));
  assert.deepEqual(
    base.run.benchmarks.map((b) => b.name),
    ['textops.bench.mjs::join'],
  );
  assert.ok(base.run.benchmarks[0].samples.length >= 30);
});

test('a failing benchmark is reported with the tool output, not as results', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'hotline-gobench-'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/broken\n\ngo 1.22\n');
  writeFileSync(join(dir, 'b_test.go'), 'package broken\n\nimport "testing"\n\nfunc BenchmarkBoom(b *testing.B) {\n\tb.Fatal("boom")\n}\n');
  await assert.rejects(
    runBenchSuite({ tool: 'go-test', cwd: dir, files: ['b_test.go'] }, { quick: true, samples: 1 }),
    /go test -run .* failed \(exit code 1\)[\s\S]*boom/,
  );
});
