// Folded stacks: py-spy raw, inferno/stackcollapse annotations, truncation, gzip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importProfileBytes } from '../../../src/core/importers/index';
import { Profile, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { fileLineStats } from '../../../src/core/model/views';
import { gzipSync } from 'node:zlib';
import { checkFixture, enc, expected, fn, importOrFormatError, lineOf } from './helpers';

test("py-spy raw: sample count equals py-spy's own count, frames keep file and line", async () => {
  const exp = expected('profiles/py-spy/hot.raw.expected.json');
  const p = await checkFixture('profiles/py-spy/hot.raw.txt', { format: 'folded' });
  assert.equal(totalWeight(p), exp.samples);
  const fib = fn(p, 'fib');
  assert.match(fib.file!, /programs\/python\/hot\.py$/);
  // fib recurses: its total counts each sample once, so it never exceeds the sample count.
  assert.ok(fib.total <= exp.samples && fib.total >= fib.self);
  const lines = fileLineStats(p).get(fib.file!)!;
  const body = lineOf('python/hot.py', 'return n if n < 2');
  assert.ok(
    lines.some((l) => l.line === body && l.self > 0),
    "fib's body line is hot",
  );
  const main = fn(p, 'main');
  assert.ok(main.total > 0.5 * exp.samples, 'main is on most stacks');
  // The standard library is library code, not the user's.
  assert.ok(p.frames.some((f) => f.file?.includes('json/') && f.kind === 'library'));
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

test('a truncated folded file keeps every complete line and says the last was cut', async () => {
  const p = (await importOrFormatError('cut.folded', enc('main;a 3\nmain;b 4\nmain;c'))) as Profile;
  assert.equal(totalWeight(p), 7);
  assert.match(p.metadata.notes!.join(' '), /cut off/);
  const bad = await importOrFormatError('bad.folded', enc('main;a 3\nthis is not folded\nmain;b 4\n'));
  assert.ok(bad instanceof ProfileFormatError);
  assert.match(bad.message, /folded.*line 2/);
});

test('gzip of a text format is detected and streamed', async () => {
  const p = (await importOrFormatError('stacks.folded.gz', gzipSync(enc('main;work 5\nmain 1\n')))) as Profile;
  assert.equal(p.metadata.format, 'folded');
  assert.equal(totalWeight(p), 6);
});
