// node --prof isolate logs, read through `node --prof-process --preprocess` (the converter), with
// `node --prof-process`'s own text report as the oracle (scripts/record-interop.mjs node-prof).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importProfileBytes } from '../../../src/core/importers/index';
import { Profile, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { nodeProfConverterHook } from '../../../src/profilers/nodeProfConverter';
import { checkFixture, enc, expected, fx, importOrFormatError, lineOf, selfByFrame, stacks } from './helpers';

const LOG = 'interop/node-prof/hot.isolate.log.gz';
const exp = expected('interop/node-prof/hot.expected.json');
const convertNodeProf = nodeProfConverterHook();
/** "JS: *fib /a/hot.js:5:13" → "fib"; the tick processor writes "<anonymous>" where V8 logged no name. */
const functionOf = (entry: string) => {
  const m = /^JS: [*~^+]?(.*?) \S*:\d+:\d+$/.exec(entry)!;
  return m[1] === '<anonymous>' ? '(anonymous)' : m[1]!;
};
const sumBy = (rows: { ticks: number; name: string }[]) => {
  const m = new Map<string, number>();
  for (const r of rows) m.set(functionOf(r.name), (m.get(functionOf(r.name)) ?? 0) + r.ticks);
  return m;
};
/** Ticks whose leaf is `leaf`, by the name of the frame that called it. */
function callersOf(p: Profile, leaf: string): Map<string, number> {
  const m = new Map<string, number>();
  p.sampleStack.forEach((s, j) => {
    if (p.frames[p.stackFrame[s]!]!.name !== leaf || p.stackParent[s]! < 0) return;
    const caller = p.frames[p.stackFrame[p.stackParent[s]!]!]!.name;
    m.set(caller, (m.get(caller) ?? 0) + p.sampleWeights[j]!);
  });
  return m;
}

test("node --prof log: ticks, UNKNOWN and per-function JavaScript ticks equal node --prof-process's report", async () => {
  const p = await checkFixture(LOG, { format: 'node-prof' }, { convertNodeProf });
  assert.equal(totalWeight(p, 0), exp.ticks);
  const self = new Map<string, number>();
  for (const { frame, self: n } of selfByFrame(p)) if (frame.file?.endsWith('programs/node/hot.js')) self.set(frame.name, (self.get(frame.name) ?? 0) + n);
  assert.deepEqual(self, sumBy(exp.javascript), '[JavaScript] section, tiers (~ ^ + *) of one function together');
  assert.equal(exp.bottomUp.name, 'UNKNOWN');
  assert.equal(selfByFrame(p).find((f) => f.frame.name === 'UNKNOWN')!.self, exp.bottomUp.ticks);
  assert.equal(exp.bottomUp.ticks, exp.unaccounted);
  const fib = p.frames.find((f) => f.name === 'fib')!;
  assert.equal(fib.line, lineOf('node/hot.js', 'function fib'), 'line from the code name (1-based)');
  assert.match(p.metadata.notes!.join(' '), new RegExp(`${exp.unaccounted} of ${exp.ticks} ticks were in code the log does not name`));
});

test("node --prof log: the callers of the heaviest bottom-up entry are node --prof-process's", async () => {
  const p = await importProfileBytes('hot.isolate.log.gz', readFileSync(fx(LOG)), { convertNodeProf });
  const ours = callersOf(p, exp.bottomUp.name);
  // The report hides callers under 1% of the entry's ticks: each function may hold up to four hidden tiers.
  const hidden = 4 * Math.ceil(exp.bottomUp.ticks * 0.01);
  for (const [name, n] of sumBy(exp.bottomUp.callers)) {
    const mine = ours.get(name) ?? 0;
    assert.ok(mine >= n && mine - n <= hidden, `${name}: ${mine} ticks under UNKNOWN, node --prof-process shows ${n}`);
  }
});

test('node --prof log: without the converter the error says what to run; a log the tick processor cannot read is an error naming the file', async () => {
  const bytes = enc('v8-version,11,3,244,8,-node.38,0\nv8-platform,linux,linux\n');
  await assert.rejects(importProfileBytes('isolate-1-v8.log', bytes), /isolate-1-v8\.log: not a valid node-prof profile: .*node --prof-process --preprocess/);
  const empty = await importOrFormatError('isolate-1-v8.log', bytes, undefined, { convertNodeProf });
  assert.ok(empty instanceof ProfileFormatError);
  assert.match(empty.message, /no ticks/);
});

test('preprocessed JSON: a tick naming no code entry is an error, unknown callers are dropped', async () => {
  const code = [
    { name: 'main /a.js:1:1', type: 'JS', kind: 'Unopt', func: 0 },
    { name: 'LdaZero', type: 'CODE', kind: 'BytecodeHandler' },
  ];
  const doc = (ticks: object[]) => enc(JSON.stringify({ code, functions: [{ name: 'main', codes: [0] }], ticks, scripts: [] }));
  const bad = await importOrFormatError('p.json', doc([{ tm: 1, vm: 0, s: [5, 0] }]));
  assert.ok(bad instanceof ProfileFormatError);
  assert.match(bad.message, /p\.json: not a valid node-prof-json profile \(ticks\[0\]\.s\[0\]\): code id 5 names no code entry \(there are 2\)/);
  const ok = (await importOrFormatError(
    'p.json',
    doc([
      { tm: 1, vm: 0, s: [1, 4, -1, 77, 0, 3] },
      { tm: 2, vm: 0, s: [-1, 9, 0, 1] },
    ]),
  )) as Profile;
  // The bytecode handler leaf is skipped (its tick is main's), the unknown caller dropped; an unknown leaf is UNKNOWN.
  assert.deepEqual(stacks(ok), ['main 1', 'main;UNKNOWN 1']);
});
