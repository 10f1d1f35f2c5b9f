// Bad input: every importer either returns a well-formed Profile or a ProfileFormatError that names
// the format and where it broke — never a TypeError, a stack overflow or an unbounded allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { SUPPORTED_FORMATS } from '../../../src/core/importers/index';
import { Profile, ProfileBuilder, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { exportSpeedscope } from '../../../src/core/export/speedscopeExport';
import { exportFolded } from '../../../src/core/export/foldedExport';
import { enc, importOrFormatError } from './helpers';

const fixtures = [
  'py-spy/hot.raw.txt',
  'py-spy/hot.speedscope.json',
  'node/hot.cpuprofile',
  'go/hot.pprof',
  'perf/hot.perf-script.txt',
  'callgrind/hot.callgrind.out',
].map((f) => ({
  name: f,
  bytes: readFileSync(join(__dirname, '../../fixtures/profiles', f)),
}));
const formats = SUPPORTED_FORMATS.filter((f) => f !== 'pstats');

test('empty input: every format says so', async () => {
  for (const format of [undefined, ...formats]) {
    const r = await importOrFormatError('empty.prof', new Uint8Array(0), format);
    assert.ok(r instanceof ProfileFormatError, String(format));
    assert.match(r.message, /empty|no stacks|no samples|unrecognised/, r.message);
  }
});

test('random bytes, with or without a forced format', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(undefined, ...formats), async (bytes, format) => {
      await importOrFormatError('garbage.bin', bytes, format);
    }),
    { numRuns: 150 },
  );
});

test('truncated and corrupted real fixtures', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...fixtures),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      async (fx, cut, flips) => {
        const bytes = Uint8Array.from(fx.bytes.subarray(0, Math.floor(fx.bytes.length * cut)));
        for (const [at, v] of flips) if (bytes.length) bytes[at % bytes.length] = v;
        await importOrFormatError(fx.name, bytes);
      },
    ),
    { numRuns: 80 },
  );
});

test('gzip bombs stop at the decompression bound', async () => {
  const bomb = gzipSync(new Uint8Array(32 * 1024 * 1024)); // 32 MB of zeros, ~32 KB compressed
  assert.ok(bomb.length < 200_000);
  for (const format of ['pprof', 'folded', 'perf-script', 'cpuprofile']) {
    const r = await importOrFormatError('bomb.pb.gz', bomb, format, { maxDecompressedBytes: 4 * 1024 * 1024 });
    assert.ok(r instanceof ProfileFormatError, format);
    assert.match(r.message, /gzip bomb|larger than|longer than/, r.message);
  }
  // The default bounds hold too: detection decompresses only a bounded prefix.
  const r = await importOrFormatError('bomb.gz', bomb);
  assert.ok(r instanceof ProfileFormatError);
});

test('negative, NaN and huge weights never reach the totals', async () => {
  const folded = (await importOrFormatError('w.folded', enc('a;b 5\na;c -3\na;d 1e300\n'))) as Profile;
  assert.equal(totalWeight(folded), 5);
  assert.match(folded.metadata.notes!.join(' '), /dropped/);
  assert.ok((await importOrFormatError('nan.folded', enc('a;b NaN\n'))) instanceof ProfileFormatError);
  const ss = enc(
    JSON.stringify({
      shared: { frames: [{ name: 'a' }] },
      profiles: [{ type: 'sampled', unit: 'none', samples: [[0], [0], [0], [0]], weights: [2, -1, null, 1e308 * 10] }],
    }),
  );
  const p = (await importOrFormatError('w.speedscope.json', ss)) as Profile;
  assert.equal(totalWeight(p), 2);
  await fc.assert(
    fc.asyncProperty(fc.array(fc.double(), { minLength: 1, maxLength: 20 }), async (weights) => {
      const doc = { shared: { frames: [{ name: 'f' }] }, profiles: [{ type: 'sampled', unit: 'none', samples: weights.map(() => [0]), weights }] };
      const r = await importOrFormatError('p.speedscope.json', enc(JSON.stringify(doc)));
      if (!(r instanceof ProfileFormatError)) {
        const ok = weights.filter((w) => Number.isFinite(w) && w >= 0 && w <= Number.MAX_SAFE_INTEGER).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(totalWeight(r) - ok) <= 1e-9 * Math.max(1, ok));
      }
    }),
    { numRuns: 100 },
  );
});

test('hostile names (HTML, newlines, NUL, RTL) stay data through import and export', async () => {
  const names = ['<script>alert(1)</script>', 'a\u202Eb\u200F', 'nul\u0000byte', 'line\nbreak', '"quoted" & \'apos\'', '💥'];
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(fc.oneof(fc.constantFrom(...names), fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 6 }), {
        minLength: 1,
        maxLength: 6,
      }),
      async (stacks) => {
        const b = new ProfileBuilder({ format: 'test' });
        for (const s of stacks)
          b.addSample(
            s.map((name) => b.frame({ name, file: '/x/<b>.py', line: 3 })),
            [1],
          );
        const p = b.build();
        const back = (await importOrFormatError('names.speedscope.json', enc(exportSpeedscope(p)))) as Profile;
        assert.ok(!(back instanceof ProfileFormatError));
        const key = (q: Profile) =>
          topFunctions(q, { limit: 1e9 })
            .map((f) => `${JSON.stringify(f.name)}=${f.self}/${f.total}`)
            .sort();
        assert.deepEqual(key(back), key(p));
      },
    ),
    { numRuns: 30 },
  );
  // Folded cannot hold ";" or line breaks in a name: they are replaced, everything else kept.
  const b = new ProfileBuilder({ format: 'test' });
  b.addSample([b.frame({ name: names[0]! }), b.frame({ name: 'nul\u0000x\u202E;y\nz' })], [2]);
  const back = (await importOrFormatError('n.folded', enc(exportFolded(b.build())))) as Profile;
  assert.deepEqual(
    back.frames.map((f) => f.name),
    ['<script>alert(1)</script>', 'nul\u0000x\u202E:y z'],
  );
});
