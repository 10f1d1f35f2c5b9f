// cachegrind out files: the recorded fixture against cg_annotate's totals, detection apart from
// callgrind, and random files read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { fileLineStats, topFunctions } from '../../../src/core/model/views';
import { checkFixture, depth, enc, fx, lineOf } from './helpers';
import { damage, flipped, frameName, profileOrNull } from './propertyHelpers';

/** cg_annotate's "46,826,441 (100.0%)  PROGRAM TOTALS" and "21,000,006 (44.85%)  file:function" rows. */
function cgAnnotate(path: string) {
  const rows = [...readFileSync(fx(path), 'utf8').matchAll(/^\s*([\d,]+) \([\d. ]+%\)\s+(.+)$/gm)].map((m) => ({
    ir: Number(m[1]!.replace(/,/g, '')),
    what: m[2]!,
  }));
  return { total: rows.find((r) => r.what === 'PROGRAM TOTALS')!.ir, functions: rows.filter((r) => r.what !== 'PROGRAM TOTALS') };
}

test("cachegrind: Ir total and per-function Ir equal cg_annotate's", async () => {
  const want = cgAnnotate('interop/cachegrind/hot.cg_annotate.txt');
  const p = await checkFixture('interop/cachegrind/hot.cachegrind.out', { format: 'cachegrind' });
  assert.deepEqual(p.weightTypes, [{ name: 'Ir', unit: 'instructions' }]);
  assert.equal(p.metadata.profiler, 'valgrind --tool=cachegrind');
  assert.equal(p.metadata.stacksAreSynthetic, undefined, 'a flat profile, nothing reconstructed');
  assert.equal(totalWeight(p), want.total);
  const got = topFunctions(p, { limit: want.functions.length });
  assert.deepEqual(
    got.map((f) => `${f.file}:${f.name} ${f.self}`),
    want.functions.map((f) => `${f.what} ${f.ir}`),
  );
  // Flat: every sample is one frame deep; lines keep their own counts.
  for (const s of p.sampleStack) assert.equal(depth(p, s), 1);
  const lines = fileLineStats(p).get('/ROOT/test/fixtures/profiles/programs/c/hot.c')!;
  assert.ok(
    lines.some((l) => l.line === lineOf('c/hot.c', 's += (double)i') && l.self > 1e7),
    'the loop line of sum_squares',
  );
});

test('cachegrind and callgrind tell each other apart', async () => {
  const cachegrind = 'desc: I1 cache: 32768 B\ncmd: ./a\nevents: Ir Dr\nfl=a.c\nfn=main\n3 5 1\n4 7\nsummary: 12 1\n';
  assert.equal(detectFormat(enc(cachegrind)), 'cachegrind');
  assert.equal(detectFormat(enc('events: Ir\nfl=a.c\nfn=main\n3 5\n'), 'cachegrind.out.123'), 'cachegrind', 'by its file name');
  assert.equal(detectFormat(enc('events: Ir\nfl=a.c\nfn=main\n3 5\n')), 'callgrind', 'nothing says cachegrind: as before');
  assert.equal(detectFormat(enc('desc: x\nversion: 1\ncreator: callgrind-3.19.0\nevents: Ir\nfl=a.c\nfn=main\n3 5\n')), 'callgrind');
  const p = await importProfileBytes('cachegrind.out.1', enc(cachegrind));
  assert.deepEqual([totalWeight(p, 0), totalWeight(p, 1)], [12, 1]);
});

const functions = fc.array(fc.tuple(frameName, fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.nat({ max: 1e9 })), { minLength: 1, maxLength: 5 })), {
  minLength: 1,
  maxLength: 8,
});

test('property: random cachegrind files read back with the same totals; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(functions, damage, async (fns, [cut, flips]) => {
      const body = fns.map(([name, lines], i) => `fl=src/f${i % 3}.c\nfn=${name}\n${lines.map(([l, ir]) => `${l} ${ir}`).join('\n')}`).join('\n');
      const total = fns.reduce((a, [, lines]) => a + lines.reduce((b, [, ir]) => b + ir, 0), 0);
      const text = `desc: I1 cache: 32768 B\ncmd: ./a\nevents: Ir\n${body}\nsummary: ${total}\n`;
      const p = await profileOrNull('cachegrind.out.9', enc(text), 'cachegrind');
      assert.ok(p && totalWeight(p) === total, `${p && totalWeight(p)} vs ${total}`);
      const q = await profileOrNull('cachegrind.out.9', enc(text.slice(0, Math.floor(text.length * cut))), 'cachegrind');
      if (q) assert.ok(totalWeight(q) <= total);
      await profileOrNull('cachegrind.out.9', flipped(enc(text), flips), 'cachegrind');
    }),
    { numRuns: 150 },
  );
});
