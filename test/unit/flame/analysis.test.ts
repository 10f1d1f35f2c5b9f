import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFlameTree } from '../../../src/core/flame/flameTree';
import { searchTree } from '../../../src/core/flame/search';
import { topFunctionRows, heaviestNodeOf } from '../../../src/core/flame/functions';
import { flameInsights } from '../../../src/core/flame/insights';
import { eventLoopBlocks } from '../../../src/core/flame/eventLoop';
import { buildDiffTree, biggestChanges } from '../../../src/core/flame/diff';
import { ProfileBuilder } from '../../../src/core/model/profile';
import { folded } from './helpers';

test('search share counts nested matches once and supports regex with smart case', () => {
  const t = buildFlameTree(folded(['main;parse;parse_item 6', 'main;render 4', 'main;Parser 2']));
  const r = searchTree(t, 'parse');
  assert.equal(r.value, 8, 'parse (6) + Parser (2, case-insensitive); parse_item inside parse not added');
  assert.equal(r.matches, 3);
  assert.ok(Math.abs(r.share - 8 / 12) < 1e-12);
  assert.equal(searchTree(t, 'Parse').value, 2, 'an upper-case letter makes it case-sensitive');
  assert.equal(searchTree(t, '^render$').value, 4);
  assert.equal(searchTree(t, '').value, 0);
  assert.throws(() => searchTree(t, '(unclosed'), /not a valid regular expression/);
});

test('top functions: self, total once per stack for recursion, sorted by self', () => {
  const t = buildFlameTree(folded(['main;fib;fib;fib 5', 'main;fib 1', 'main;io 3']));
  const rows = topFunctionRows(t);
  const fib = rows.find((r) => r.name === 'fib')!;
  assert.equal(fib.self, 6);
  assert.equal(fib.total, 6, 'recursive levels are not added again');
  assert.deepEqual(
    rows.map((r) => r.name),
    ['fib', 'io', 'main'],
  );
  assert.equal(rows[0]!.file, 'app.py');
  assert.equal(rows.find((r) => r.name === 'main')!.total, 9);
  const node = heaviestNodeOf(t, fib.id);
  assert.equal(t.total[node], 6);
});

test('calls column comes from a calls weight when the profiler counted calls', () => {
  const b = new ProfileBuilder({ format: 'pstats', deterministic: true }, [
    { name: 'time', unit: 'nanoseconds' },
    { name: 'calls', unit: 'count' },
  ]);
  const m = b.frame({ name: 'main', file: 'a.py', line: 1 });
  b.addSample([m, b.frame({ name: 'f', file: 'a.py', line: 5 })], [100, 42]);
  const p = b.build();
  const rows = topFunctionRows(buildFlameTree(p), p);
  assert.equal(rows.find((r) => r.name === 'f')!.calls, 42);
});

test('insights: a plateau names the function with a large self share', () => {
  const p = folded(['main;handler;json_dumps 700', 'main;handler;db 200', 'main;other 50', 'main;rest 50'], { profiler: 'py-spy' });
  const ins = flameInsights(p, buildFlameTree(p));
  const plateau = ins.filter((i) => i.kind === 'plateau');
  assert.deepEqual(
    plateau.map((i) => i.title.split(' ')[0]),
    ['json_dumps', 'db'],
  );
  assert.match(plateau[0]!.title, /70%/);
  assert.match(plateau[0]!.advice, /Optimize this function/);
  assert.ok(!ins.some((i) => i.kind === 'few-samples'), '1,000 samples are enough');
});

test('insights: a wide tower points at the subtree, not at one function', () => {
  // solve calls many helpers, each under the plateau bar, together 90%.
  const lines = ['main;solve;step_a;x 300', 'main;solve;step_b;y 300', 'main;solve;step_c;z 300', 'main;rest 100'].map((l) =>
    l.replace(/ (\d+)$/, (_, n) => ` ${Number(n) * 10}`),
  );
  const p = folded(lines);
  const ins = flameInsights(p, buildFlameTree(p));
  const tower = ins.find((i) => i.kind === 'tower');
  assert.ok(tower, JSON.stringify(ins));
  assert.match(tower!.title, /^solve .* 90%/);
  assert.match(tower!.advice, /algorithm|cache/);
  assert.ok(!ins.some((i) => i.kind === 'few-samples'));
});

test('insights: many narrow towers suggest batching', () => {
  const lines = Array.from({ length: 40 }, (_, i) => `main;loop;item${i} 100`);
  const p = folded(lines);
  const ins = flameInsights(p, buildFlameTree(p));
  const narrow = ins.find((i) => i.kind === 'narrow-towers');
  assert.ok(narrow, JSON.stringify(ins));
  assert.match(narrow!.title, /40 narrow towers under loop/);
  assert.match(narrow!.advice, /batch/);
  assert.ok(!ins.some((i) => i.kind === 'plateau'));
});

