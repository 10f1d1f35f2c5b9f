import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { findBenchmarks, languageOfBenchFile } from '../../../src/core/bench/discovery';

const ex = new URL('../../../examples/bench/', import.meta.url).pathname;
const names = (file: string, lang: Parameters<typeof findBenchmarks>[1]) =>
  findBenchmarks(readFileSync(ex + file, 'utf8'), lang).map((b) => `${b.name}@${b.line}`);

test('benchmark files are recognised by name', () => {
  assert.equal(languageOfBenchFile('pkg/x_test.go'), 'go');
  assert.equal(languageOfBenchFile('tests/test_speed.py'), 'python');
  assert.equal(languageOfBenchFile('benches/textops.rs'), 'rust');
  assert.equal(languageOfBenchFile('src/textops.bench.mjs'), 'javascript');
  assert.equal(languageOfBenchFile('src/main.go'), null);
});

test('benchmarks in the example suites, with their 0-based lines', () => {
  assert.deepEqual(names('python/test_textops.py', 'python'), ['test_join@26', 'test_concat@30', 'test_sorted@34']);
  assert.deepEqual(names('go/textops_test.go', 'go'), ['BenchmarkJoinBuilder@17', 'BenchmarkJoinConcat@23']);
  assert.deepEqual(names('rust/benches/textops.rs', 'rust'), ['join_with_capacity@10', 'join_with_format@11']);
  assert.deepEqual(names('node/textops.bench.mjs', 'javascript'), ['join@6', 'concat@11', 'sort@16']);
});

test('tests that are not benchmarks are not listed', () => {
  assert.deepEqual(findBenchmarks('def test_plain(tmp_path):\n    pass\n', 'python'), []);
  assert.deepEqual(findBenchmarks('func TestX(t *testing.T) {}\n', 'go'), []);
});
