// The whole-program rule: growth in every interval, not just between the first and last snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindCensus, steadilyGrowing } from '../../../src/core/memory/programLeaks';

/** One census per snapshot from { kind: [count, size] }. */
function censuses(...snaps: Record<string, [number, number]>[]): KindCensus[] {
  return snaps.map((s) => ({
    count: new Map(Object.entries(s).map(([k, [c]]) => [k, c])),
    size: new Map(Object.entries(s).map(([k, [, b]]) => [k, b])),
    bytes: Object.values(s).reduce((t, [, b]) => t + b, 0),
  }));
}

test('a kind whose count rose in every interval grows steadily; one that filled up and stopped does not', () => {
  const got = steadilyGrowing(
    censuses(
      { Listener: [2, 64], CacheEntry: [10, 400], Once: [1, 8] },
      { Listener: [25, 800], CacheEntry: [100, 4000], Once: [1, 8] },
      { Listener: [50, 1600], CacheEntry: [100, 4000], Once: [1, 8] },
      { Listener: [75, 2400], CacheEntry: [100, 4000], Once: [1, 8] },
    ),
  );
  assert.deepEqual([...got.entries()], [['Listener', [2, 25, 50, 75]]]);
});

test('a container that grows in place (same count, more bytes every time) grows steadily; one that shrank once does not', () => {
  const got = steadilyGrowing(censuses({ Array: [3, 100], Map: [2, 50] }, { Array: [3, 200], Map: [2, 80] }, { Array: [3, 300], Map: [1, 90] }));
  assert.deepEqual([...got.keys()], ['Array']);
});

test('a kind that appeared late counts from zero; fewer than three snapshots decide nothing', () => {
  assert.deepEqual([...steadilyGrowing(censuses({}, { Job: [4, 40] }, { Job: [9, 90] })).entries()], [['Job', [0, 4, 9]]]);
  assert.equal(steadilyGrowing(censuses({ Job: [1, 1] }, { Job: [5, 5] })).size, 0);
});
