// Hot-line annotations: a 10,000-line file with 5,000 annotated lines must be computed in under
// 20 ms (per-line texts, heat, sorting), and a file the profile does not touch must cost nothing
// beyond a path lookup. Prints figures beside the targets; exits 1 when one is missed.
import { performance } from 'node:perf_hooks';
import { ProfileAnnotator } from '../src/core/annotations/profileAnnotations';
import { shiftLines } from '../src/core/annotations/lineShift';
import { weightDisplay } from '../src/core/annotations/weightFormat';

const TARGET_MS = 20;
const UNTOUCHED_TARGET_US = 50;

function syntheticProfile(files: number) {
  const lineStats = new Map<string, { line: number; self: number; total: number }[]>();
  let total = 0;
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let f = 0; f < files; f++) {
    const lines = [];
    // The big file: every other line of 10,000 annotated; the others: 200 lines each.
    const count = f === 0 ? 5000 : 200;
    for (let i = 0; i < count; i++) {
      const self = Math.floor(rand() * 1000);
      total += self;
      lines.push({ line: f === 0 ? i * 2 + 1 : i + 1, self, total: self + Math.floor(rand() * 500) });
    }
    lineStats.set(`/container/app/pkg${f}/module${f}.py`, lines);
  }
  return { lineStats, total };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const { lineStats, total } = syntheticProfile(200);
const display = weightDisplay({ name: 'samples', unit: 'samples' }, 'auto');
const make = () =>
  new ProfileAnnotator(
    { lineStats, functions: [], profileTotal: total, display, paths: { roots: ['/home/dev/ws-a', '/home/dev/app'] } },
    { thresholdPercent: 0, codeLensThresholdPercent: 5 },
  );

// Warm up the JIT the way a long-lived extension host would be.
for (let i = 0; i < 5; i++) make().forDocument('/home/dev/app/pkg0/module0.py');

const bigTimes: number[] = [];
let annotated = 0;
for (let i = 0; i < 15; i++) {
  const a = make(); // fresh: nothing cached
  const t0 = performance.now();
  const file = a.forDocument('/home/dev/app/pkg0/module0.py');
  bigTimes.push(performance.now() - t0);
  annotated = file?.lines.length ?? 0;
}

const untouched: number[] = [];
let computedAfterUntouched = -1;
for (let i = 0; i < 15; i++) {
  const a = make();
  const t0 = performance.now();
  for (let k = 0; k < 100; k++) a.forDocument(`/home/dev/app/other/untouched${k}.py`);
  untouched.push(((performance.now() - t0) * 1000) / 100);
  computedAfterUntouched = a.computedFiles;
}

// Shifting 5,000 tracked lines for one keystroke that inserts a line near the top.
const tracked = Int32Array.from({ length: 5000 }, (_, i) => i * 2);
const s0 = performance.now();
for (let k = 0; k < 100; k++) shiftLines(tracked, [{ startLine: 3, startCharacter: 4, endLine: 3, endCharacter: 4, text: '\n' }]);
const shiftMs = (performance.now() - s0) / 100;

const big = median(bigTimes);
const miss = median(untouched);
const rows: [string, string, string, boolean][] = [
  [`annotations for a 10,000-line file, ${annotated} annotated lines`, `${big.toFixed(2)} ms`, `< ${TARGET_MS} ms`, big < TARGET_MS && annotated === 5000],
  ['lookup of a file the profile does not touch', `${miss.toFixed(2)} µs`, `< ${UNTOUCHED_TARGET_US} µs`, miss < UNTOUCHED_TARGET_US],
  ['files computed after 100 untouched look-ups', String(computedAfterUntouched), '0', computedAfterUntouched === 0],
  ['shift 5,000 annotated lines for one edit', `${shiftMs.toFixed(3)} ms`, '(informational)', true],
];
for (const [what, got, target, ok] of rows) console.log(`${ok ? 'ok  ' : 'MISS'} ${what}: ${got} (target ${target})`);
process.exit(rows.every((r) => r[3]) ? 0 : 1);
