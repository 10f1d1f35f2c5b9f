import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criticalPath } from '../../../src/core/traces/criticalPath';
import { buildSpanTree, type SpanTree } from '../../../src/core/traces/model';
import { handTrace } from './helpers';

/** The path as "id:start-end" stretches, in time order. */
function path(rows: Parameters<typeof handTrace>[0]): string[] {
  const tree = buildSpanTree(handTrace(rows))!;
  const segs = criticalPath(tree);
  // Invariant of every case: the stretches tile the root's interval, in order, without gaps.
  let at = tree.root.start;
  for (const s of segs) {
    assert.equal(s.start, at, 'segments are contiguous');
    assert.ok(s.end > s.start);
    at = s.end;
  }
  assert.equal(at, tree.root.start + tree.root.duration);
  return segs.map((s) => `${s.span.id}:${s.start}-${s.end}`);
}

test('a span without children is its own critical path', () => {
  assert.deepEqual(path([['r', '', 0, 40]]), ['r:0-40']);
});

test("sequential children are all on the path, with the parent's own time between them", () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 40],
      ['a', 'r', 0, 10],
      ['b', 'r', 15, 30],
    ]),
    ['a:0-10', 'r:10-15', 'b:15-30', 'r:30-40'],
  );
});

test('of parallel children only the one the parent waited for (last to finish) is on the path', () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 100],
      ['a', 'r', 10, 50],
      ['b', 'r', 10, 90],
    ]),
    ['r:0-10', 'b:10-90', 'r:90-100'],
  );
});

test('overlapping children: the earlier one counts only until the later one starts', () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 100],
      ['a', 'r', 0, 60],
      ['b', 'r', 40, 90],
    ]),
    ['a:0-40', 'b:40-90', 'r:90-100'],
  );
});

test('a child that outlives its parent (fire and forget) counts only until the parent ends', () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 50],
      ['a', 'r', 10, 80],
    ]),
    ['r:0-10', 'a:10-50'],
  );
});

test("a child that starts before its parent (clock skew) counts from the parent's start", () => {
  assert.deepEqual(
    path([
      ['r', '', 10, 50],
      ['a', 'r', 0, 30],
    ]),
    ['a:10-30', 'r:30-50'],
  );
});

test('the path descends into grandchildren', () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 100],
      ['a', 'r', 0, 80],
      ['c', 'a', 20, 70],
      ['d', 'r', 5, 15],
    ]),
    ['a:0-20', 'c:20-70', 'a:70-80', 'r:80-100'],
  );
});

test('a span whose parent is missing (partial trace) hangs under the root', () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 100],
      ['x', 'gone', 20, 60],
    ]),
    ['r:0-20', 'x:20-60', 'r:60-100'],
  );
});

test('equal ends: the longer child is the one on the path', () => {
  assert.deepEqual(
    path([
      ['r', '', 0, 100],
      ['short', 'r', 50, 90],
      ['long', 'r', 10, 90],
    ]),
    ['r:0-10', 'long:10-90', 'r:90-100'],
  );
});

test('a chain 50,000 spans deep does not overflow the stack', () => {
  const rows: [string, string, number, number][] = [];
  for (let i = 0; i < 50_000; i++) rows.push([`s${i}`, i ? `s${i - 1}` : '', i, 100_000 - i]);
  const segs = criticalPath(buildSpanTree(handTrace(rows))!);
  assert.equal(segs.length, 2 * 50_000 - 1);
  assert.equal(
    segs.reduce((a, s) => a + s.end - s.start, 0),
    100_000,
  );
});

function sequentialChildren(n: number): SpanTree {
  const rows: [string, string, number, number][] = [['r', '', 0, n * 3]];
  for (let i = 0; i < n; i++) rows.push([`c${i}`, 'r', i * 3 + 1, i * 3 + 3]);
  return buildSpanTree(handTrace(rows))!;
}

/**
 * The fastest of five runs of each tree, the two measured in turns (small, big, small, big…) after a
 * warm-up: a busy machine only ever makes a run slower, and taking turns lets both sizes see the same
 * load (a load that rose between two separate series skewed their ratio on a shared machine).
 */
function fastestInTurns(small: SpanTree, big: SpanTree): [number, number] {
  criticalPath(small);
  criticalPath(big);
  const best = [Infinity, Infinity];
  for (let k = 0; k < 5; k++) {
    [small, big].forEach((tree, i) => {
      const t0 = performance.now();
      criticalPath(tree);
      best[i] = Math.min(best[i]!, performance.now() - t0);
    });
  }
  return [best[0]!, best[1]!];
}

test('a span with 100,000 sequential children: every child and every gap is on the path, in linear-ish time', () => {
  // 4x the children: linear work takes ~4x as long, quadratic ~16x. The ratio of the fastest runs
  // does not depend on how loaded the machine is, unlike a wall-clock bound.
  const [smallMs, bigMs] = fastestInTurns(sequentialChildren(25_000), sequentialChildren(100_000));
  const ratio = bigMs / Math.max(smallMs, 0.5);
  assert.ok(ratio < 9, `not quadratic in the number of children: 4x the children took ${ratio.toFixed(1)}x as long`);
  const segs = criticalPath(sequentialChildren(100_000));
  assert.equal(segs.filter((s) => s.span.id !== 'r').length, 100_000);
  assert.equal(
    segs.filter((s) => s.span.id === 'r').reduce((a, s) => a + s.end - s.start, 0),
    100_000,
  );
});