test('gotchas: few samples, deterministic profiler, debug build', () => {
  const p = folded(['main;f 30'], { deterministic: true, profiler: 'cProfile', command: ['./target/debug/app'] });
  const kinds = flameInsights(p, buildFlameTree(p)).map((i) => i.kind);
  assert.ok(kinds.includes('deterministic'));
  assert.ok(kinds.includes('debug-build'));
  assert.ok(!kinds.includes('few-samples'), 'a tracing profiler has no sampling error');
  const q = folded(['main;f 30'], { command: ['./target/release/app'] });
  const k2 = flameInsights(q, buildFlameTree(q)).map((i) => i.kind);
  assert.ok(k2.includes('few-samples'));
  assert.ok(!k2.includes('debug-build'));
});

test('event-loop blocks: busy stretches between idle samples, longest first, with holders', () => {
  const b = new ProfileBuilder({ format: 'cpuprofile', language: 'javascript', sampleIntervalNs: 1e6 }, undefined, { timeline: true });
  const idle = b.frame({ name: '(idle)', kind: 'runtime' });
  const main = b.frame({ name: 'main', file: '/w/app.js', line: 1 });
  const parse = b.frame({ name: 'parse', file: '/w/app.js', line: 9 });
  const native = b.frame({ name: 'JSON.parse', kind: 'native' });
  let t = 0;
  const add = (frames: number[], n: number) => {
    for (let i = 0; i < n; i++) b.addSample(frames, [1], (t += 1e6));
  };
  add([idle], 10);
  add([main, parse, native], 120); // 120 ms block held by parse (deepest user frame)
  add([idle], 5);
  add([main], 60);
  add([idle], 5);
  add([main], 20); // too short
  add([idle], 1);
  const blocks = eventLoopBlocks(b.build());
  assert.equal(blocks.length, 2);
  assert.equal(Math.round(blocks[0]!.durationMs), 120);
  assert.equal(blocks[0]!.frames[0]!.name, 'parse');
  assert.equal(blocks[0]!.frames[0]!.share, 1);
  assert.equal(Math.round(blocks[1]!.durationMs), 60);
  assert.equal(Math.round(blocks[0]!.startMs), 11);
});

test('diff tree: delta per node against the scaled baseline; removed paths carry no width', () => {
  const base = folded(['main;old 50', 'main;keep 50']);
  const next = folded(['main;keep 100', 'main;new 100']); // twice as long
  const d = buildDiffTree(base, next);
  const byName = (n: string) => {
    for (let i = 1; i < d.tree.size; i++) if (d.tree.functions[d.tree.func[i]!]!.name === n) return i;
    return -1;
  };
  assert.equal(d.tree.total[0], 200);
  assert.equal(d.delta[byName('keep')], 0, 'same share of a longer run is no change');
  assert.equal(d.delta[byName('new')], 100);
  assert.equal(d.tree.total[byName('old')], 0);
  assert.equal(d.delta[byName('old')], -100);
  const rows = biggestChanges(base, next);
  assert.deepEqual(
    rows.map((r) => [r.name, r.deltaSelf]),
    [
      ['old', -0.5],
      ['new', 0.5],
    ],
  );
});

test('insights: a garbage-collector plateau says to allocate less', () => {
  const p = folded(['main;work 600', 'rt:(garbage collector) 400']);
  const gc = flameInsights(p, buildFlameTree(p)).find((i) => i.kind === 'plateau' && i.title.startsWith('(garbage collector)'));
  assert.ok(gc);
  assert.match(gc!.advice, /allocate less/);
});

test('insights: a chain into one plateau is not called a tower; its spread-out ancestor is', () => {
  const p = folded(['main;run;encode;iterencode 560', 'main;run;build 140', 'main;run;fib 120', 'main;imports 180']);
  const ins = flameInsights(p, buildFlameTree(p));
  const tower = ins.find((i) => i.kind === 'tower');
  assert.ok(tower, JSON.stringify(ins));
  assert.match(tower!.title, /^run /, 'not "encode", whose time is all iterencode');
});

test('insights of an allocation profile speak of memory: "allocates … of the memory", and a tracer that records every allocation is exact, not a warning', () => {
  const b = new ProfileBuilder({ format: 'memray', profiler: 'memray', deterministic: true }, [
    { name: 'inuse_space', unit: 'bytes' },
    { name: 'inuse_objects', unit: 'objects' },
  ]);
  const main = b.frame({ name: 'main', file: '/app/job.py', line: 10 });
  const build = b.frame({ name: 'build_table', file: '/app/job.py', line: 3 });
  b.addSample([main, build], [9_000_000, 9000]);
  b.addSample([main], [1_000_000, 10]);
  const p = b.build();
  const insights = flameInsights(p, buildFlameTree(p));
  const plateau = insights.find((i) => i.kind === 'plateau')!;
  assert.match(plateau.title, /^build_table \(job\.py:3\) allocates 90% of the memory itself/);
  assert.match(plateau.advice, /Allocate less here/);
  const det = insights.find((i) => i.kind === 'deterministic')!;
  assert.equal(det.severity, 'info');
  assert.equal(det.title, 'memray records every allocation: the amounts are exact.');
  assert.equal(
    insights.some((i) => /of the time|traces every call/.test(i.title)),
    false,
  );
});
