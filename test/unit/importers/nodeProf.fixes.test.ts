// Property test for node --prof-process --preprocess JSON: random stacks written as code entries and
// ticks (leaf first, unknown callers mixed in) read back with the same tick count; cuts and byte
// flips give a clean error or the whole count, never another exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { damage, enc, flipped, profileOrNull, stacks, totalOf } from './propertyHelpers';

function preprocessedOf(st: [string[], number][], unknownCallers: boolean): { bytes: Uint8Array; ticks: number } {
  const code: object[] = [];
  const ids = new Map<string, number>();
  const id = (name: string) => {
    if (!ids.has(name)) ids.set(name, code.push({ name: `${name} /src/a.js:${code.length + 1}:1`, type: 'JS', kind: 'Unopt', func: code.length }) - 1);
    return ids.get(name)!;
  };
  const ticks: object[] = [];
  let tm = 0;
  for (const [names, n] of st) {
    const s: number[] = [];
    for (const name of [...names].reverse()) {
      s.push(id(name), 4);
      if (unknownCallers) s.push(-1, 0x7f00);
    }
    for (let k = 0; k < Math.min(n, 40); k++) ticks.push({ tm: (tm += 1000), vm: 0, s });
  }
  return { bytes: enc(JSON.stringify({ code, functions: [], ticks, scripts: [] }, null, 2)), ticks: ticks.length };
}

test('property: preprocessed node --prof JSON written and read back keeps the ticks; cuts and flips never crash', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, fc.boolean(), damage, async (st, unknownCallers, [cut, flips]) => {
      const { bytes, ticks } = preprocessedOf(st, unknownCallers);
      const p = await profileOrNull('p.json', bytes);
      assert.ok(p && p.metadata.format === 'node-prof' && totalOf(p, 'samples') === ticks);
      assert.ok(!p.frames.some((f) => f.name === 'UNKNOWN'), 'unknown callers are dropped');
      const q = await profileOrNull('p.json', bytes.subarray(0, Math.floor(bytes.length * cut)), 'node-prof-json');
      if (q) assert.equal(totalOf(q, 'samples'), ticks);
      await profileOrNull('p.json', flipped(bytes, flips), 'node-prof-json');
    }),
    { numRuns: 100 },
  );
});
