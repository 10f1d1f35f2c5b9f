// Legacy pprof profiles (gperftools CPU and heap, Go's legacy text contention profile), read through
// `go tool pprof -proto` (the converter), with `go tool pprof -top` of the same files as the oracle
// (test/fixtures/interop/record-gperftools.sh). Needs Go on PATH (/usr/local/go/bin, https://go.dev/dl).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat, importProfileBytes } from '../../../src/core/importers/index';
import { isLegacyCpuHeader } from '../../../src/core/importers/legacyPprofImporter';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { legacyPprofConverterHook } from '../../../src/profilers/legacyPprofConverter';
import { checkFixture, enc, fx, importOrFormatError } from './helpers';
import { damage, flipped } from './propertyHelpers';

const DIR = 'interop/gperftools';
const convertLegacyPprof = legacyPprofConverterHook();
const UNITS: Record<string, number> = { '': 1, ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };
const amount = (v: string) => {
  const m = /^([\d.]+)([a-zµA-Z]*)$/.exec(v)!;
  return Number(m[1]) * UNITS[m[2]!]!;
};
/** `go tool pprof -top`: "Showing nodes accounting for 512ms, 100% of 512ms total", then rows "flat flat% sum% cum cum% name", highest flat first. */
function pprofTop(path: string) {
  const text = readFileSync(fx(path), 'utf8');
  const total = amount(/of ([\d.]+[a-zµA-Z]*) total/.exec(text)![1]!);
  const rows = text
    .split('\n')
    .map((l) => /^\s*([\d.]+[a-zµA-Z]*)\s+[\d.]+%\s+[\d.]+%\s+[\d.]+[a-zµA-Z]*\s+[\d.]+%\s+(.+)$/.exec(l))
    .filter((m) => m !== null)
    .map((m) => ({ flat: amount(m[1]!), name: m[2]! }));
  return { total, top: rows[0]! };
}
/** pprof's printed figures have three significant digits. */
const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= Math.max(Math.abs(b) * 0.005, 1), `${what}: ${a} vs pprof's ${b}`);

test("gperftools CPU profile: total and top self function equal go tool pprof's, symbolised from the binary beside it", async () => {
  const p = await checkFixture(`${DIR}/work.cpu.prof`, { format: 'pprof-legacy' }, { convertLegacyPprof });
  const oracle = pprofTop(`${DIR}/work.cpu.top.txt`);
  assert.equal(p.weightTypes[0]!.unit, 'nanoseconds');
  near(totalWeight(p, 0), oracle.total, 'total');
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, oracle.top.name);
  near(top.self, oracle.top.flat, `${top.name} self`);
  assert.equal(top.name, 'spin');
  assert.match(top.file!, /work\.c$/);
});

test("gperftools heap profile: in-use bytes equal the file's own header and go tool pprof's top", async () => {
  const path = `${DIR}/work.heap`;
  const p = await checkFixture(path, { format: 'pprof-legacy' }, { convertLegacyPprof });
  const header = /^heap profile: *(\d+): *(\d+)/.exec(readFileSync(fx(path), 'utf8'))!;
  const oracle = pprofTop(`${DIR}/work.heap.top.txt`);
  assert.equal(p.weightTypes[0]!.unit, 'bytes');
  assert.equal(totalWeight(p, 0), Number(header[2]));
  near(totalWeight(p, 0), oracle.total, 'total');
  const top = topFunctions(p, { limit: 1 })[0]!;
  assert.equal(top.name, oracle.top.name);
  near(top.self, oracle.top.flat, `${top.name} self`);
});

test('legacy contention profile (Go, debug=1): total delay equals the cycles in the file and pprof total', async () => {
  const path = `${DIR}/mutex.contention.txt`;
  const p = await checkFixture(path, { format: 'pprof-legacy' }, { convertLegacyPprof });
  const text = readFileSync(fx(path), 'utf8');
  const cps = Number(/^cycles\/second=(\d+)$/m.exec(text)![1]);
  const rows = [...text.matchAll(/^(\d+) (\d+) @/gm)];
  const delayNs = (rows.reduce((a, m) => a + Number(m[1]), 0) / cps) * 1e9;
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['delay', 'contentions'],
  );
  near(totalWeight(p, 0), delayNs, 'delay');
  near(totalWeight(p, 0), pprofTop(`${DIR}/mutex.contention.top.txt`).total, 'pprof total');
  assert.equal(
    totalWeight(p, 1),
    rows.reduce((a, m) => a + Number(m[2]), 0),
  );
});

test('legacy pprof: detection, the converter named when missing, and a file pprof cannot read', async () => {
  const cpu = readFileSync(fx(`${DIR}/work.cpu.prof`));
  assert.ok(isLegacyCpuHeader(cpu));
  assert.equal(detectFormat(enc('heap profile:   1:  4096 [   1:  4096] @ heapprofile\n')), 'pprof-legacy');
  assert.equal(detectFormat(enc('--- contention:\ncycles/second=100\n')), 'pprof-legacy');
  assert.notEqual(detectFormat(enc('main;heap profile 3\n')), 'pprof-legacy');
  await assert.rejects(importProfileBytes('work.cpu.prof', cpu), /work\.cpu\.prof: not a valid pprof-legacy profile: .*go tool pprof -proto/);
  const bad = await importOrFormatError('x.heap', enc('heap profile: 1: 2 [ 3: 4 ] @ heapprofile\nnot a record\n'), undefined, { convertLegacyPprof });
  assert.ok(bad instanceof ProfileFormatError, String(bad));
});

/** A gperftools CPU profile of the stacks (64-bit little-endian words): header, samples, trailer, then a memory map. */
function cpuProfileOf(samples: [number, number[]][], periodUs: number): Uint8Array {
  const words: bigint[] = [0n, 3n, 0n, BigInt(periodUs), 0n];
  for (const [count, pcs] of samples) words.push(BigInt(count), BigInt(pcs.length), ...pcs.map((pc) => BigInt(0x400000 + pc)));
  words.push(0n, 1n, 0n);
  const body = new Uint8Array(words.length * 8);
  const view = new DataView(body.buffer);
  words.forEach((w, i) => view.setBigUint64(i * 8, w, true));
  const maps = enc('00400000-00500000 r-xp 00000000 00:00 0 /nonexistent/app\n');
  return new Uint8Array([...body, ...maps]);
}

test('property: random gperftools CPU profiles read back with samples × period; cuts and flips give an error or a bounded profile', async () => {
  const samples = fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 5 })), {
    minLength: 1,
    maxLength: 8,
  });
  await fc.assert(
    fc.asyncProperty(samples, fc.integer({ min: 1, max: 20_000 }), damage, async (st, periodUs, [cut, flips]) => {
      const bytes = cpuProfileOf(st, periodUs);
      const count = st.reduce((a, [n]) => a + n, 0);
      const p = await importProfileBytes('r.prof', bytes, { convertLegacyPprof });
      assert.equal(p.metadata.format, 'pprof-legacy');
      assert.equal(totalWeight(p, 0), count * periodUs * 1000);
      const q = await importOrFormatError('r.prof', bytes.subarray(0, Math.floor(bytes.length * cut)), 'pprof-legacy', { convertLegacyPprof });
      if (!(q instanceof ProfileFormatError)) assert.ok(totalWeight(q, 0) <= count * periodUs * 1000);
      await importOrFormatError('r.prof', flipped(bytes, flips), 'pprof-legacy', { convertLegacyPprof });
    }),
    { numRuns: 8 },
  );
});
