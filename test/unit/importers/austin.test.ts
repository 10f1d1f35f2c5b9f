// austin's collapsed samples: the recorded wall and memory fixtures against austin's own statistics,
// detection ahead of folded stacks, and random sample files read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { parseAustinFrame } from '../../../src/core/importers/austinImporter';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, fn, fx, importOrFormatError } from './helpers';
import { damage, flipped, frameName, profileOrNull, totalOf } from './propertyHelpers';

/** austin's closing statistics on stderr: "Error rate : 1/290 (0.34 %) invalid samples", "Sampling duration : 0.60 s". */
function austinStats(path: string) {
  const text = readFileSync(fx(path), 'utf8');
  const rate = /Error rate : (\d+)\/(\d+)/.exec(text)!;
  return { invalid: Number(rate[1]), samples: Number(rate[2]), seconds: Number(/Sampling duration : ([\d.]+) s/.exec(text)![1]) };
}
const footerDurationUs = (path: string) => Number(/^# duration: (\d+)$/m.exec(readFileSync(fx(path), 'utf8'))![1]);

test("austin wall mode: samples and invalid samples equal austin's statistics, time adds up to its duration", async () => {
  const path = 'interop/austin/hot.austin';
  const stats = austinStats(`${path}.stderr`);
  const p = await checkFixture(path, { format: 'austin' });
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['wall', 'samples'],
  );
  assert.equal(totalOf(p, 'samples'), stats.samples);
  assert.equal(
    p.metadata.notes!.some((n) => n.startsWith(`${stats.invalid} of ${stats.samples} sample(s)`)),
    true,
  );
  // Each sample weighs the time since the one before it: together they span austin's sampling duration.
  const duration = footerDurationUs(path) * 1000;
  assert.equal(p.metadata.durationNs, duration);
  assert.ok(Math.abs(totalWeight(p) - duration) / duration < 0.02, `${totalWeight(p)} vs ${duration}`);
  assert.ok(Math.abs(duration / 1e9 - stats.seconds) < 0.01);
  // json's encoder is hot.py's top self function, as pyinstrument finds on the same program; process and thread are the two roots.
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, 'JSONEncoder.iterencode');
  assert.match(top.file!, /\/json\/encoder\.py$/);
  assert.match(p.frames[p.stackFrame[0]!]!.name, /^P\d+$/);
  assert.ok(
    p.frames.some((f) => f.name === 'build_string' && f.line === 17),
    'line of the sample, not of the def',
  );
});

test("austin memory mode: allocations and releases are separate weights, samples equal austin's count", async () => {
  const path = 'interop/austin/hot-memory.austin';
  const p = await checkFixture(path, { format: 'austin' });
  assert.deepEqual(
    p.weightTypes.map((w) => [w.name, w.unit]),
    [
      ['memory_allocated', 'bytes'],
      ['memory_released', 'bytes'],
      ['samples', 'samples'],
    ],
  );
  assert.equal(totalOf(p, 'samples'), austinStats(`${path}.stderr`).samples);
  // The deltas in the file, summed by sign (austin prints no memory total of its own).
  const deltas = readFileSync(fx(path), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('P'))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
  assert.equal(
    totalOf(p, 'memory_allocated'),
    deltas.filter((d) => d > 0).reduce((a, b) => a + b, 0),
  );
  assert.equal(totalOf(p, 'memory_released'), -deltas.filter((d) => d < 0).reduce((a, b) => a + b, 0));
});

test('austin: full mode, frames read from the right, and what folded must not take', async () => {
  const text =
    '# austin: 3.7.0\n# interval: 100\n# mode: full\n\nP1;T0:1;C:\\app\\m.py:main:3;C:\\app\\m.py:work:9 250,0,-4096\nP1;T0:1;C:\\app\\m.py:main:4 100,1,8192\n\n# duration: 400\n';
  assert.equal(detectFormat(enc(text)), 'austin');
  assert.equal(detectFormat(enc('P1;T0:1;m.py:main:3 5\n')), 'austin', 'samples without the header');
  assert.equal(detectFormat(enc('main;work 3\n')), 'folded');
  const p = await importProfileBytes('f.austin', enc(text));
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['wall', 'cpu', 'memory_allocated', 'memory_released', 'samples'],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4].map((w) => totalWeight(p, w)),
    [350_000, 250_000, 8192, 4096, 2],
  );
  assert.equal(fn(p, 'work').file, 'C:\\app\\m.py');
  assert.deepEqual(parseAustinFrame('<frozen importlib._bootstrap>:_find_and_load:1176'), {
    name: '_find_and_load',
    file: '<frozen importlib._bootstrap>',
    line: 1176,
  });
  const bad = await importOrFormatError('b.austin', enc('# austin: 3.7.0\n# mode: wall\nP1;T0:1;m.py:f:1 x\nP1;T0:1;m.py:f:1 3\n'));
  assert.ok(bad instanceof ProfileFormatError && bad.message.includes('line 3'), String(bad));
  const none = await importOrFormatError('n.austin', enc('# austin: 3.7.0\n# mode: wall\n# duration: 10\n'));
  assert.ok(none instanceof ProfileFormatError && /recorded no samples/.test(none.message), String(none));
});

const samples = fc.array(
  fc.tuple(fc.array(fc.tuple(frameName, fc.integer({ min: 1, max: 999 })), { minLength: 0, maxLength: 5 }), fc.integer({ min: -9000, max: 9000 })),
  { minLength: 1, maxLength: 12 },
);

test('property: random austin files read back with the same totals; cuts and flips give an error or a bounded profile', async () => {
  await fc.assert(
    fc.asyncProperty(samples, fc.constantFrom('wall', 'memory'), damage, async (st, mode, [cut, flips]) => {
      const rows = st.map(([frames, v]) => `P7;T0:7${frames.map(([f, l]) => `;/app/${f}.py:${f}:${l}`).join('')} ${mode === 'wall' ? Math.abs(v) : v}`);
      const text = `# austin: 3.7.0\n# interval: 100\n# mode: ${mode}\n\n${rows.join('\n')}\n\n# duration: 1\n`;
      const p = await profileOrNull('r.austin', enc(text), 'austin');
      assert.ok(p);
      assert.equal(totalOf(p, 'samples'), st.length);
      if (mode === 'wall') assert.equal(totalOf(p, 'wall'), st.reduce((a, [, v]) => a + Math.abs(v), 0) * 1000);
      else {
        assert.equal(
          totalOf(p, 'memory_allocated'),
          st.reduce((a, [, v]) => a + Math.max(v, 0), 0),
        );
        assert.equal(
          totalOf(p, 'memory_released'),
          st.reduce((a, [, v]) => a - Math.min(v, 0), 0),
        );
      }
      const q = await profileOrNull('r.austin', enc(text.slice(0, Math.floor(text.length * cut))), 'austin');
      if (q) assert.ok(totalOf(q, 'samples') <= st.length);
      await profileOrNull('r.austin', flipped(enc(text), flips), 'austin');
    }),
    { numRuns: 150 },
  );
});
