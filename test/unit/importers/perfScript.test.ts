// perf script text: recorded fixtures and hand-written samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfileBytes } from '../../../src/core/importers/index';
import { totalWeight } from '../../../src/core/model/profile';
import { fileLineStats } from '../../../src/core/model/views';
import { checkFixture, depth, enc, expected, fn, lineOf, stacks } from './helpers';

for (const name of ['hot.perf-script.txt', 'hot.perf-script-srcline.txt']) {
  test(`perf script (${name}): sample count equals perf report's`, async () => {
    const exp = expected(`profiles/perf/${name}.expected.json`);
    const p = await checkFixture(`profiles/perf/${name}`, { format: 'perf-script' });
    // With a period field the period is weight 0 (as perf report weighs) and the sample count follows.
    const samplesWeight = p.weightTypes.findIndex((w) => w.name === 'samples');
    assert.equal(totalWeight(p, samplesWeight), exp.samples);
    // fib recurses: many fib frames per stack, counted once per sample.
    const fib = fn(p, 'fib', samplesWeight);
    assert.ok(fib.self > 0 && fib.total <= exp.samples);
    const deepest = Math.max(...[...p.sampleStack].map((s) => depth(p, s)));
    assert.ok(deepest > 10, 'recursive fib stacks are deep');
    assert.ok(fn(p, 'sum_squares', samplesWeight).self > 0.1 * exp.samples && fn(p, 'checksum', samplesWeight).self > 0.1 * exp.samples);
    assert.equal(p.frames.find((f) => f.name === 'sum_squares')!.kind, 'user');
    assert.ok(p.frames.some((f) => f.name === '__libc_start_call_main' && f.kind === 'native'));
    if (!name.includes('srcline')) {
      // The period sum is perf report's "Event count" (ns of cpu-clock).
      assert.deepEqual(p.weightTypes[0], { name: 'cpu', unit: 'nanoseconds' });
      assert.equal(totalWeight(p, 0), exp.eventCount);
    } else assert.deepEqual(p.weightTypes, [{ name: 'samples', unit: 'samples' }], 'no period field recorded: samples only, not claimed as time');
    if (name.includes('srcline')) {
      const lines = fileLineStats(p).get('hot.c')!;
      // Every sum_squares sample lands on a line of its body (the optimiser may credit the for
      // line rather than the += line, so the range is checked, not one line).
      const from = lineOf('c/hot.c', 'static double sum_squares');
      const to = lineOf('c/hot.c', 'return s;');
      const inBody = lines.filter((l) => l.line > from && l.line <= to).reduce((a, l) => a + l.self, 0);
      assert.equal(inBody, fn(p, 'sum_squares').self);
    } else {
      assert.ok(
        p.frames.every((f) => f.line === null),
        'no srcline, no lines',
      );
    }
  });
}

test('perf script: comm with spaces, [unknown] named after its dso, kernel frames, srcline, no final blank line', async () => {
  const text = [
    'Web Content 123/124 [001] 10.000001:    1001001 cpu-clock:pppH: ',
    '\tffffffff81000e06 asm_sysvec_apic_timer_interrupt+0x16 ([kernel.kallsyms])',
    '\t            1178 compute+0xf (/opt/app/bin/app)',
    '  app.c:42',
    '\t           2724a [unknown] (/usr/lib/x86_64-linux-gnu/libc.so.6)',
    '',
    'Web Content 123/124 [001] 10.000002:    1001001 cpu-clock:pppH: ',
    '\t            1190 compute+0x21 (/opt/app/bin/app)',
    '  app.c:43',
    '\t           2724a [unknown] (/usr/lib/x86_64-linux-gnu/libc.so.6)',
    '',
    'other 7 10.5: cpu-clock: ',
    '\t    55 operator new(unsigned long)+0x1 (/usr/lib/libstdc++.so.6.0.30)',
  ].join('\n');
  const p = await importProfileBytes('x.perf.txt', enc(text));
  assert.equal(p.metadata.format, 'perf-script');
  assert.deepEqual(stacks(p), ['[libc.so.6];compute 1', '[libc.so.6];compute;asm_sysvec_apic_timer_interrupt 1', 'operator new(unsigned long) 1']);
  assert.deepEqual(
    fileLineStats(p)
      .get('app.c')!
      .map((l) => [l.line, l.self, l.total]),
    [
      [42, 0, 1],
      [43, 1, 1],
    ],
  );
  assert.equal(p.frames.find((f) => f.name === 'asm_sysvec_apic_timer_interrupt')!.kind, 'native');
  assert.equal(p.frames.find((f) => f.name === '[libc.so.6]')!.kind, 'native');
  assert.equal(p.frames.find((f) => f.name === 'compute')!.kind, 'user');
  assert.match(p.metadata.notes!.join(' '), /Web Content \(2\), other \(1\)/);
});

test('perf script without -g is refused with the fix', async () => {
  await assert.rejects(
    importProfileBytes('nog.txt', enc('app 1 1.0: cpu-clock: \n\napp 1 1.1: cpu-clock: \n\n'), { format: 'perf-script' }),
    /no call stacks; record with `perf record -g`/,
  );
});

test('perf script sample cache: same-length stacks that differ in one byte stay apart, across chunk boundaries', async () => {
  // 3 MB so samples straddle the 1 MB chunks; stacks "a" and "b" differ only in the leaf's last letter.
  const block = (leaf: string) => `\t    1000 leaf_${leaf}+0x1 (/bin/app)\n\t    2000 main+0x2 (/bin/app)\n`;
  let text = '';
  const want = new Map<string, number>();
  for (let i = 0; text.length < 3 * 1024 * 1024; i++) {
    const leaf = i % 7 === 0 ? 'b' : i % 3 === 0 ? 'c' : 'a';
    text += `app 1/1 [000] ${i}.000001:    1000 cpu-clock: \n${block(leaf)}\n`;
    want.set(`main;leaf_${leaf}`, (want.get(`main;leaf_${leaf}`) ?? 0) + 1);
  }
  const p = await importProfileBytes('big.perf.txt', enc(text));
  // Weight 0 is the period (1000 per sample), weight 1 the sample count.
  assert.deepEqual(stacks(p), [...want].map(([k, v]) => `${k} ${1000 * v}`).sort());
  assert.equal(
    totalWeight(p, 1),
    [...want.values()].reduce((a, b) => a + b, 0),
  );
});
