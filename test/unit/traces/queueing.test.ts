import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concurrencyOverTime, queueWaits } from '../../../src/core/traces/queueing';
import { buildSpanTree } from '../../../src/core/traces/model';
import { handTrace } from './helpers';

test("queue wait is the time from a span's start to its first child's start, per edge", () => {
  const waits = [5, 10, 30].map((w, i) =>
    buildSpanTree({
      ...handTrace([
        ['r', '', 100, 200],
        ['work', 'r', 100 + w, 190],
        ['later', 'r', 195, 199],
      ]),
      traceId: `t${i}`,
    })!,
  );
  const q = queueWaits(waits);
  assert.equal(q.length, 1, 'only the first child counts');
  assert.equal(q[0]!.edge, 'svc r → svc work');
  assert.equal(q[0]!.count, 3);
  assert.equal(q[0]!.p50, 10);
  assert.equal(q[0]!.max, 30);
});

test('concurrency: the most spans in flight per time slice; back-to-back spans do not overlap', () => {
  const spans = handTrace([
    ['a', '', 0, 10],
    ['b', '', 5, 15],
    ['c', '', 15, 30],
    ['d', '', 21, 22],
  ]).spans;
  // Three slices of 10 µs: [0,10) has a and b; [10,20) b then c; [20,30) c and d.
  assert.deepEqual(
    concurrencyOverTime(spans, 3).map((b) => [b.start, b.max]),
    [
      [0, 2],
      [10, 1],
      [20, 2],
    ],
  );
});

test('concurrency: a long span keeps the slices it spans at its level', () => {
  const spans = handTrace([
    ['long', '', 0, 100],
    ['x', '', 95, 100],
  ]).spans;
  assert.deepEqual(
    concurrencyOverTime(spans, 4).map((b) => b.max),
    [1, 1, 1, 2],
  );
  assert.deepEqual(concurrencyOverTime([], 4), []);
});
