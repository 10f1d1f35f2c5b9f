// pprof protobuf cut short or damaged, and .cpuprofile trees with nothing in them: errors, never a
// smaller profile read as if it were whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { Profile as PprofProfile, StringTable } from 'pprof-format';
import { importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { cpuProfileOf, damage, enc, flipped, profileOrNull, stacks, totalOf } from './propertyHelpers';

const goBytes = (() => {
  const b = readFileSync(join(__dirname, '../../fixtures/profiles/go/hot.pprof'));
  return b[0] === 0x1f ? gunzipSync(b) : b;
})();

test('pprof: every truncation of the recorded Go profile is an error naming the file', async () => {
  const whole = await importProfileBytes('hot.pprof', goBytes);
  assert.ok(totalWeight(whole) > 0);
  for (let n = 1; n < goBytes.length; n++) {
    const p = await profileOrNull('hot.pprof', goBytes.subarray(0, n), 'pprof');
    assert.ok(p === null || totalWeight(p) === totalWeight(whole), `cut at ${n} of ${goBytes.length}`);
  }
  await assert.rejects(
    importProfileBytes('cut.pprof', goBytes.subarray(0, goBytes.length - 3), { format: 'pprof' }),
    /^ProfileFormatError: cut\.pprof: not a valid pprof profile: truncated or corrupt protobuf: field \d+/,
  );
});

test('.cpuprofile with no nodes is an error', async () => {
  const bytes = enc(JSON.stringify({ nodes: [], startTime: 0, endTime: 10, samples: [], timeDeltas: [] }));
  await assert.rejects(importProfileBytes('empty.cpuprofile', bytes), /empty\.cpuprofile: not a valid cpuprofile profile: the "nodes" array is empty/);
});

/** A pprof profile of the stacks (leaf last in each list), with samples and cpu values. */
function encodePprof(st: [string[], number][]): Uint8Array {
  const strings = new StringTable();
  const fnIds = new Map<string, number>();
  const functions: { id: number; name: number; filename: number }[] = [];
  const fnOf = (name: string) => {
    let id = fnIds.get(name);
    if (id === undefined) {
      id = functions.length + 1;
      fnIds.set(name, id);
      functions.push({ id, name: strings.dedup(name), filename: strings.dedup('/src/a.go') });
    }
    return id;
  };
  const samples = st.map(([names, n]) => ({ locationId: [...names].reverse().map(fnOf), value: [n, n * 1000] }));
  const profile = new PprofProfile({
    sampleType: [
      { type: strings.dedup('samples'), unit: strings.dedup('count') },
      { type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') },
    ],
    sample: samples,
    location: functions.map((f) => ({ id: f.id, line: [{ functionId: f.id, line: 3 }] })),
    function: functions,
    stringTable: strings,
    durationNanos: 1e9,
    period: 1e6,
    periodType: { type: strings.dedup('cpu'), unit: strings.dedup('nanoseconds') },
  });
  return profile.encode();
}

test('property: pprof written and read back keeps the totals; cuts give an error or the whole totals, flips never crash', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, damage, async (st, [cut, flips]) => {
      const bytes = encodePprof(st);
      const samples = st.reduce((a, [, n]) => a + n, 0);
      const p = await profileOrNull('r.pprof', bytes, 'pprof');
      assert.ok(p && totalOf(p, 'cpu') === samples * 1000 && totalOf(p, 'samples') === samples);
      const q = await profileOrNull('r.pprof', bytes.subarray(0, Math.floor(bytes.length * cut)), 'pprof');
      if (q) assert.ok(totalOf(q, 'cpu') === samples * 1000, 'a cut file is refused unless every sample is there');
      await profileOrNull('r.pprof', flipped(bytes, flips), 'pprof');
    }),
    { numRuns: 150 },
  );
});

test('property: .cpuprofile written and read back keeps the sample count; cuts and flips never crash', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, damage, async (st, [cut, flips]) => {
      const { nodes, samples } = cpuProfileOf(st);
      const bytes = enc(JSON.stringify({ nodes, startTime: 0, endTime: samples.length * 100, samples, timeDeltas: samples.map(() => 100) }));
      const p = await profileOrNull('r.cpuprofile', bytes);
      assert.ok(p && totalOf(p, 'samples') === samples.length);
      const q = await profileOrNull('r.cpuprofile', bytes.subarray(0, Math.floor(bytes.length * cut)), 'cpuprofile');
      if (q) assert.equal(totalOf(q, 'samples'), samples.length);
      await profileOrNull('r.cpuprofile', flipped(bytes, flips), 'cpuprofile');
    }),
    { numRuns: 80 },
  );
});
