// DHAT JSON: the recorded fixture against valgrind's own summary, frame strings of valgrind and of
// the Rust dhat crate, and random documents read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat } from '../../../src/core/importers/index';
import { parseDhatFrame } from '../../../src/core/importers/dhatImporter';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, fx, importOrFormatError, lineOf } from './helpers';
import { damage, flipped, frameName, profileOrNull, totalOf } from './propertyHelpers';

/** valgrind's closing summary: "Total:     29,846 bytes in 120 blocks" and the like. */
function dhatSummary(path: string) {
  const text = readFileSync(fx(path), 'utf8');
  const num = (s: string) => Number(s.replace(/,/g, ''));
  const pair = (label: string) => {
    const m = new RegExp(`${label}:\\s+([\\d,]+) bytes in ([\\d,]+) blocks`).exec(text)!;
    return [num(m[1]!), num(m[2]!)];
  };
  const single = (label: string) => num(new RegExp(`${label}:\\s+([\\d,]+) bytes`).exec(text)![1]!);
  return { total: pair('Total'), gmax: pair('At t-gmax'), end: pair('At t-end'), reads: single('Reads'), writes: single('Writes') };
}

test("DHAT: totals, t-gmax, t-end, reads and writes equal valgrind's own summary", async () => {
  const want = dhatSummary('interop/dhat/allocs.dhat.txt');
  const p = await checkFixture('interop/dhat/allocs.dhat.json', { format: 'dhat' });
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['total_bytes', 'total_blocks', 'gmax_bytes', 'gmax_blocks', 'end_bytes', 'end_blocks', 'read_bytes', 'write_bytes'],
  );
  assert.deepEqual([totalOf(p, 'total_bytes'), totalOf(p, 'total_blocks')], want.total);
  assert.deepEqual([totalOf(p, 'gmax_bytes'), totalOf(p, 'gmax_blocks')], want.gmax);
  assert.deepEqual([totalOf(p, 'end_bytes'), totalOf(p, 'end_blocks')], want.end);
  assert.deepEqual([totalOf(p, 'read_bytes'), totalOf(p, 'write_bytes')], [want.reads, want.writes]);
  // Allocation functions are the leaves; the program's own lines sit under them.
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, 'malloc');
  assert.equal(p.frames.find((f) => f.name === 'malloc')!.kind, 'native');
  const churn = p.frames.find((f) => f.name === 'churn')!;
  assert.deepEqual([churn.file, churn.line], ['allocs.c', lineOf('../../interop/dhat/allocs.c', 'make_buffer(64')]);
  assert.ok(!p.frames.some((f) => f.name === '[root]'));
});

test('DHAT: frame strings of valgrind and of the Rust crate; dangling frames and bad counts are errors', async () => {
  assert.deepEqual(parseDhatFrame('0x1091BB: churn (allocs.c:14)'), { name: 'churn', file: 'allocs.c', line: 14, column: null });
  assert.deepEqual(parseDhatFrame('0x10a3f: <alloc::vec::Vec<T> as core::ops::Drop>::drop (src/vec.rs:3:9)'), {
    name: '<alloc::vec::Vec<T> as core::ops::Drop>::drop',
    file: 'src/vec.rs',
    line: 3,
    column: 9,
  });
  assert.deepEqual(parseDhatFrame('0x48417B4: malloc (in /usr/libexec/valgrind/vgpreload_dhat-amd64-linux.so)'), {
    name: 'malloc',
    file: '/usr/libexec/valgrind/vgpreload_dhat-amd64-linux.so',
    kind: 'native',
  });
  assert.deepEqual(parseDhatFrame('0x1234: operator new(unsigned long)'), { name: 'operator new(unsigned long)', file: null });
  const doc = (pps: object[]) =>
    JSON.stringify({ dhatFileVersion: 2, mode: 'rust-heap', bklt: true, bkacc: false, pps, ftbl: ['[root]', '0x1: main (src/main.rs:4:5)'] });
  const pp = { tb: 10, tbk: 1, tl: 5, mb: 10, mbk: 1, gb: 10, gbk: 1, eb: 0, ebk: 0 };
  assert.equal(detectFormat(enc(doc([{ ...pp, fs: [1] }]))), 'dhat');
  const ok = await importOrFormatError('dhat-heap.json', enc(doc([{ ...pp, fs: [1] }])));
  assert.ok(!(ok instanceof ProfileFormatError));
  assert.deepEqual(
    ok.weightTypes.map((w) => w.name),
    ['total_bytes', 'total_blocks', 'gmax_bytes', 'gmax_blocks', 'end_bytes', 'end_blocks'],
    'no reads/writes without bkacc',
  );
  const dangling = await importOrFormatError('d.json', enc(doc([{ ...pp, fs: [7] }])));
  assert.ok(dangling instanceof ProfileFormatError && dangling.message.includes('pps[0].fs[0]'), String(dangling));
  const badCount = await importOrFormatError('c.json', enc(doc([{ ...pp, gb: 'x', fs: [1] }])));
  assert.ok(badCount instanceof ProfileFormatError && /"gb"/.test(badCount.message), String(badCount));
});

const points = fc.array(fc.tuple(fc.array(fc.nat({ max: 5 }), { minLength: 1, maxLength: 5 }), fc.nat({ max: 1e6 }), fc.nat({ max: 1000 })), {
  minLength: 1,
  maxLength: 10,
});

test('property: random DHAT documents read back with the same totals; cuts and flips give an error or a profile', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(frameName, { minLength: 6, maxLength: 6 }), points, damage, async (names, pps, [cut, flips]) => {
      const ftbl = ['[root]', ...names.map((n, i) => `0x${(i + 16).toString(16)}: ${n} (m.c:${i + 1})`)];
      const text = JSON.stringify({
        dhatFileVersion: 2,
        mode: 'heap',
        bklt: true,
        bkacc: true,
        pps: pps.map(([fs, tb, tbk]) => ({ tb, tbk, tl: 1, mb: tb, mbk: tbk, gb: tb, gbk: tbk, eb: 0, ebk: 0, rb: tb, wb: 0, fs: fs.map((f) => f + 1) })),
        ftbl,
      });
      const p = await profileOrNull('r.json', enc(text), 'dhat');
      assert.ok(p);
      assert.equal(
        totalOf(p, 'total_bytes'),
        pps.reduce((a, [, tb]) => a + tb, 0),
      );
      assert.equal(
        totalOf(p, 'total_blocks'),
        pps.reduce((a, [, , tbk]) => a + tbk, 0),
      );
      assert.equal(totalOf(p, 'gmax_bytes'), totalOf(p, 'read_bytes'));
      await profileOrNull('r.json', enc(text.slice(0, Math.floor(text.length * cut))), 'dhat');
      await profileOrNull('r.json', flipped(enc(text), flips), 'dhat');
    }),
    { numRuns: 150 },
  );
});
