// The old head-tree .cpuprofile shape. No tool that writes it runs here: the fixture is Chromium's
// own recording (interop/chrome/busy.cpuprofile) written out in the old shape by
// scripts/record-interop.mjs, so the recording's figures are the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { checkFixture, enc, expected, fn, importOrFormatError, selfByFrame, stacks } from './helpers';

const exp = expected('interop/cpuprofile-head/busy.head.expected.json');

test("old head-tree .cpuprofile: samples, time and self samples per function equal the recording's", async () => {
  const p = await checkFixture('interop/cpuprofile-head/busy.head.cpuprofile', { format: 'cpuprofile-head' });
  assert.equal(totalWeight(p, 0), exp.samples);
  assert.ok(Math.abs(totalWeight(p, 1) - (exp.durationUs - exp.firstDeltaUs) * 1000) < 1);
  // By name, as the recording's figures are counted ("(anonymous)" is two functions).
  const selfByName = new Map<string, number>();
  for (const { frame, self } of selfByFrame(p)) selfByName.set(frame.name, (selfByName.get(frame.name) ?? 0) + self);
  assert.deepEqual(Object.fromEntries(selfByName), exp.selfSamples);
});

test('old head-tree .cpuprofile: the same frames (1-based lines) and stacks as the new shape it came from', async () => {
  const old = await checkFixture('interop/cpuprofile-head/busy.head.cpuprofile', { format: 'cpuprofile-head' });
  const now = await checkFixture(exp.from, { format: 'cpuprofile' });
  assert.deepEqual(stacks(old), stacks(now));
  assert.equal(fn(old, 'hotSum').line, fn(now, 'hotSum').line);
  assert.deepEqual(old.timeline!.timesNs, now.timeline!.timesNs);
});

test('old head-tree .cpuprofile: samples without timestamps, or no samples at all, are errors', async () => {
  const head = {
    functionName: '(root)',
    url: '',
    lineNumber: 0,
    columnNumber: 0,
    hitCount: 0,
    id: 1,
    children: [{ functionName: 'a', url: '', lineNumber: 1, columnNumber: 1, hitCount: 2, id: 2, children: [] }],
  };
  const cut = await importOrFormatError('old.cpuprofile', enc(JSON.stringify({ head, startTime: 1, endTime: 2, samples: [2, 2], timestamps: [1000001] })));
  assert.ok(cut instanceof ProfileFormatError);
  assert.match(cut.message, /old\.cpuprofile: not a valid cpuprofile-head profile: 2 samples but 1 timestamps/);
  const hitsOnly = await importOrFormatError('old.cpuprofile', enc(JSON.stringify({ head, startTime: 1, endTime: 2 })));
  assert.ok(hitsOnly instanceof ProfileFormatError);
  assert.match(hitsOnly.message, /no "samples" array/);
});
