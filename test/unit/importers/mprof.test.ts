// mprof .dat files: readings per running @profile function, and the peaks `mprof peak` prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { checkFixture, enc, fx, importOrFormatError, stacks } from './helpers';
import { damage, flipped, profileOrNull } from './propertyHelpers';

const DAT = 'interop/memory_profiler/grow.mprof.dat';

test('mprof .dat: one sample per MEM reading on the @profile functions running then; peaks equal `mprof peak`', async () => {
  const p = await checkFixture(DAT, { format: 'mprof' });
  const readings = readFileSync(fx(DAT), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('MEM ')).length;
  assert.equal(totalWeight(p), readings);
  assert.equal(p.timeline!.stacks.length, readings, 'readings stay in time order on the timeline');
  for (let i = 1; i < p.timeline!.timesNs.length; i++) assert.ok(p.timeline!.timesNs[i]! >= p.timeline!.timesNs[i - 1]!);
  assert.ok(
    stacks(p).some((s) => s.startsWith('__main__.main;__main__.make_table ')),
    'make_table nests in main by its depth',
  );
  // `mprof peak`, then `--func __main__.make_table`, then `--func __main__.main` (grow.mprof-peak.txt).
  const [all, makeTable, main] = [...readFileSync(fx('interop/memory_profiler/grow.mprof-peak.txt'), 'utf8').matchAll(/\t([\d.]+) MiB/g)].map((m) => m[1]!);
  const notes = p.metadata.notes!.join('\n');
  assert.match(notes, new RegExp(`peak ${all!.replace('.', '\\.')} MiB at `));
  assert.match(notes, new RegExp(`__main__\\.make_table peak ${makeTable!.replace('.', '\\.')} MiB`));
  assert.match(notes, new RegExp(`__main__\\.main peak ${main!.replace('.', '\\.')} MiB`));
});

test('mprof .dat: readings outside @profile functions, CHLD lines, and what is refused', async () => {
  const text =
    'CMDLINE python a.py\nMEM 10.0 100.0\nFUNC __main__.f 10.0 100.05 30.0 100.2 0\nMEM 20.5 100.1\nMEM 30.0 100.2\nCHLD 1 5.0 100.1\nMEM 12.0 100.3\n';
  assert.equal(detectFormat(enc(text)), 'mprof');
  assert.equal(detectFormat(enc('main;work 3\n')), 'folded');
  const p = await importProfileBytes('mprofile_1.dat', enc(text));
  assert.deepEqual(stacks(p), ['(outside @profile functions) 2', '__main__.f 2']);
  assert.match(p.metadata.notes!.join('\n'), /peak 30\.000 MiB at 0\.200 s/);
  assert.match(p.metadata.notes!.join('\n'), /1 child-process reading/);
  const bad = await importOrFormatError('b.dat', enc('MEM 10.0 100.0\nMEM ten 100.1\nMEM 3 100.2\n'), 'mprof');
  assert.ok(bad instanceof ProfileFormatError && bad.message.includes('line 2'), String(bad));
  const none = await importOrFormatError('n.dat', enc('CMDLINE python a.py\n'), 'mprof');
  assert.ok(none instanceof ProfileFormatError && /no MEM readings/.test(none.message), String(none));
});

const recordings = fc.array(fc.tuple(fc.integer({ min: 1, max: 4000 }), fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 30 });

test('property: random .dat files keep one sample per reading; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(recordings, damage, async (mems, [cut, flips]) => {
      const text = `CMDLINE python a.py\nFUNC __main__.f 1.0 1000.0 2.0 1005.0 0\n${mems.map(([mib, t]) => `MEM ${(mib / 10).toFixed(4)} ${(1000 + t / 1000).toFixed(4)}`).join('\n')}\n`;
      const p = await profileOrNull('r.dat', enc(text), 'mprof');
      assert.ok(p && totalWeight(p) === mems.length);
      const q = await profileOrNull('r.dat', enc(text.slice(0, Math.floor(text.length * cut))), 'mprof');
      if (q) assert.ok(totalWeight(q) <= mems.length);
      await profileOrNull('r.dat', flipped(enc(text), flips), 'mprof');
    }),
    { numRuns: 150 },
  );
});
