// Benchmark and test files under "Profile Current File": a pytest file runs under pytest (its
// benchmarks only, or one test), a *.bench.mjs file through Hotline's Node runner; Hotline's own
// helpers count as library code in every profile.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { classifyFrame } from '../../../src/core/model/profile';
import { forBenchmark, PlanError, planProfile, type ExecStep, type ProfilerPlan } from '../../../src/core/plan';
import { pytestFile } from '../../../src/core/plan/python';

const dir = mkdtempSync(join(tmpdir(), 'hotline-benchfiles-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fixed = { tempDir: join(dir, 'run'), outDir: join(dir, 'out'), missingTools: [] };
const record = (p: ProfilerPlan) => p.steps.find((s): s is ExecStep => s.kind === 'exec' && s.role === 'record')!;
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

test('pytest files: found by name and test functions; benchmarks by the fixture', () => {
  assert.deepEqual(pytestFile(write('test_bench.py', 'def test_a(benchmark):\n    benchmark(sum, [1])\n')), { benchmarks: true });
  assert.deepEqual(pytestFile(write('codec_test.py', 'import pytest\n\nasync def test_round_trip():\n    pass\n')), { benchmarks: false });
  assert.equal(pytestFile(write('test_script.py', 'print("a script named like a test, without tests")\n')), null);
  assert.equal(pytestFile(write('tests.py', 'def test_a():\n    pass\n')), null, 'not a pytest file name');
});

test('a pytest file with benchmarks runs `python -m pytest --benchmark-only FILE` through the launcher; one test runs as FILE::NAME', () => {
  const file = write('test_speed.py', 'def test_join(benchmark):\n    benchmark("".join, ["a"])\n\ndef test_plain():\n    pass\n');
  const all = planProfile({ program: file, ...fixed });
  const argv = record(all).argv as string[];
  const run = argv.slice(argv.indexOf('-m'));
  assert.deepEqual(run, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--benchmark-only', file]);
  assert.deepEqual(all.programCommand.slice(1), run);
  assert.match(all.notes.join(' '), /pytest file: its benchmarks run under pytest/);
  const one = planProfile({ program: file, pytest: { test: 'test_plain' }, ...fixed });
  const argv1 = record(one).argv as string[];
  assert.deepEqual(argv1.slice(argv1.indexOf('-m')), ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', `${file}::test_plain`]);
  // A script named like a test but without tests still runs as a script.
  const script = planProfile({ program: join(dir, 'test_script.py'), ...fixed });
  assert.equal((record(script).argv as string[]).includes('pytest'), false);
});

test('a *.bench.mjs file runs through the runner it is given, all benchmarks or the one named; without a runner the plan says why', () => {
  const file = write('ops.bench.mjs', 'export default { a() {} };\n');
  assert.throws(
    () => planProfile({ program: file, ...fixed }),
    (e: unknown) => e instanceof PlanError && /benchmark file: it runs through Hotline's benchmark runner/.test(e.message),
  );
  const plan = planProfile({ program: file, node: { benchRunner: '/opt/hotline/dist/helpers/benchNode.mjs', benchmark: 'a' }, ...fixed });
  const argv = record(plan).argv as string[];
  const at = argv.indexOf('/opt/hotline/dist/helpers/benchNode.mjs');
  assert.ok(at > 0 && argv.includes('--cpu-prof'), argv.join(' '));
  assert.deepEqual(argv.slice(at + 1), ['--out', join(fixed.tempDir, 'bench.json'), '--round-ms', '0', '--filter', '^a$', file]);
  const dotted = planProfile({ program: file, node: { benchRunner: '/r.mjs', benchmark: 'sort (n=1e3)' }, ...fixed });
  assert.equal((record(dotted).argv as string[]).at(-2), '^sort \\(n=1e3\\)$', 'the name is matched literally');
  assert.match(plan.notes.join(' '), /benchmark a run through Hotline's tinybench runner/);
});

// dist/helpers: what ships, including the tinybench copy the build adds.
test("every one of Hotline's helpers is library code in a profile, wherever the extension is installed", () => {
  const helpers = readdirSync(join(__dirname, '../../../dist/helpers')).filter((f) => /\.(mjs|cjs|js|py)$/.test(f));
  assert.ok(helpers.length >= 5, helpers.join(', '));
  for (const h of helpers) assert.equal(classifyFrame('run', `/home/u/.vscode/extensions/hotline.hotline-0.1.0/dist/helpers/${h}`), 'library', h);
  assert.equal(classifyFrame('run', '/home/u/project/helpers/util.mjs'), 'user', "the user's own helpers folder stays theirs");
});

test("forBenchmark narrows a request to one benchmark in each tool's terms", () => {
  const r = (program: string) => ({ program, node: { samplingIntervalMicros: 500 } });
  assert.deepEqual(forBenchmark(r('/w/test_speed.py'), 'test_join').pytest, { test: 'test_join' });
  assert.deepEqual(forBenchmark(r('/w/ops.bench.mjs'), 'concat').node, { samplingIntervalMicros: 500, benchmark: 'concat' });
  assert.equal(forBenchmark(r('/w/ops_test.go'), 'BenchmarkJoin/size=10').go?.bench, '^BenchmarkJoin/size=10$');
  assert.equal(forBenchmark(r('/w/ops_test.go'), 'Benchmark.*').go?.bench, '^Benchmark\\.\\*$', 'a name is matched literally');
  assert.deepEqual(forBenchmark(r('/w/benches/ops.rs'), 'join'), r('/w/benches/ops.rs'), 'a criterion target runs whole');
});
