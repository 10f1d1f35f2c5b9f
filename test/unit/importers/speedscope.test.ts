// speedscope JSON: py-spy's sampled profiles and evented ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { checkFixture, enc, expected, fn, stacks } from './helpers';

test("py-spy speedscope: sample count and time equal py-spy's", async () => {
  const exp = expected('profiles/py-spy/hot.speedscope.expected.json');
  const p = await checkFixture('profiles/py-spy/hot.speedscope.json', { format: 'speedscope' });
  assert.equal(p.metadata.profiler, 'py-spy');
  // py-spy weighs each sample 1/rate seconds: the time total is py-spy's sample count / rate.
  assert.equal(p.weightTypes[0]!.unit, 'nanoseconds');
  assert.ok(Math.abs(totalWeight(p, 0) - (exp.samples * 1e9) / exp.rate) < 1e3, `${totalWeight(p)} ns for ${exp.samples} samples`);
  assert.ok(fn(p, 'build_string').self > 0);
});

test('speedscope evented: time between events goes to the open stack', async () => {
  const doc = {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: {
      frames: [
        { name: 'main', file: '/a.js', line: 1 },
        { name: 'work', file: '/a.js', line: 5 },
      ],
    },
    profiles: [
      {
        type: 'evented',
        name: 't',
        unit: 'milliseconds',
        startValue: 0,
        endValue: 10,
        events: [
          { type: 'O', at: 0, frame: 0 },
          { type: 'O', at: 2, frame: 1 },
          { type: 'C', at: 7, frame: 1 },
          { type: 'C', at: 10, frame: 0 },
        ],
      },
    ],
  };
  const p = await importProfileBytes('e.speedscope.json', enc(JSON.stringify(doc)));
  assert.deepEqual(stacks(p), ['main 5000000', 'main;work 5000000']);
  assert.equal(p.timeline!.stacks.length, 3);
  const bad = {
    ...doc,
    profiles: [
      {
        ...doc.profiles[0],
        events: [
          { type: 'O', at: 0, frame: 0 },
          { type: 'C', at: 1, frame: 1 },
        ],
      },
    ],
  };
  await assert.rejects(importProfileBytes('b.speedscope.json', enc(JSON.stringify(bad))), /speedscope.*profiles\[0\]\.events\[1\].*does not match/);
});
