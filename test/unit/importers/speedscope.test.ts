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

test('speedscope is streamed: a file over the whole-buffer limit reads, with fields in any order, and bad indices still fail', async () => {
  const frames = Array.from({ length: 50 }, (_, i) => ({ name: `f${i}`, file: `/m${i % 3}.py`, line: i + 1 }));
  const samples = Array.from({ length: 2000 }, (_, i) => [0, 1 + (i % 7), 10 + (i % 40)]);
  // "type" and "unit" after the samples, "profiles" before "shared": the schema fixes no order.
  const text = `{"profiles":[{"samples":${JSON.stringify(samples)},"weights":${JSON.stringify(samples.map(() => 2))},"type":"sampled","unit":"none","name":"p"}],"shared":${JSON.stringify({ frames })}}`;
  const bytes = enc(text);
  const p = await importProfileBytes('big.speedscope.json', bytes, { maxBufferedBytes: 1024 });
  assert.ok(bytes.length > 1024);
  assert.equal(totalWeight(p), 4000);
  assert.equal(fn(p, 'f0').total, 4000);
  assert.equal(fn(p, 'f3').self, 0);
  assert.equal(fn(p, 'f10').self, 2 * 50);
  const out = text.replace('[0,1,10]', '[0,1,50]');
  await assert.rejects(
    importProfileBytes('bad.speedscope.json', enc(out)),
    /bad\.speedscope\.json: not a valid speedscope profile \(profiles\[0\]\.samples\[\d+\]\[2\]\): frame index 50 is out of range \(0\.\.49\)/,
  );
  const inOrder = `{"shared":${JSON.stringify({ frames })},"profiles":[{"type":"sampled","unit":"none","samples":[[0],[1,"x"]],"weights":[1,1]}]}`;
  await assert.rejects(importProfileBytes('x.speedscope.json', enc(inOrder)), /\(profiles\[0\]\.samples\[1\]\[1\]\): frame index x is out of range/);
});
