// scalene's JSON: the recorded fixture against scalene's own terminal view of the same file, and
// random documents read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { detectFormat } from '../../../src/core/importers/index';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { fileLineStats, topFunctions } from '../../../src/core/model/views';
import { checkFixture, enc, fx, importOrFormatError } from './helpers';
import { damage, flipped, profileOrNull, totalOf } from './propertyHelpers';

const FILE = '/ROOT/test/fixtures/profiles/programs/python/hot.py';

/** `scalene view --cli`: "% of time = 100.00% (899.575ms)" (or "(1.388s)") and rows "  17 │   10% │    1% │  14% │ … │  84% …". */
function scaleneView(path: string) {
  const text = readFileSync(fx(path), 'utf8');
  const pct = (cell: string | undefined) => (cell && cell.trim() ? Number(cell.trim().replace('%', '')) : 0);
  const rows = new Map<number, { python: number; native: number; system: number; timeline: number }>();
  for (const m of text.matchAll(/^\s*(\d+) │([^│]*)│([^│]*)│([^│]*)│([^│]*)│([^│]*)│([^│]*)│([^│]*)│/gm)) {
    rows.set(Number(m[1]), { python: pct(m[2]), native: pct(m[3]), system: pct(m[4]), timeline: pct(m[8]) });
  }
  const time = /% of time = [\d.]+% \(([\d.]+)(m?s)\)/.exec(text)!;
  return { seconds: Number(time[1]) / (time[2] === 'ms' ? 1000 : 1), rows };
}

test("scalene: per-line Python, native and system time and allocation shares equal scalene's own view", async () => {
  const view = scaleneView('interop/scalene/hot.scalene.txt');
  const p = await checkFixture('interop/scalene/hot.scalene.json', { format: 'scalene' });
  assert.deepEqual(
    p.weightTypes.map((w) => w.name),
    ['cpu_python', 'cpu_native', 'cpu_system', 'alloc_space'],
  );
  const cpu = totalOf(p, 'cpu_python') + totalOf(p, 'cpu_native') + totalOf(p, 'cpu_system');
  assert.ok(Math.abs(cpu / 1e9 - view.seconds) <= 0.0005, `${cpu} vs ${view.seconds}`);
  const alloc = totalOf(p, 'alloc_space');
  const byWeight = (w: number) =>
    new Map(
      fileLineStats(p, { weight: w })
        .get(FILE)!
        .map((l) => [l.line, l.self]),
    );
  const [python, native, system, allocated] = [0, 1, 2, 3].map(byWeight) as Map<number, number>[];
  const active = [...view.rows].filter(([, r]) => r.python + r.native + r.system + r.timeline > 0);
  assert.ok(active.length >= 4, 'scalene shows activity on several lines');
  for (const [line, r] of active) {
    const share = (v: number | undefined) => Math.round((100 * (v ?? 0)) / cpu);
    assert.deepEqual([share(python!.get(line)), share(native!.get(line)), share(system!.get(line))], [r.python, r.native, r.system], `line ${line}`);
    assert.equal(Math.round((100 * (allocated!.get(line) ?? 0)) / alloc), r.timeline, `line ${line} allocations`);
  }
  // Lines are named after their function: line 17 is in build_string.
  assert.ok(p.frames.some((f) => f.name === 'build_string' && f.line === 17 && f.functionLine === 14));
  assert.equal(topFunctions(p, { weight: 3, limit: 1 })[0]!.name, 'build_string');
});

const doc = (lines: object[], elapsed: unknown = 2) =>
  JSON.stringify({ alloc_samples: 1, elapsed_time_sec: elapsed, files: { '/app/m.py': { functions: [{ line: 'work', lineno: 3 }], lines } } });

test('scalene: module-level lines, silent lines, and what is refused', async () => {
  const text = doc([
    { lineno: 1, start_function_line: 0, n_cpu_percent_python: 25, n_cpu_percent_c: 0, n_sys_percent: 0, n_malloc_mb: 0 },
    { lineno: 4, start_function_line: 3, n_cpu_percent_python: 50, n_cpu_percent_c: 10, n_sys_percent: 15, n_malloc_mb: 2 },
    { lineno: 5, start_function_line: 3, n_cpu_percent_python: 0, n_cpu_percent_c: 0, n_sys_percent: 0, n_malloc_mb: 0 },
  ]);
  assert.equal(detectFormat(enc(text)), 'scalene');
  const p = await importOrFormatError('scalene-profile.json', enc(text));
  assert.ok(!(p instanceof ProfileFormatError));
  assert.deepEqual(
    p.frames.map((f) => `${f.name}:${f.line}`),
    ['<module>:1', 'work:4'],
  );
  assert.deepEqual(
    ['cpu_python', 'cpu_native', 'cpu_system', 'alloc_space'].map((w) => totalOf(p, w)),
    [1.5e9, 0.2e9, 0.3e9, 2 * 1024 * 1024],
  );
  const bad = await importOrFormatError('b.json', enc(doc([{ lineno: 1, n_cpu_percent_python: 'lots' }])), 'scalene');
  assert.ok(bad instanceof ProfileFormatError && bad.message.includes('lines[0]'), String(bad));
  const noTime = await importOrFormatError('t.json', enc(doc([], null)), 'scalene');
  assert.ok(noTime instanceof ProfileFormatError && /elapsed_time_sec/.test(noTime.message), String(noTime));
});

const lineFigures = fc.array(fc.tuple(fc.integer({ min: 1, max: 400 }), fc.nat({ max: 100 }), fc.nat({ max: 100 }), fc.nat({ max: 500 })), {
  minLength: 1,
  maxLength: 12,
});

test('property: random scalene documents read back with the same totals; cuts and flips give an error or a profile', async () => {
  await fc.assert(
    fc.asyncProperty(lineFigures, damage, async (rows, [cut, flips]) => {
      const text = doc(
        rows.map(([lineno, py, c, mb]) => ({
          lineno,
          start_function_line: 3,
          n_cpu_percent_python: py,
          n_cpu_percent_c: c,
          n_sys_percent: 0,
          n_malloc_mb: mb,
        })),
        1,
      );
      const p = await profileOrNull('r.json', enc(text), 'scalene');
      const sum = (k: 1 | 2 | 3) => rows.reduce((a, r) => a + r[k], 0);
      if (sum(1) + sum(2) + sum(3) === 0) assert.equal(p, null);
      else {
        assert.ok(p);
        assert.ok(Math.abs(totalOf(p, 'cpu_python') - sum(1) * 1e7) < 1);
        assert.ok(Math.abs(totalOf(p, 'alloc_space') - sum(3) * 1024 * 1024) < 1);
      }
      await profileOrNull('r.json', enc(text.slice(0, Math.floor(text.length * cut))), 'scalene');
      await profileOrNull('r.json', flipped(enc(text), flips), 'scalene');
    }),
    { numRuns: 150 },
  );
});
