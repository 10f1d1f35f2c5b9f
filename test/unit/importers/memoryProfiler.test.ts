// memory_profiler's line-by-line report: the recorded report's own figures, and random reports read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { fileLineStats } from '../../../src/core/model/views';
import { checkFixture, enc, fx, importOrFormatError } from './helpers';
import { damage, flipped, profileOrNull, totalOf } from './propertyHelpers';

const MIB = 1024 * 1024;
const REPORT = 'interop/memory_profiler/grow.memory_profiler.txt';

/** The report's rows with figures, as memory_profiler printed them: [line, usage MiB, increment MiB, occurrences]. */
const printedRows = () =>
  [...readFileSync(fx(REPORT), 'utf8').matchAll(/^\s*(\d+)\s+([\d.]+) MiB\s+(-?[\d.]+) MiB\s+(\d+)/gm)].map(
    (m) => [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] as const,
  );

test('memory_profiler report: each line weighs the increment memory_profiler printed; entry rows are not increments', async () => {
  const p = await checkFixture(REPORT, { format: 'memory-profiler' });
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['mem_increment', 'mem_released', 'occurrences'],
  );
  const rows = printedRows();
  // Entry rows: the decorator line of each function (5 and 11 in grow.py).
  const entries = new Set([5, 11]);
  const perLine = (w: number) =>
    new Map(
      fileLineStats(p, { weight: w })
        .get('grow.py')!
        .map((l) => [l.line, l.self]),
    );
  const [grown, released, occurrences] = [0, 1, 2].map(perLine) as Map<number, number>[];
  for (const [line, , increment, occ] of rows) {
    if (entries.has(line)) {
      assert.equal(grown!.get(line), undefined, `line ${line} is an entry row`);
      continue;
    }
    assert.ok(Math.abs((grown!.get(line) ?? 0) - Math.max(increment, 0) * MIB) < 1, `line ${line} increment`);
    assert.ok(Math.abs((released!.get(line) ?? 0) - Math.max(-increment, 0) * MIB) < 1, `line ${line} release`);
    assert.equal(occurrences!.get(line), occ);
  }
  const scratch = p.frames.find((f) => f.line === 14)!;
  assert.deepEqual([scratch.name, scratch.file, scratch.functionLine], ['main', 'grow.py', 12]);
  const peak = Math.max(...rows.map((r) => r[1]));
  assert.ok(
    p.metadata.notes!.some((n) => n.includes(`highest "Mem usage" ${peak.toFixed(3)} MiB at grow.py:14`)),
    String(p.metadata.notes),
  );
});

test('memory_profiler report: the older table without Occurrences, and what is refused', async () => {
  const old =
    'Filename: a.py\n\nLine #    Mem usage    Increment   Line Contents\n================================================\n     3     38.8 MiB     38.8 MiB   @profile\n     4                             def f():\n     5     46.4 MiB      7.6 MiB       a = [1] * (10 ** 6)\n     6     38.8 MiB     -7.6 MiB       del a\n';
  assert.equal(detectFormat(enc(old)), 'memory-profiler');
  const p = await importProfileBytes('old.txt', enc(old));
  assert.deepEqual([totalOf(p, 'mem_increment'), totalOf(p, 'mem_released'), totalOf(p, 'occurrences')], [7.6 * MIB, 7.6 * MIB, 2]);
  assert.deepEqual(
    p.frames.map((f) => `${f.name}:${f.line}`),
    ['f:5', 'f:6'],
  );
  const bad = await importOrFormatError('b.txt', enc(old.replace('46.4 MiB', '46.4 GiB')), 'memory-profiler');
  assert.ok(bad instanceof ProfileFormatError && bad.message.includes('line 7'), String(bad));
  const empty = await importOrFormatError(
    'e.txt',
    enc('Filename: a.py\n\nLine #    Mem usage    Increment  Occurrences   Line Contents\n====\n'),
    'memory-profiler',
  );
  assert.ok(empty instanceof ProfileFormatError, String(empty));
});

const tables = fc.array(fc.array(fc.tuple(fc.integer({ min: -5000, max: 5000 }), fc.integer({ min: 1, max: 99 })), { minLength: 1, maxLength: 6 }), {
  minLength: 1,
  maxLength: 3,
});

test('property: random reports read back with the same increments; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(tables, damage, async (fns, [cut, flips]) => {
      const text = fns
        .map((rows, k) => {
          const body = rows.map(
            ([inc, occ], i) =>
              `${String(12 + i).padStart(6)}   50.000 MiB ${(inc / 1000).toFixed(3).padStart(9)} MiB ${String(occ).padStart(11)}       x = ${i}`,
          );
          return `Filename: m${k}.py\n\nLine #    Mem usage    Increment  Occurrences   Line Contents\n=============================================================\n    10   50.000 MiB   50.000 MiB           1   @profile\n    11                                         def f${k}():\n${body.join('\n')}\n\n`;
        })
        .join('\n');
      const all = fns.flat();
      const p = await profileOrNull('r.txt', enc(text), 'memory-profiler');
      assert.ok(p);
      assert.ok(Math.abs(totalOf(p, 'mem_increment') - (all.reduce((a, [i]) => a + Math.max(i, 0), 0) * MIB) / 1000) < 1);
      assert.ok(Math.abs(totalOf(p, 'mem_released') - (all.reduce((a, [i]) => a + Math.max(-i, 0), 0) * MIB) / 1000) < 1);
      assert.equal(
        totalOf(p, 'occurrences'),
        all.reduce((a, [, o]) => a + o, 0),
      );
      const q = await profileOrNull('r.txt', enc(text.slice(0, Math.floor(text.length * cut))), 'memory-profiler');
      if (q) assert.ok(totalOf(q, 'occurrences') <= totalOf(p, 'occurrences') + 99);
      await profileOrNull('r.txt', flipped(enc(text), flips), 'memory-profiler');
    }),
    { numRuns: 150 },
  );
});
