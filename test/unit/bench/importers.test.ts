import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadBenchRun, parseBenchText } from '../../../src/core/bench/importers/index';
import { BenchFormatError } from '../../../src/core/bench/model';

const fixtures = new URL('../../fixtures/bench/', import.meta.url).pathname;

test('pytest-benchmark --benchmark-json: raw per-round data in ns', () => {
  const run = loadBenchRun(fixtures + 'pytest-benchmark.json');
  assert.equal(run.tool, 'pytest-benchmark');
  assert.match(run.toolVersion!, /^5\./);
  assert.deepEqual(
    run.benchmarks.map((b) => b.name),
    ['test_textops.py::test_join', 'test_textops.py::test_concat', 'test_textops.py::test_sorted'],
  );
  const raw = JSON.parse(readFileSync(fixtures + 'pytest-benchmark.json', 'utf8'));
  const join = run.benchmarks[0];
  assert.equal(join.samples.length, raw.benchmarks[0].stats.data.length);
  assert.ok(Math.abs(join.samples[0] - raw.benchmarks[0].stats.data[0] * 1e9) < 1e-6);
  assert.equal(join.summary, undefined);
  assert.equal(join.location?.file, 'test_textops.py');
});

test('pytest-benchmark autosave file without data: summary only', () => {
  const run = loadBenchRun(fixtures + 'pytest-benchmark-summary.json');
  const b = run.benchmarks[0];
  assert.equal(b.samples.length, 0);
  assert.ok(b.summary!.n >= 30);
  assert.ok(b.summary!.median > 1000 && b.summary!.median < 1e7, `median ${b.summary!.median} ns`);
});

test('go test -bench -benchmem -count text', () => {
  const run = loadBenchRun(fixtures + 'go-bench.txt');
  assert.equal(run.tool, 'go-test');
  assert.deepEqual(
    run.benchmarks.map((b) => [b.group, b.name, b.samples.length]),
    [
      ['example.com/hotline/benchdemo', 'BenchmarkJoinBuilder', 6],
      ['example.com/hotline/benchdemo', 'BenchmarkJoinConcat', 6],
    ],
  );
  assert.equal(run.benchmarks[1].memory?.allocsPerOp, 499);
  const text = readFileSync(fixtures + 'go-bench.txt', 'utf8');
  const firstNs = Number(/BenchmarkJoinBuilder-\d+\s+\d+\s+(\d+) ns\/op/.exec(text)![1]);
  assert.equal(run.benchmarks[0].samples[0], firstNs);
});

test('go output whose benchmarks failed says so', () => {
  assert.throws(() => parseBenchText('goos: linux\n--- FAIL: BenchmarkX\nFAIL\texample.com/x\t0.1s\n', 'out.txt'), /out\.txt: the benchmarks failed/);
});

test('criterion folder: per-iteration times from sample.json', () => {
  const run = loadBenchRun(fixtures + 'criterion');
  assert.equal(run.tool, 'criterion');
  assert.deepEqual(
    run.benchmarks.map((b) => b.name),
    ['join_with_capacity', 'join_with_format'],
  );
  const s = JSON.parse(readFileSync(fixtures + 'criterion/join_with_format/new/sample.json', 'utf8'));
  assert.equal(run.benchmarks[1].samples.length, s.times.length);
  assert.equal(run.benchmarks[1].samples[3], s.times[3] / s.iters[3]);
  // one benchmark's folder works too
  assert.equal(loadBenchRun(fixtures + 'criterion/join_with_format').benchmarks.length, 1);
});

test('a lone criterion sample.json is refused with what to pass instead', () => {
  assert.throws(() => loadBenchRun(fixtures + 'criterion/join_with_format/new/sample.json'), /pass the criterion folder/);
});

test('Hotline node runner (tinybench) JSON: ms to ns, named file::name', () => {
  const run = loadBenchRun(fixtures + 'tinybench.json');
  assert.equal(run.tool, 'tinybench');
  assert.deepEqual(
    run.benchmarks.map((b) => b.name),
    ['textops.bench.mjs::join', 'textops.bench.mjs::concat', 'textops.bench.mjs::sort'],
  );
  const raw = JSON.parse(readFileSync(fixtures + 'tinybench.json', 'utf8'));
  assert.ok(Math.abs(run.benchmarks[0].samples[0] - raw.benchmarks[0].samples[0] * 1e6) < 1e-6);
  assert.ok(run.benchmarks.every((b) => b.samples.length >= 30));
});

test('unknown input is refused with the file, what was expected and what was found', () => {
  assert.throws(
    () => parseBenchText('hello world', 'notes.txt'),
    (e: unknown) =>
      e instanceof BenchFormatError && /notes\.txt: not benchmark output \(starts with "hello world"\); expected a Hotline baseline/.test(e.message),
  );
  assert.throws(() => parseBenchText('{"a": 1}', 'x.json'), /x\.json: JSON with keys a is none of/);
  assert.throws(() => parseBenchText('{oops', 'x.json'), /x\.json: invalid JSON/);
  assert.throws(() => loadBenchRun(fixtures + 'nope.json'), /no such file/);
  assert.throws(() => parseBenchText('{"machine_info": {}, "benchmarks": [{"name": "t", "stats": {"mean": "x"}}]}', 'p.json'), /stats\.mean is not a number/);
});
