// Importers over profiles recorded on this machine by scripts/record-fixtures.sh, checked against
// the numbers the profilers themselves printed (saved beside each fixture as *.expected.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, importProfileBytes, importProfileFile } from '../../../src/core/importers/index';
import { Profile, totalWeight } from '../../../src/core/model/profile';
import { fileLineStats, topFunctions } from '../../../src/core/model/views';
import { pstatsConverterHook } from '../../../src/profilers/pstatsConverter';

const dir = join(__dirname, '../../fixtures/profiles');
const fx = (p: string) => join(dir, p);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const expected = (p: string): any => JSON.parse(readFileSync(fx(p), 'utf8'));
const fn = (p: Profile, name: string, weight = 0) => {
  const f = topFunctions(p, { weight, limit: 1e9 }).find((x) => x.name === name);
  assert.ok(f, `function ${name} not found`);
  return f;
};
const depth = (p: Profile, node: number) => {
  let d = 0;
  for (let n = node; n >= 0; n = p.stackParent[n]!) d++;
  return d;
};
/** 1-based line of the first line containing `text` in a fixture program (tests survive edits). */
const lineOf = (program: string, text: string) => {
  const i = readFileSync(join(dir, 'programs', program), 'utf8').split('\n').findIndex((l) => l.includes(text));
  assert.ok(i >= 0, `${text} not in ${program}`);
  return i + 1;
};
const head = (p: string) => readFileSync(fx(p)).subarray(0, 65536);

test('py-spy raw: sample count equals py-spy\'s own count, frames keep file and line', async () => {
  const exp = expected('py-spy/hot.raw.expected.json');
  const p = await importProfileFile(fx('py-spy/hot.raw.txt'));
  assert.equal(detectFormat(head('py-spy/hot.raw.txt')), 'folded');
  assert.equal(p.metadata.format, 'folded');
  assert.equal(totalWeight(p), exp.samples);
  const fib = fn(p, 'fib');
  assert.match(fib.file!, /programs\/python\/hot\.py$/);
  // fib recurses: its total counts each sample once, so it never exceeds the sample count.
  assert.ok(fib.total <= exp.samples && fib.total >= fib.self);
  const lines = fileLineStats(p).get(fib.file!)!;
  const body = lineOf('python/hot.py', 'return n if n < 2');
  assert.ok(lines.some((l) => l.line === body && l.self > 0), 'fib\'s body line is hot');
  const main = fn(p, 'main');
  assert.ok(main.total > 0.5 * exp.samples, 'main is on most stacks');
  // The standard library is library code, not the user's.
  assert.ok(p.frames.some((f) => f.file?.includes('json/') && f.kind === 'library'));
});

test('py-spy speedscope: sample count and time equal py-spy\'s', async () => {
  const exp = expected('py-spy/hot.speedscope.expected.json');
  const p = await importProfileFile(fx('py-spy/hot.speedscope.json'));
  assert.equal(p.metadata.format, 'speedscope');
  assert.equal(p.metadata.profiler, 'py-spy');
  // py-spy weighs each sample 1/rate seconds: the time total is py-spy's sample count / rate.
  assert.equal(p.weightTypes[0]!.unit, 'nanoseconds');
  assert.ok(Math.abs(totalWeight(p, 0) - (exp.samples * 1e9) / exp.rate) < 1e3, `${totalWeight(p)} ns for ${exp.samples} samples`);
  assert.ok(fn(p, 'build_string').self > 0);
});

test('cProfile pstats (via the Python helper): totals equal pstats\' own', async () => {
  const exp = expected('cprofile/hot.pstats.expected.json').pstats;
  const p = await importProfileFile(fx('cprofile/hot.pstats'), { convertPstats: pstatsConverterHook() });
  assert.equal(p.metadata.format, 'pstats');
  assert.equal(p.metadata.stacksAreSynthetic, true);
  assert.equal(p.metadata.deterministic, true);
  assert.ok(Math.abs(totalWeight(p) - exp.total_tt * 1e9) < 1, `${totalWeight(p)} vs ${exp.total_tt * 1e9}`);
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, exp.top_self.name);
  assert.equal(top.line, exp.top_self.line);
  assert.ok(Math.abs(top.self - exp.top_self.tt * 1e9) < 1);
  // Same answer from bytes (the converter writes them to a temp file for Python).
  const q = await importProfileBytes('hot.pstats', readFileSync(fx('cprofile/hot.pstats')), { convertPstats: pstatsConverterHook() });
  assert.equal(totalWeight(q), totalWeight(p));
});

test('raw pstats without a converter is refused with an actionable message', async () => {
  await assert.rejects(importProfileFile(fx('cprofile/hot.pstats')), /raw cProfile\/pstats file.*pstats_to_json/);
});

test('node --cpu-prof: samples, time and per-function samples equal the file\'s own', async () => {
  const exp = expected('node/hot.cpuprofile.expected.json').cpuprofile;
  const p = await importProfileFile(fx('node/hot.cpuprofile'));
  assert.equal(p.metadata.format, 'cpuprofile');
  assert.equal(totalWeight(p, 0), exp.samples);
  // Each sample lasts until the next; together they span endTime - first sample time.
  assert.ok(Math.abs(totalWeight(p, 1) - (exp.durationUs - exp.firstDeltaUs) * 1000) < 1);
  for (const [name, n] of Object.entries(exp.samplesByFunction as Record<string, number>)) assert.equal(fn(p, name).self, n, name);
  // positionTicks put buildString's samples on its loop body, not its first line.
  const first = lineOf('node/hot.js', 'function buildString');
  const file = fn(p, 'buildString').file!;
  assert.match(file, /^\/.*programs\/node\/hot\.js$/, 'file:// URL becomes a path');
  const lines = fileLineStats(p).get(file)!;
  const body = lines.filter((l) => l.line > first && l.line <= first + 5).reduce((a, l) => a + l.self, 0);
  assert.equal(body, exp.samplesByFunction.buildString);
  assert.equal(fn(p, 'buildString').line, first, 'function line from the 0-based callFrame.lineNumber');
  assert.ok(p.timeline && p.timeline.stacks.length === exp.samples, 'timeline kept');
  assert.ok(p.frames.some((f) => f.name === '(garbage collector)' && f.kind === 'runtime'));
});

