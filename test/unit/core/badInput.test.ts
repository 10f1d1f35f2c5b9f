// Bad input: every importer either returns a well-formed Profile or a ProfileFormatError that names
// the format and where it broke — never a TypeError, a stack overflow or an unbounded allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { importProfileBytes, SUPPORTED_FORMATS } from '../../../src/core/importers/index';
import { Profile, ProfileBuilder, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { exportSpeedscope } from '../../../src/core/export/speedscopeExport';
import { exportFolded } from '../../../src/core/export/foldedExport';

const fixtures = ['py-spy/hot.raw.txt', 'py-spy/hot.speedscope.json', 'node/hot.cpuprofile', 'go/hot.pprof', 'perf/hot.perf-script.txt', 'callgrind/hot.callgrind.out'].map((f) => ({
  name: f,
  bytes: readFileSync(join(__dirname, '../../fixtures/profiles', f)),
}));
const formats = SUPPORTED_FORMATS.filter((f) => f !== 'pstats');
const enc = (s: string) => new TextEncoder().encode(s);

/** The shape every importer promises. */
function assertWellFormed(p: Profile): void {
  const n = p.weightTypes.length;
  assert.ok(n >= 1);
  assert.equal(p.stackFrame.length, p.stackParent.length);
  for (let i = 0; i < p.stackFrame.length; i++) {
    assert.ok(p.stackFrame[i]! >= 0 && p.stackFrame[i]! < p.frames.length);
    assert.ok(p.stackParent[i]! >= -1 && p.stackParent[i]! < i, 'parents come before children (no cycles)');
  }
  assert.equal(p.sampleWeights.length, p.sampleStack.length * n);
  for (const v of p.sampleWeights) assert.ok(Number.isFinite(v) && v >= 0);
  for (const s of p.sampleStack) assert.ok(s >= 0 && s < p.stackFrame.length);
  for (const f of p.frames) assert.ok(f.line === null || (Number.isInteger(f.line) && f.line > 0));
}

async function importOrFormatError(name: string, bytes: Uint8Array, format?: string, extra: object = {}): Promise<Profile | ProfileFormatError> {
  try {
    const p = await importProfileBytes(name, bytes, { format, ...extra });
    assertWellFormed(p);
    return p;
  } catch (e) {
    if (e instanceof ProfileFormatError) {
      assert.ok(e.message.includes(name), `names the file: ${e.message}`);
      assert.ok(!/[\r\n]/.test(e.message), 'one line');
      return e;
    }
    throw e;
  }
}

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
    fc.asyncProperty(fc.constantFrom(...fixtures), fc.double({ min: 0, max: 1, noNaN: true }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), async (fx, cut, flips) => {
      const bytes = Uint8Array.from(fx.bytes.subarray(0, Math.floor(fx.bytes.length * cut)));
      for (const [at, v] of flips) if (bytes.length) bytes[at % bytes.length] = v;
      await importOrFormatError(fx.name, bytes);
    }),
    { numRuns: 80 },
  );
});

test('a truncated folded file keeps every complete line and says the last was cut', async () => {
  const p = (await importOrFormatError('cut.folded', enc('main;a 3\nmain;b 4\nmain;c'))) as Profile;
  assert.equal(totalWeight(p), 7);
  assert.match(p.metadata.notes!.join(' '), /cut off/);
  const bad = await importOrFormatError('bad.folded', enc('main;a 3\nthis is not folded\nmain;b 4\n'));
  assert.ok(bad instanceof ProfileFormatError);
  assert.match(bad.message, /folded.*line 2/);
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

test('gzip of a text format is detected and streamed', async () => {
  const p = (await importOrFormatError('stacks.folded.gz', gzipSync(enc('main;work 5\nmain 1\n')))) as Profile;
  assert.equal(p.metadata.format, 'folded');
  assert.equal(totalWeight(p), 6);
});

const cpuprofile = (nodes: unknown[], samples: number[] = [2], extra = {}) =>
  enc(JSON.stringify({ nodes, startTime: 0, endTime: 100, samples, timeDeltas: samples.map(() => 10), ...extra }));
const node = (id: number, name: string, children: number[] = []) => ({ id, callFrame: { functionName: name, url: 'file:///a.js', lineNumber: 0, columnNumber: 0 }, hitCount: 0, children });

test('.cpuprofile: cyclic children are refused, dangling ones are noted', async () => {
  const cyc = await importOrFormatError('cyc.cpuprofile', cpuprofile([node(1, '(root)', [2]), node(2, 'a', [3]), node(3, 'b', [2])]));
  assert.ok(cyc instanceof ProfileFormatError);
  assert.match(cyc.message, /cpuprofile.*(cycle|two parents)/);
  const loop = await importOrFormatError('self.cpuprofile', cpuprofile([node(1, 'a', [1])]));
  assert.ok(loop instanceof ProfileFormatError);
  const dangling = (await importOrFormatError('dangling.cpuprofile', cpuprofile([node(1, '(root)', [2, 99]), node(2, 'a')], [2, 77, 2]))) as Profile;
  assert.equal(totalWeight(dangling), 2);
  assert.match(dangling.metadata.notes!.join(' '), /pointed to no node/);
  assert.match(dangling.metadata.notes!.join(' '), /1 sample\(s\) named no node/);
});

test('negative, NaN and huge weights never reach the totals', async () => {
  const folded = (await importOrFormatError('w.folded', enc('a;b 5\na;c -3\na;d 1e300\n'))) as Profile;
  assert.equal(totalWeight(folded), 5);
  assert.match(folded.metadata.notes!.join(' '), /dropped/);
  assert.ok((await importOrFormatError('nan.folded', enc('a;b NaN\n'))) instanceof ProfileFormatError);
  const ss = enc(JSON.stringify({ shared: { frames: [{ name: 'a' }] }, profiles: [{ type: 'sampled', unit: 'none', samples: [[0], [0], [0], [0]], weights: [2, -1, null, 1e308 * 10] }] }));
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
    fc.asyncProperty(fc.array(fc.array(fc.oneof(fc.constantFrom(...names), fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), async (stacks) => {
      const b = new ProfileBuilder({ format: 'test' });
      for (const s of stacks) b.addSample(s.map((name) => b.frame({ name, file: '/x/<b>.py', line: 3 })), [1]);
      const p = b.build();
      const back = (await importOrFormatError('names.speedscope.json', enc(exportSpeedscope(p)))) as Profile;
      assert.ok(!(back instanceof ProfileFormatError));
      const key = (q: Profile) => topFunctions(q, { limit: 1e9 }).map((f) => `${JSON.stringify(f.name)}=${f.self}/${f.total}`).sort();
      assert.deepEqual(key(back), key(p));
    }),
    { numRuns: 30 },
  );
  // Folded cannot hold ";" or line breaks in a name: they are replaced, everything else kept.
  const b = new ProfileBuilder({ format: 'test' });
  b.addSample([b.frame({ name: names[0]! }), b.frame({ name: 'nul\u0000x\u202E;y\nz' })], [2]);
  const back = (await importOrFormatError('n.folded', enc(exportFolded(b.build())))) as Profile;
  assert.deepEqual(back.frames.map((f) => f.name), ['<script>alert(1)</script>', 'nul\u0000x\u202E:y z']);
});
