// Folded stacks as editors and other tools save them: CRLF, blanks around the line, a BOM, UTF-16.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { damage, enc, flipped, profileOrNull, stacks } from './propertyHelpers';

const utf16le = (s: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => {
  const le = Buffer.from(s, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return Uint8Array.from([0xfe, 0xff, ...le]);
};
const bom8 = (s: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...enc(s)]);

test('folded: CRLF, indentation, trailing blanks and tab separators are not data', async () => {
  const variants = ['main;work 3\r\nmain 2\r\n', '  main;work 3\n\tmain 2  \n', 'main;work\t3\nmain 2 \r\n', 'main;work 3  \r\n\r\nmain   2'];
  for (const text of variants) {
    const bytes = enc(text);
    assert.equal(detectFormat(bytes), 'folded', JSON.stringify(text));
    const p = await importProfileBytes('x.folded', bytes);
    assert.equal(totalWeight(p), 5, JSON.stringify(text));
    assert.deepEqual(
      topFunctions(p).map((f) => `${f.name}=${f.self}/${f.total}`),
      ['work=3/3', 'main=2/5'],
      JSON.stringify(text),
    );
  }
  // py-spy's empty stack " 8" still counts.
  assert.equal(totalWeight(await importProfileBytes('e.folded', enc('main;a 2\n 8\n'))), 10);
});

test('text with a UTF-8 BOM or in UTF-16 (LE/BE, with BOM) reads as its UTF-8 twin, for every text format', async () => {
  const texts: Record<string, string> = {
    folded: 'main;wörk 3\r\nmain 2\r\n',
    'perf-script': 'app 1/1 [000] 1.000001:    7 page-faults: \n\t 4005d6 wörk (/bin/app)\n\t 4005f0 main (/bin/app)\n\n',
    callgrind: 'events: Ir\nfl=a.c\nfn=wörk\n3 5\n',
    speedscope: JSON.stringify({
      $schema: 'https://www.speedscope.app/file-format-schema.json',
      shared: { frames: [{ name: 'wörk' }] },
      profiles: [{ type: 'sampled', name: 'p', unit: 'none', startValue: 0, endValue: 5, samples: [[0]], weights: [5] }],
    }),
  };
  for (const [format, text] of Object.entries(texts)) {
    const plain = await importProfileBytes(`plain.${format}`, enc(text));
    for (const [label, bytes] of Object.entries({ bom8: bom8(text), utf16le: utf16le(text), utf16be: utf16be(text) })) {
      assert.equal(detectFormat(bytes), format, `${format} ${label}`);
      const p = await importProfileBytes(`${label}.${format}`, bytes);
      assert.deepEqual(p.weightTypes, plain.weightTypes, `${format} ${label}`);
      assert.equal(totalWeight(p), totalWeight(plain), `${format} ${label}`);
      assert.ok(
        p.frames.some((f) => f.name === 'wörk'),
        `${format} ${label}: names decoded`,
      );
    }
  }
  // Streamed through chunks: a UTF-16 file of several MB, chunk edges inside code units.
  const big = Array.from({ length: 60_000 }, (_, i) => `main;wörk${i % 97} ${1 + (i % 5)}`).join('\r\n');
  const want = Array.from({ length: 60_000 }, (_, i) => 1 + (i % 5)).reduce((a, b) => a + b, 0);
  assert.equal(totalWeight(await importProfileBytes('big.folded', utf16le(big))), want);
});

test('property: folded written and read back keeps the totals; cuts and flips give an error or a bounded partial', async () => {
  await fc.assert(
    fc.asyncProperty(stacks, fc.constantFrom('\n', '\r\n'), damage, async (st, eol, [cut, flips]) => {
      const lines = st.map(([frames, n]) => `${frames.join(';')} ${n}`);
      const text = lines.join(eol) + eol;
      const total = st.reduce((a, [, n]) => a + n, 0);
      const p = await profileOrNull('r.folded', enc(text), 'folded');
      assert.ok(p && totalWeight(p) === total);
      // A cut keeps every whole line; the cut line may only count less than it said.
      const cutText = text.slice(0, Math.floor(text.length * cut));
      const whole = cutText
        .split(eol)
        .slice(0, -1)
        .filter((l) => l.trim() !== '');
      const wholeTotal = whole.reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
      const q = await profileOrNull('r.folded', enc(cutText), 'folded');
      if (q) assert.ok(totalWeight(q) >= wholeTotal && totalWeight(q) <= total, `${totalWeight(q)} in [${wholeTotal}, ${total}]`);
      await profileOrNull('r.folded', flipped(enc(text), flips), 'folded');
    }),
    { numRuns: 120 },
  );
});
