// pyinstrument's JSON renderer: the recorded fixture against pyinstrument's own text rendering of
// the same session, the [self] nodes folded into their parent, and random trees read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat } from '../../../src/core/importers/index';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, fn, fx, importOrFormatError, stacks } from './helpers';
import { damage, flipped, frameName, profileOrNull } from './propertyHelpers';

const FIXTURE = 'interop/pyinstrument/hot.pyinstrument.json';
/** "0.444 JSONEncoder.iterencode  json/encoder.py:205" rows of pyinstrument's text tree, in order. */
const textRows = () =>
  readFileSync(fx('interop/pyinstrument/hot.pyinstrument.txt'), 'utf8')
    .split('\n')
    .map((l) => /^[\s│├└─]*(\d+\.\d{3}) (\S+)  (\S+)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ seconds: Number(m[1]), name: m[2]!, where: m[3]! }));

test("pyinstrument: total and top self function equal pyinstrument's own text report of the session", async () => {
  const p = await checkFixture(FIXTURE, { format: 'pyinstrument' });
  const rows = textRows();
  assert.deepEqual(p.weightTypes, [{ name: 'wall', unit: 'nanoseconds' }]);
  // The tree's root line is the total; pyinstrument prints milliseconds, the JSON microseconds.
  assert.equal(rows[0]!.name, '<module>');
  assert.ok(Math.abs(totalWeight(p) / 1e9 - rows[0]!.seconds) <= 0.0005, `${totalWeight(p)} vs ${rows[0]!.seconds}`);
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, 'JSONEncoder.iterencode');
  const leaf = rows.find((r) => r.name === 'JSONEncoder.iterencode')!;
  assert.ok(Math.abs(top.self / 1e9 - leaf.seconds) <= 0.0005, `${top.self} vs ${leaf.seconds}`);
  assert.match(top.file!, /\/json\/encoder\.py$/);
  // build_string's "[self]" row is build_string's own time; no frame is called "[self]".
  const at = rows.findIndex((r) => r.name === 'build_string');
  assert.equal(rows[at + 1]!.name, '[self]');
  assert.ok(Math.abs(fn(p, 'build_string').self / 1e9 - rows[at + 1]!.seconds) <= 0.0005);
  assert.ok(!p.frames.some((f) => f.name === '[self]'));
  // Lines are the function's first line: build_string is defined on line 14 of hot.py.
  const bs = p.frames.find((f) => f.name === 'build_string')!;
  assert.deepEqual([bs.file, bs.line, bs.functionLine, bs.kind], ['/ROOT/test/fixtures/profiles/programs/python/hot.py', 14, 14, 'user']);
  assert.equal(p.frames.find((f) => f.name === 'list.append')!.kind, 'native');
  assert.equal(p.frames.find((f) => f.name === 'JSONEncoder.iterencode')!.kind, 'library');
});

const node = (fn: string, time: number, children: object[] = [], extra: object = {}) => ({
  function: fn,
  file_path: '/app/m.py',
  line_no: 3,
  time,
  children,
  ...extra,
});
const docOf = (root: object | null) =>
  JSON.stringify({ start_time: 1, duration: 1, sample_count: 3, target_description: 'Program: m.py', cpu_time: 1, root_frame: root });

test("pyinstrument: class names prefix the function, [self]/[await] are the parent's time, errors name the node", async () => {
  const text = docOf(
    node('<module>', 0.5, [
      node('run', 0.4, [node('[self]', 0.1, [], { file_path: '' }), node('[await]', 0.05), node('sleep', 0.25, [], { class_name: 'Clock' })]),
    ]),
  );
  assert.equal(detectFormat(enc(text)), 'pyinstrument');
  const p = await importOrFormatError('p.json', enc(text));
  assert.ok(!(p instanceof ProfileFormatError));
  assert.deepEqual(stacks(p), ['<module> 100000000', '<module>;run 150000000', '<module>;run;Clock.sleep 250000000']);
  const empty = await importOrFormatError('e.json', enc(docOf(null)), 'pyinstrument');
  assert.ok(empty instanceof ProfileFormatError && /recorded no samples/.test(empty.message), String(empty));
  const bad = await importOrFormatError('b.json', enc(docOf(node('<module>', 1, [node('x', -1)]))), 'pyinstrument');
  assert.ok(bad instanceof ProfileFormatError && bad.message.includes('root_frame.children[0]'), String(bad));
});

interface Tree {
  name: string;
  self: number;
  children: Tree[];
}
const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.record({
    name: frameName,
    self: fc.integer({ min: 0, max: 5000 }),
    children: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant<Tree[]>([]), fc.array(tie('t') as fc.Arbitrary<Tree>, { maxLength: 3 })),
  }),
})).t;
const timeOf = (t: Tree): number => t.self + t.children.reduce((a, c) => a + timeOf(c), 0);
const written = (t: Tree): object => node(t.name, timeOf(t) / 1e6, t.children.map(written));

test('property: random pyinstrument trees read back with the same total; cuts and flips give an error or a profile', async () => {
  await fc.assert(
    fc.asyncProperty(tree, damage, async (t, [cut, flips]) => {
      const bytes = enc(docOf(written(t)));
      const p = await profileOrNull('r.json', bytes, 'pyinstrument');
      if (timeOf(t) === 0) assert.equal(p, null, 'a tree without time is refused');
      else assert.ok(p && totalWeight(p) === timeOf(t) * 1000, `${p && totalWeight(p)} vs ${timeOf(t) * 1000}`);
      await profileOrNull('r.json', bytes.subarray(0, Math.floor(bytes.length * cut)), 'pyinstrument');
      await profileOrNull('r.json', flipped(bytes, flips), 'pyinstrument');
    }),
    { numRuns: 150 },
  );
});
