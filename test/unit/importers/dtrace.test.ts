// DTrace stack aggregations from inferno's test corpus (DTrace does not run here; see
// test/fixtures/interop/dtrace/PROVENANCE), with inferno-collapse-dtrace's expected output (the
// port of FlameGraph's stackcollapse.pl) as the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat } from '../../../src/core/importers/index';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { checkFixture, enc, fx, importOrFormatError, stacks } from './helpers';
import { damage, flipped, profileOrNull, stacks as randomStacks } from './propertyHelpers';

const DIR = 'interop/dtrace';
/** inferno's folded lines: [frames root first, count]. */
const collapsed = (name: string) =>
  readFileSync(fx(`${DIR}/${name}.inferno-collapsed.txt`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const at = l.lastIndexOf(' ');
      return { frames: l.slice(0, at).split(';'), count: Number(l.slice(at + 1)) };
    });
/**
 * The names stackcollapse writes are shortened (argument lists, Rust hashes and generics dropped, legacy Rust
 * mangling decoded); Hotline keeps DTrace's text. Ours, decoded the same way, must start with inferno's.
 */
const decoded = (name: string) => {
  const tick = name.indexOf('`');
  const fn = name
    .slice(tick + 1)
    .replace(/^_(?=\$)/, '')
    .replace(/\$LT\$/g, '<')
    .replace(/\$GT\$/g, '>')
    .replace(/\$u7b\$/g, '{')
    .replace(/\$u7d\$/g, '}')
    .replace(/\$u20\$/g, ' ')
    .replace(/\.\./g, '::');
  return name.slice(0, tick + 1) + fn;
};

for (const name of ['hex-addresses', 'stack-ustack']) {
  test(`DTrace ${name}: every stack and count equals stackcollapse's (inferno) folding of it`, async () => {
    const p = await checkFixture(`${DIR}/${name}.dtrace.txt`, { format: 'dtrace' });
    const want = collapsed(name);
    assert.equal(
      totalWeight(p),
      want.reduce((a, w) => a + w.count, 0),
    );
    const ours = stacks(p).map((s) => {
      const at = s.lastIndexOf(' ');
      return { frames: s.slice(0, at).split(';'), count: Number(s.slice(at + 1)) };
    });
    assert.equal(ours.length, want.length);
    for (const w of want) {
      const match = ours.find(
        (o) => o.count === w.count && o.frames.length === w.frames.length && o.frames.every((f, i) => decoded(f).startsWith(w.frames[i]!)),
      );
      assert.ok(match, `stack ${w.frames.join(';')} ${w.count}`);
    }
    assert.ok(
      p.frames.every((f) => !/\+0x[0-9a-f]+$/.test(f.name)),
      'offsets dropped',
    );
  });
}

test('DTrace: kernel then user stack in one record are one stack, user frames at the root; headerless output is detected', async () => {
  const p = await checkFixture(`${DIR}/stack-ustack.dtrace.txt`, { format: 'dtrace' });
  const write = stacks(p).find((s) => s.includes('zfs`arc_memory_throttle'))!;
  assert.match(write, /^libc\.so\.1`_lwp_start;.*;libc\.so\.1`__pwrite;unix`sys_syscall;.*;zfs`arc_memory_throttle 1$/);
  const text = readFileSync(fx(`${DIR}/hex-addresses.dtrace.txt`), 'utf8');
  assert.equal(detectFormat(enc(text.split('\n').slice(2).join('\n'))), 'dtrace', 'dtrace -q prints no header');
  assert.equal(detectFormat(enc('main;work 3\n')), 'folded');
  const cut = await importOrFormatError('c.txt', enc('CPU     ID                    FUNCTION:NAME\n\n              a.out`main+0x1\n'));
  assert.ok(cut instanceof ProfileFormatError && /a stack without its count/.test(cut.message), String(cut));
});

/** An aggregation of the stacks as dtrace prints it: leaf first, 14-space indent, the count on its own line. */
const aggregationOf = (st: [string[], number][]) =>
  `CPU     ID                    FUNCTION:NAME\n  0  64091                        :tick-60s\n\n${st
    .map(
      ([names, n]) =>
        `${[...names]
          .reverse()
          .map((f, i) => `              app\`${f}+0x${(i + 1).toString(16)}\n`)
          .join('')}                ${n}\n`,
    )
    .join('\n')}`;

test('property: random aggregations read back with the same counts; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(randomStacks, damage, async (st, [cut, flips]) => {
      const text = aggregationOf(st);
      const total = st.reduce((a, [, n]) => a + n, 0);
      const p = await profileOrNull('r.txt', enc(text));
      assert.ok(p && p.metadata.format === 'dtrace');
      assert.equal(totalWeight(p), total);
      const q = await profileOrNull('r.txt', enc(text.slice(0, Math.floor(text.length * cut))), 'dtrace');
      if (q) assert.ok(totalWeight(q) <= total);
      await profileOrNull('r.txt', flipped(enc(text), flips), 'dtrace');
    }),
    { numRuns: 200 },
  );
});
