// Format details the recorded fixtures do not all exercise: hand-written inputs with known answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfileBytes } from '../../../src/core/importers/index';
import { Profile, totalWeight } from '../../../src/core/model/profile';
import { callersOf, fileLineStats, topFunctions } from '../../../src/core/model/views';

const enc = (s: string) => new TextEncoder().encode(s);
const stacks = (p: Profile) => {
  const out: string[] = [];
  const n = p.weightTypes.length;
  for (let j = 0; j < p.sampleStack.length; j++) {
    const names: string[] = [];
    for (let s = p.sampleStack[j]!; s >= 0; s = p.stackParent[s]!) names.unshift(p.frames[p.stackFrame[s]!]!.name);
    out.push(`${names.join(';')} ${p.sampleWeights[j * n]}`);
  }
  return out.sort();
};

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
  assert.deepEqual(stacks(p), [
    '[libc.so.6];compute 1',
    '[libc.so.6];compute;asm_sysvec_apic_timer_interrupt 1',
    'operator new(unsigned long) 1',
  ]);
  assert.deepEqual(fileLineStats(p).get('app.c')!.map((l) => [l.line, l.self, l.total]), [
    [42, 0, 1],
    [43, 1, 1],
  ]);
  assert.equal(p.frames.find((f) => f.name === 'asm_sysvec_apic_timer_interrupt')!.kind, 'native');
  assert.equal(p.frames.find((f) => f.name === '[libc.so.6]')!.kind, 'native');
  assert.equal(p.frames.find((f) => f.name === 'compute')!.kind, 'user');
  assert.match(p.metadata.notes!.join(' '), /Web Content \(2\), other \(1\)/);
});

test('perf script without -g is refused with the fix', async () => {
  await assert.rejects(importProfileBytes('nog.txt', enc('app 1 1.0: cpu-clock: \n\napp 1 1.1: cpu-clock: \n\n'), { format: 'perf-script' }), /no call stacks; record with `perf record -g`/);
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
    "fn=(3)",
    '20 90',
  ].join('\n');
  const p = await importProfileBytes('callgrind.out.1', enc(text));
  assert.equal(p.metadata.format, 'callgrind');
  assert.deepEqual(p.weightTypes.map((w) => w.name), ['Ir', 'Dr']);
  assert.equal(totalWeight(p, 0), 5 + 7 + 100 + 300 + 400 + 90);
  assert.equal(totalWeight(p, 1), 1);
  // work's own lines (main.c) and the lines inlined into it from inline.h are two rows.
  const work = topFunctions(p).filter((f) => f.name === 'work');
  assert.deepEqual(work.map((f) => [f.file, f.self]), [['/src/main.c', 100 + 400 + 90], ['/src/inline.h', 300]], "work'2 merged into work");
  const lines = fileLineStats(p);
  assert.deepEqual(lines.get('/src/inline.h')!.map((l) => [l.line, l.self]), [[5, 300]]);
  assert.deepEqual(lines.get('/src/main.c')!.find((l) => l.line === 4), { file: '/src/main.c', line: 4, self: 400, total: 400 }, '"-1" is relative to the previous position (5), back in main.c after fe=');
  // main's call site (line 12, from "+2" then "*") carries work's cost: main → work.
  assert.equal(lines.get('/src/main.c')!.find((l) => l.line === 12)!.total, 100 + 300 + 400 + 90 + 7);
  assert.equal(callersOf(p, 'work')[0]!.name, 'main');
  assert.equal(p.metadata.stacksAreSynthetic, true);
});

test('callgrind: compressed name used before definition is an error with its line', async () => {
  await assert.rejects(importProfileBytes('bad.callgrind', enc('# callgrind format\nevents: Ir\nfn=(9)\n1 2\n')), /callgrind.*line 3.*\(9\) used before/);
});

test('folded: py-spy frames with parentheses in names, inferno annotations, comments', async () => {
  const p = await importProfileBytes(
    'x.folded',
    enc('# comment\n<module> (/app/main.py:3);Foo.bar (baz) (/app/foo.py:10);encode (json/encoder.py:200) 4\nmain;do_sys_open_[k];memcpy_[j] 2\n'),
  );
  const f = p.frames.find((x) => x.name === 'Foo.bar (baz)')!;
  assert.deepEqual([f.file, f.line], ['/app/foo.py', 10]);
  assert.equal(p.frames.find((x) => x.name === 'do_sys_open')!.kind, 'native');
  assert.ok(p.frames.some((x) => x.name === 'memcpy'));
  assert.equal(totalWeight(p), 6);
});

test('speedscope evented: time between events goes to the open stack', async () => {
  const doc = {
    $schema: 'https://www.speedscope.app/file-format-schema.json',
    shared: { frames: [{ name: 'main', file: '/a.js', line: 1 }, { name: 'work', file: '/a.js', line: 5 }] },
    profiles: [{ type: 'evented', name: 't', unit: 'milliseconds', startValue: 0, endValue: 10, events: [
      { type: 'O', at: 0, frame: 0 }, { type: 'O', at: 2, frame: 1 }, { type: 'C', at: 7, frame: 1 }, { type: 'C', at: 10, frame: 0 },
    ] }],
  };
  const p = await importProfileBytes('e.speedscope.json', enc(JSON.stringify(doc)));
  assert.deepEqual(stacks(p), ['main 5000000', 'main;work 5000000']);
  assert.equal(p.timeline!.stacks.length, 3);
  const bad = { ...doc, profiles: [{ ...doc.profiles[0], events: [{ type: 'O', at: 0, frame: 0 }, { type: 'C', at: 1, frame: 1 }] }] };
  await assert.rejects(importProfileBytes('b.speedscope.json', enc(JSON.stringify(bad))), /speedscope.*profiles\[0\]\.events\[1\].*does not match/);
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
  assert.equal(totalWeight(p, 1), [...want.values()].reduce((a, b) => a + b, 0));
});
