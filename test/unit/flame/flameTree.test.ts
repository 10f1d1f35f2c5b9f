import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFlameTree, childrenOf, nodeName, type FlameTree } from '../../../src/core/flame/flameTree';
import { ProfileBuilder } from '../../../src/core/model/profile';
import { folded } from './helpers';

/** Renders a tree as "name total(self)" lines, indented by depth, children heaviest first. */
function dump(t: FlameTree, node = 0, depth = 0, out: string[] = []): string[] {
  out.push(`${'  '.repeat(depth)}${nodeName(t, node)} ${t.total[node]}(${t.self[node]})`);
  for (const c of childrenOf(t, node)) dump(t, c, depth + 1, out);
  return out;
}

test('top-down tree merges identical paths and sums totals', () => {
  const t = buildFlameTree(folded(['main;a;b 3', 'main;a 2', 'main;c 5', 'main;a;b 1']));
  assert.deepEqual(dump(t), ['all 11(0)', '  main 11(0)', '    a 6(2)', '      b 4(4)', '    c 5(5)']);
});

test('frames of one function at different lines merge into one node', () => {
  const b = new ProfileBuilder({ format: 'test' });
  const m = b.frame({ name: 'main', file: 'x.py', line: 1 });
  b.addSample([m, b.frame({ name: 'f', file: 'x.py', line: 10 })], [1]);
  b.addSample([m, b.frame({ name: 'f', file: 'x.py', line: 11 })], [2]);
  b.addSample([m, b.frame({ name: 'f', file: 'other.py', line: 11 })], [4]);
  const t = buildFlameTree(b.build());
  assert.deepEqual(dump(t), ['all 7(0)', '  main 7(0)', '    f 4(4)', '    f 3(3)']);
});

test('inverted tree puts the functions that spent the time at the root, callers below', () => {
  const t = buildFlameTree(folded(['main;a;leaf 3', 'main;b;leaf 2', 'main;a 1']), { inverted: true });
  assert.deepEqual(dump(t), ['all 6(0)', '  leaf 5(0)', '    a 3(0)', '      main 3(3)', '    b 2(0)', '      main 2(2)', '  a 1(0)', '    main 1(1)']);
});

test('my code only folds each run of library frames into its first frame', () => {
  const p = folded(['main;lib:request;lib:send;lib:socket 4', 'main;lib:request;lib:hook;cb;lib:json 2', 'main;work 4']);
  const t = buildFlameTree(p, { myCodeOnly: true });
  assert.deepEqual(dump(t), ['all 10(0)', '  main 10(0)', '    request 6(4)', '      cb 2(0)', '        json 2(2)', '    work 4(4)']);
});

test('weight choice picks the weight column', () => {
  const b = new ProfileBuilder({ format: 'test' }, [
    { name: 'samples', unit: 'samples' },
    { name: 'bytes', unit: 'bytes' },
  ]);
  const m = b.frame({ name: 'main' });
  b.addSample([m, b.frame({ name: 'alloc' })], [1, 1000]);
  b.addSample([m, b.frame({ name: 'cpu' })], [9, 0]);
  const p = b.build();
  assert.equal(nodeName(buildFlameTree(p, { weight: 0 }), childrenOf(buildFlameTree(p, { weight: 0 }), 1)[0]!), 'cpu');
  const t1 = buildFlameTree(p, { weight: 1 });
  assert.equal(t1.total[0], 1000);
  assert.equal(nodeName(t1, childrenOf(t1, 1)[0]!), 'alloc');
  assert.throws(() => buildFlameTree(p, { weight: 2 }), /weight index 2/);
});

test('a 5,000-deep stack builds without recursion, both ways', () => {
  const b = new ProfileBuilder({ format: 'test' });
  const frames = Array.from({ length: 5000 }, (_, i) => b.frame({ name: `rec${i % 7}`, file: 'r.py', line: i + 1 }));
  b.addSample(frames, [1]);
  const t = buildFlameTree(b.build());
  assert.equal(t.size, 5001);
  assert.equal(Math.max(...t.depth), 5000);
  const inv = buildFlameTree(b.build(), { inverted: true });
  assert.equal(inv.size, 5001);
});

test('a trie whose parents come after their children still builds', () => {
  const p = folded(['main;a 1']);
  // Reverse node order by hand: node 0 = a (parent 1), node 1 = main (root).
  const swapped = {
    ...p,
    stackFrame: Int32Array.from([p.stackFrame[1]!, p.stackFrame[0]!]),
    stackParent: Int32Array.from([1, -1]),
    sampleStack: Int32Array.from([0]),
  };
  assert.deepEqual(dump(buildFlameTree(swapped)), ['all 1(0)', '  main 1(0)', '    a 1(1)']);
});

test('one name in several files: each file is its own function, whatever order the frames come in', () => {
  const b = new ProfileBuilder({ format: 'test' });
  const m = b.frame({ name: 'main', file: 'x.py', line: 1 });
  const f = (file: string, line: number) => b.frame({ name: 'f', file, line });
  // Frames interleave files: a.py, b.py, a.py again (another line), b.py again, then no file.
  for (const [frame, w] of [
    [f('a.py', 1), 1],
    [f('b.py', 1), 2],
    [f('a.py', 2), 4],
    [f('b.py', 3), 8],
  ] as const)
    b.addSample([m, frame], [w]);
  b.addSample([m, b.frame({ name: 'f', file: null, line: null })], [16]);
  const p = b.build();
  const t = buildFlameTree(p);
  assert.deepEqual(dump(t), ['all 31(0)', '  main 31(0)', '    f 16(16)', '    f 10(10)', '    f 5(5)']);
  assert.deepEqual(
    t.functions.map((x) => x.file),
    ['x.py', 'a.py', 'b.py', null],
  );
  assert.equal(buildFlameTree(p), t, 'the tree is cached per profile and options');
  assert.notEqual(buildFlameTree(p, { inverted: true }), t);
});
