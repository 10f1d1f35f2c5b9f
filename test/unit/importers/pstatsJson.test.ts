// pstats_to_json.py's JSON: what the raw pstats converter writes, also readable on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { enc, fn, importOrFormatError, stacks } from './helpers';

// main (0) calls work (1) twice and len (2, a built-in) once; work calls len too.
const doc = {
  format: 'hotline-pstats',
  version: 1,
  functions: [
    { file: '/app/main.py', line: 1, name: 'main', cc: 1, nc: 1, tt: 0.001, ct: 0.01, callers: [] },
    { file: '/app/main.py', line: 5, name: 'work', cc: 2, nc: 2, tt: 0.006, ct: 0.008, callers: [[0, 2, 2, 0.006, 0.008]] },
    {
      file: '~',
      line: 0,
      name: '<built-in method builtins.len>',
      cc: 4,
      nc: 4,
      tt: 0.004,
      ct: 0.004,
      callers: [
        [0, 1, 1, 0.001, 0.001],
        [1, 3, 3, 0.003, 0.003],
      ],
    },
  ],
};

test('pstats JSON: detected by its format tag, self times exact, built-ins are runtime frames', async () => {
  const bytes = enc(JSON.stringify(doc));
  assert.equal(detectFormat(bytes, 'out.json'), 'pstats-json');
  const p = await importProfileBytes('out.json', bytes);
  assert.equal(p.metadata.format, 'pstats');
  assert.equal(p.metadata.stacksAreSynthetic, true);
  assert.ok(Math.abs(totalWeight(p) - 0.011e9) < 1);
  assert.ok(Math.abs(fn(p, 'work').self - 0.006e9) < 1);
  // len's time is split over its callers by the time spent from each (1 : 3); weights in ms.
  assert.deepEqual(
    stacks(p).map((s) => s.replace(/ [\d.]+$/, (w) => ` ${Math.round(Number(w) / 1e6)}`)),
    ['main 1', 'main;<built-in method builtins.len> 1', 'main;work 6', 'main;work;<built-in method builtins.len> 3'],
  );
  assert.equal(p.frames.find((f) => f.name.startsWith('<built-in'))!.kind, 'runtime');
});

test('pstats JSON: a caller index outside the table is refused with where', async () => {
  const bad = { ...doc, functions: [{ ...doc.functions[0]!, callers: [[7, 1, 1, 0.1, 0.1]] }] };
  const r = await importOrFormatError('bad.json', enc(JSON.stringify(bad)));
  assert.ok(r instanceof ProfileFormatError);
  assert.match(r.message, /caller index out of range/);
  assert.match(r.message, /functions\[0\]\.callers/);
});