test('go test -cpuprofile (pprof): totals and flat/cum equal go tool pprof -top', async () => {
  const exp = expected('go/hot.pprof.expected.json');
  const p = await importProfileFile(fx('go/hot.pprof'));
  assert.equal(detectFormat(head('go/hot.pprof')), 'pprof');
  assert.deepEqual(p.weightTypes.map((w) => w.unit), ['nanoseconds', 'samples']);
  assert.equal(totalWeight(p, 0), exp.pprof.totalNs);
  assert.equal(totalWeight(p, 1), exp.pprof.samples);
  for (const [name, v] of Object.entries(exp.pprof.flat as Record<string, { flat: number; cum: number }>)) {
    const f = fn(p, name);
    assert.equal(f.self, v.flat, `${name} flat`);
    assert.equal(f.total, v.cum, `${name} cum`);
    assert.equal(p.frames[f.frameIds[0]!]!.kind, 'user');
  }
  const goroot = exp.goroot as string;
  const rt = p.frames.filter((f) => f.file?.startsWith(goroot));
  assert.ok(rt.length > 0 && rt.every((f) => f.kind === 'runtime'), 'GOROOT frames are runtime');
});

for (const name of ['hot.perf-script.txt', 'hot.perf-script-srcline.txt']) {
  test(`perf script (${name}): sample count equals perf report's`, async () => {
    const exp = expected(`perf/${name}.expected.json`);
    const p = await importProfileFile(fx(`perf/${name}`));
    assert.equal(detectFormat(head(`perf/${name}`)), 'perf-script');
    // With a period field the period is weight 0 (as perf report weighs) and the sample count follows.
    const samplesWeight = p.weightTypes.findIndex((w) => w.name === 'samples');
    assert.equal(totalWeight(p, samplesWeight), exp.samples);
    // fib recurses: many fib frames per stack, counted once per sample.
    const fib = fn(p, 'fib', samplesWeight);
    assert.ok(fib.self > 0 && fib.total <= exp.samples);
    const deepest = Math.max(...[...p.sampleStack].map((s) => depth(p, s)));
    assert.ok(deepest > 10, 'recursive fib stacks are deep');
    assert.ok(fn(p, 'sum_squares', samplesWeight).self > 0.1 * exp.samples && fn(p, 'checksum', samplesWeight).self > 0.1 * exp.samples);
    assert.equal(p.frames.find((f) => f.name === 'sum_squares')!.kind, 'user');
    assert.ok(p.frames.some((f) => f.name === '__libc_start_call_main' && f.kind === 'native'));
    if (!name.includes('srcline')) {
      // The period sum is perf report's "Event count" (ns of cpu-clock).
      assert.deepEqual(p.weightTypes[0], { name: 'cpu', unit: 'nanoseconds' });
      assert.equal(totalWeight(p, 0), exp.eventCount);
    } else assert.deepEqual(p.weightTypes, [{ name: 'samples', unit: 'samples' }], 'no period field recorded: samples only, not claimed as time');
    if (name.includes('srcline')) {
      const lines = fileLineStats(p).get('hot.c')!;
      // Every sum_squares sample lands on a line of its body (the optimiser may credit the for
      // line rather than the += line, so the range is checked, not one line).
      const from = lineOf('c/hot.c', 'static double sum_squares');
      const to = lineOf('c/hot.c', 'return s;');
      const inBody = lines.filter((l) => l.line > from && l.line <= to).reduce((a, l) => a + l.self, 0);
      assert.equal(inBody, fn(p, 'sum_squares').self);
    } else {
      assert.ok(p.frames.every((f) => f.line === null), 'no srcline, no lines');
    }
  });
}

test('callgrind: instruction total equals callgrind_annotate\'s PROGRAM TOTALS', async () => {
  const exp = expected('callgrind/hot.callgrind.out.expected.json').callgrind;
  const p = await importProfileFile(fx('callgrind/hot.callgrind.out'));
  assert.equal(p.metadata.format, 'callgrind');
  assert.equal(p.weightTypes[0]!.name, 'Ir');
  assert.ok(Math.abs(totalWeight(p) - exp.totalIr) < 1e-3 * 1, `${totalWeight(p)} vs ${exp.totalIr}`);
  // Recursion levels fib'2, fib'3... are one function.
  const fibIr = Object.entries(exp.selfIr as Record<string, number>).filter(([k]) => k.replace(/'\d+$/, '') === 'fib').reduce((a, [, v]) => a + v, 0);
  assert.ok(Math.abs(fn(p, 'fib').self - fibIr) < 1e-3);
  assert.ok(Math.abs(fn(p, 'main').self - exp.selfIr.main) < 1e-3);
  assert.ok(p.frames.some((f) => f.name === 'do_lookup_x' && f.kind === 'native'), 'dynamic loader code is native');
});
