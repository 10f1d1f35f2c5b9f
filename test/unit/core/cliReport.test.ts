// `node bin/hotline.js report` on every real fixture: one JSON object of the documented shape,
// sorted by self, totals equal to the profilers' own numbers; bad input exits 2 with one line.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, hotline, root } from '../cliRun';

const fixtures = join(root, 'test/fixtures/profiles');

before(ensureCliBuilt);

interface Report {
  format: string;
  unit: string;
  total: number;
  functions: { name: string; file: string | null; line: number | null; self: number; total: number }[];
  lines: { file: string; line: number; self: number; total: number }[];
}

function report(file: string, ...extra: string[]): Report {
  const r = hotline('report', join(fixtures, file), '--json', ...extra);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1, 'exactly one JSON object');
  const rep = JSON.parse(r.stdout) as Report;
  assert.deepEqual(Object.keys(rep), ['format', 'unit', 'total', 'functions', 'lines']);
  for (const f of rep.functions) assert.deepEqual(Object.keys(f), ['name', 'file', 'line', 'self', 'total']);
  for (const l of rep.lines) {
    assert.deepEqual(Object.keys(l), ['file', 'line', 'self', 'total']);
    assert.ok(Number.isInteger(l.line) && l.line >= 1, '1-based lines');
  }
  for (const list of [rep.functions, rep.lines]) for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.self >= list[i]!.self, 'sorted by self');
  return rep;
}
const expected = (p: string) => JSON.parse(readFileSync(join(fixtures, p), 'utf8'));

test("report --json on every fixture matches the profilers' numbers", () => {
  const go = report('go/hot.pprof');
  assert.equal(go.format, 'pprof');
  assert.equal(go.unit, 'nanoseconds');
  assert.equal(go.total, expected('go/hot.pprof.expected.json').pprof.totalNs);
  assert.equal(
    go.functions.find((f) => f.name === 'hotline.dev/fixture.Fib')!.self,
    expected('go/hot.pprof.expected.json').pprof.flat['hotline.dev/fixture.Fib'].flat,
  );

  const node = report('node/hot.cpuprofile', '--top', '3');
  assert.equal(node.total, expected('node/hot.cpuprofile.expected.json').cpuprofile.samples);
  assert.equal(node.functions.length, 3);
  assert.equal(node.functions[0]!.name, 'buildString');
  assert.match(node.lines[0]!.file, /^\/.*hot\.js$/, 'absolute path as recorded');

  const raw = report('py-spy/hot.raw.txt');
  assert.equal(raw.format, 'folded');
  assert.equal(raw.total, expected('py-spy/hot.raw.expected.json').samples);

  const ss = report('py-spy/hot.speedscope.json');
  assert.equal(ss.format, 'speedscope');
  assert.ok(Math.abs(ss.total - expected('py-spy/hot.speedscope.expected.json').samples * 5e6) < 1e3);

  const perf = report('perf/hot.perf-script-srcline.txt');
  assert.equal(perf.total, expected('perf/hot.perf-script-srcline.txt.expected.json').samples);
  assert.equal(perf.lines[0]!.file, 'hot.c');

  const cg = report('callgrind/hot.callgrind.out');
  assert.equal(cg.unit, 'instructions');
  assert.equal(cg.total, expected('callgrind/hot.callgrind.out.expected.json').callgrind.totalIr);

  const ps = report('cprofile/hot.pstats');
  assert.equal(ps.format, 'pstats');
  assert.ok(Math.abs(ps.total - expected('cprofile/hot.pstats.expected.json').pstats.total_tt * 1e9) < 1);
  const builtin = ps.functions.find((f) => f.name.startsWith('<method'));
  assert.ok(builtin && builtin.file === null && builtin.line === null, 'unknown file is null');
});

test('report without --json prints a readable table with control characters escaped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-report-'));
  const file = join(dir, 'evil.folded');
  writeFileSync(file, 'main (/app/a.py:3);\u001b[31mred\u001b[0m (/app/a.py:9) 5\nmain (/app/a.py:3) 1\n');
  const r = hotline('report', file);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /folded profile, total 6 \(samples\)/);
  assert.match(r.stdout, /83\.3%.*\\u001b\[31mred\\u001b\[0m {2}\/app\/a\.py:9/);
  assert.ok(!r.stdout.includes('\u001b'), 'no raw escape sequences reach the terminal');
  const j = JSON.parse(hotline('report', file, '--json').stdout) as Report;
  assert.equal(j.functions[0]!.name, '\u001b[31mred\u001b[0m', 'JSON keeps the name as data');
});

test('bad input: exit code 2 and one line on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-report-'));
  const garbage = join(dir, 'garbage.cpuprofile');
  writeFileSync(garbage, '{"nodes": [1, 2');
  const truncated = join(dir, 'cut.pprof');
  writeFileSync(truncated, readFileSync(join(fixtures, 'go/hot.pprof')).subarray(0, 300));
  const cases: [string[], RegExp][] = [
    [[garbage], /garbage\.cpuprofile: not a valid cpuprofile profile: invalid JSON/],
    [[truncated], /cut\.pprof: not a valid pprof profile: corrupt gzip data/],
    [[join(dir, 'missing.prof')], /cannot read .*missing\.prof: no such file/],
    [[dir], /is a directory/],
    [[join(fixtures, 'go/hot.pprof'), '--top', 'x'], /--top needs a positive whole number/],
    [[], /exactly one profile file/],
  ];
  for (const [args, re] of cases) {
    const r = hotline('report', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
    assert.match(r.stderr, /^hotline: /);
    assert.match(r.stderr, re);
  }
});
