// speedscope files as the published schema allows them (required fields only, sampled and evented
// mixed), and evented profiles that do not balance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { ProfileBuilder, totalWeight } from '../../../src/core/model/profile';
import { exportSpeedscope } from '../../../src/core/export/speedscopeExport';
import { damage, enc, flipped, profileOrNull, stacks, totalOf } from './propertyHelpers';

const SCHEMA = 'https://www.speedscope.app/file-format-schema.json';
const doc = (profiles: unknown[], frames = [{ name: 'main' }, { name: 'work' }]) => enc(JSON.stringify({ $schema: SCHEMA, shared: { frames }, profiles }));
const sampled = { type: 'sampled', name: 's', unit: 'none', startValue: 0, endValue: 3, samples: [[0, 1], [0]], weights: [2, 1] };
const evented = (events: { type: string; frame: number; at: number }[]) => ({
  type: 'evented',
  name: 'e',
  unit: 'milliseconds',
  startValue: 0,
  endValue: 10,
  events,
});
const balanced = [
  { type: 'O', frame: 0, at: 0 },
  { type: 'O', frame: 1, at: 2 },
  { type: 'C', frame: 1, at: 5 },
  { type: 'C', frame: 0, at: 10 },
];

test("speedscope: a hand-written file with only the schema's required fields", async () => {
  for (const bytes of [doc([sampled]), doc([evented(balanced)])]) {
    assert.equal(detectFormat(bytes), 'speedscope');
    assert.ok(totalWeight(await importProfileBytes('min.json', bytes)) > 0);
  }
  // Key order does not matter, nor does the schema line being last.
  const reordered = enc(JSON.stringify({ profiles: [sampled], shared: { frames: [{ name: 'main' }, { name: 'work' }] }, $schema: SCHEMA }));
  assert.equal(totalWeight(await importProfileBytes('r.json', reordered)), 3);
});

test('speedscope: sampled and evented profiles in one file keep their own weights', async () => {
  const p = await importProfileBytes('mixed.speedscope.json', doc([sampled, evented(balanced)]));
  assert.deepEqual(p.weightTypes, [
    { name: 'samples', unit: 'samples' },
    { name: 'time', unit: 'nanoseconds' },
  ]);
  assert.equal(totalWeight(p, 0), 3);
  assert.equal(totalWeight(p, 1), 10e6);
});

test('speedscope: an evented profile whose stack never closes, or closes the wrong frame, is an error', async () => {
  const open = await profileOrNull('open.speedscope.json', doc([evented(balanced.slice(0, 3))]));
  assert.equal(open, null);
  await assert.rejects(
    importProfileBytes('open.speedscope.json', doc([evented(balanced.slice(0, 3))])),
    /open\.speedscope\.json: not a valid speedscope profile \(profiles\[0\]\.events\): 1 frame\(s\) are never closed/,
  );
  const wrong = [balanced[0]!, balanced[1]!, { type: 'C', frame: 0, at: 5 }, { type: 'C', frame: 1, at: 10 }];
  await assert.rejects(importProfileBytes('wrong.speedscope.json', doc([evented(wrong)])), /does not match the innermost open frame/);
});

/** Balanced open/close events from a random call tree; returns the events and the time inside any frame. */
const eventedTree = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 50 }), fc.boolean()), { minLength: 1, maxLength: 30 })
  .map((steps) => {
    const events: { type: string; frame: number; at: number }[] = [];
    const open: number[] = [];
    let at = 0;
    for (const [frame, dt, push] of steps) {
      if (push || open.length === 0) {
        open.push(frame);
        events.push({ type: 'O', frame, at });
      } else events.push({ type: 'C', frame: open.pop()!, at });
      at += dt;
    }
    while (open.length) events.push({ type: 'C', frame: open.pop()!, at });
    return events;
  });
const timeInside = (events: { type: string; at: number }[]) => {
  let depth = 0;
  let t = 0;
  for (let i = 0; i < events.length; i++) {
    if (depth > 0) t += events[i]!.at - events[i - 1]!.at;
    depth += events[i]!.type === 'O' ? 1 : -1;
  }
  return t;
};
const frames4 = [0, 1, 2, 3].map((i) => ({ name: `f${i}<&>` }));

test('property: speedscope written and read back keeps the totals; cuts and flips give an error or a clean result', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, damage, async (st, [cut, flips]) => {
      const b = new ProfileBuilder({ format: 'test' });
      for (const [names, n] of st)
        b.addSample(
          names.map((name) => b.frame({ name })),
          [n],
        );
      const text = enc(exportSpeedscope(b.build()));
      const p = await profileOrNull('r.speedscope.json', text);
      assert.ok(p && totalWeight(p) === st.reduce((a, [, n]) => a + n, 0));
      const q = await profileOrNull('r.speedscope.json', text.subarray(0, Math.floor(text.length * cut)));
      if (q) assert.equal(totalWeight(q), totalWeight(p), 'a cut JSON file never reads as a smaller profile');
      await profileOrNull('r.speedscope.json', flipped(text, flips));
    }),
    { numRuns: 100 },
  );
  await fc.assert(
    fc.asyncProperty(eventedTree, fc.nat(), async (events, k) => {
      const p = await profileOrNull('e.speedscope.json', doc([evented(events)], frames4));
      assert.ok(p && totalOf(p, 'time') === timeInside(events) * 1e6);
      // Dropping trailing events: accepted only when what is left still balances.
      const kept = events.slice(0, k % events.length);
      let depth = 0;
      for (const e of kept) depth += e.type === 'O' ? 1 : -1;
      const q = await profileOrNull('e.speedscope.json', doc([evented(kept)], frames4));
      assert.equal(q !== null, depth === 0, `depth ${depth}`);
    }),
    { numRuns: 100 },
  );
});
