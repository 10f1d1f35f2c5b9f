// callgrind.out: the recorded fixture and the format's compression rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { callersOf, fileLineStats, topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, expected, fn } from './helpers';

test("callgrind: instruction total equals callgrind_annotate's PROGRAM TOTALS", async () => {
  const exp = expected('profiles/callgrind/hot.callgrind.out.expected.json').callgrind;
  const p = await checkFixture('profiles/callgrind/hot.callgrind.out', { format: 'callgrind' });
  assert.equal(p.weightTypes[0]!.name, 'Ir');
  assert.ok(Math.abs(totalWeight(p) - exp.totalIr) < 1e-3 * 1, `${totalWeight(p)} vs ${exp.totalIr}`);
  // Recursion levels fib'2, fib'3... are one function.
  const fibIr = Object.entries(exp.selfIr as Record<string, number>)
    .filter(([k]) => k.replace(/'\d+$/, '') === 'fib')
    .reduce((a, [, v]) => a + v, 0);
  assert.ok(Math.abs(fn(p, 'fib').self - fibIr) < 1e-3);
  assert.ok(Math.abs(fn(p, 'main').self - exp.selfIr.main) < 1e-3);
  assert.ok(
    p.frames.some((f) => f.name === 'do_lookup_x' && f.kind === 'native'),
    'dynamic loader code is native',
  );
});

test('callgrind: name compression, relative positions, inlined files, calls=, recursion levels', async () => {
  const text = [
    '# callgrind format',
    'version: 1',
    'creator: callgrind-3.19.0',
    'positions: line',
    'events: Ir Dr',
    'summary: 1000 10',
    '',
    'ob=(1) /bin/app',
    'fl=(1) /src/main.c',
    'fn=(1) main',
    '10 5 1',
    '+2 7',
    'cfn=(2) work',
    'calls=3 20',
    '* 900 9',
    '',
    'fl=(1)',
    'fn=(2)',
    '20 100',
    'fi=(2) /src/inline.h',
    '5 300',
    'fe=(1)',
    '-1 400',
    "cfn=(3) work'2",
    'calls=1 20',
    '19 100',
    '',
    'fn=(3)',
    '20 90',
  ].join('\n');
  const p = await importProfileBytes('callgrind.out.1', enc(text));
  assert.equal(p.metadata.format, 'callgrind');
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['Ir', 'Dr'],
  );
  assert.equal(totalWeight(p, 0), 5 + 7 + 100 + 300 + 400 + 90);
  assert.equal(totalWeight(p, 1), 1);
  // work's own lines (main.c) and the lines inlined into it from inline.h are two rows.
  const work = topFunctions(p).filter((f) => f.name === 'work');
  assert.deepEqual(
    work.map((f) => [f.file, f.self]),
    [
      ['/src/main.c', 100 + 400 + 90],
      ['/src/inline.h', 300],
    ],
    "work'2 merged into work",
  );
  const lines = fileLineStats(p);
  assert.deepEqual(
    lines.get('/src/inline.h')!.map((l) => [l.line, l.self]),
    [[5, 300]],
  );
  assert.deepEqual(
    lines.get('/src/main.c')!.find((l) => l.line === 4),
    { file: '/src/main.c', line: 4, self: 400, total: 400 },
    '"-1" is relative to the previous position (5), back in main.c after fe=',
  );
  // main's call site (line 12, from "+2" then "*") carries work's cost: main → work.
  assert.equal(lines.get('/src/main.c')!.find((l) => l.line === 12)!.total, 100 + 300 + 400 + 90 + 7);
  assert.equal(callersOf(p, 'work')[0]!.name, 'main');
  assert.equal(p.metadata.stacksAreSynthetic, true);
});

test('callgrind: compressed name used before definition is an error with its line', async () => {
  await assert.rejects(importProfileBytes('bad.callgrind', enc('# callgrind format\nevents: Ir\nfn=(9)\n1 2\n')), /callgrind.*line 3.*\(9\) used before/);
});
