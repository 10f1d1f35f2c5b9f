// Derived views on small hand-built profiles whose answers are known, plus exports round-tripping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FrameInput, Profile, ProfileBuilder, totalWeight } from '../../../src/core/model/profile';
import { calleesOf, callersOf, diffProfiles, fileLineStats, myCodeOnly, topFunctions } from '../../../src/core/model/views';
import { exportFolded } from '../../../src/core/export/foldedExport';
import { exportSpeedscope } from '../../../src/core/export/speedscopeExport';
import { importProfileBytes, importProfileFile } from '../../../src/core/importers/index';
import { buildReport } from '../../../src/core/report';

function profile(stacks: [FrameInput[], number][]): Profile {
  const b = new ProfileBuilder({ format: 'test' });
  for (const [frames, w] of stacks)
    b.addSample(
      frames.map((f) => b.frame(f)),
      [w],
    );
  return b.build();
}
const F = (name: string, line: number, file = '/app/main.py', kind?: FrameInput['kind']): FrameInput => ({ name, file, line, kind });

test('self is leaf weight; total counts a recursive function once per sample', () => {
  // main -> fib -> fib -> fib (leaf), weight 5; main -> work (leaf), weight 3
  const p = profile([
    [[F('main', 1), F('fib', 3), F('fib', 3), F('fib', 4)], 5],
    [[F('main', 2), F('work', 9)], 3],
  ]);
  const fns = topFunctions(p);
  const fib = fns.find((f) => f.name === 'fib')!;
  assert.equal(fib.self, 5);
  assert.equal(fib.total, 5, 'not 15: once per sample');
  assert.equal(fib.line, 3, 'first line seen when the start line is unknown');
  assert.equal(fns.find((f) => f.name === 'main')!.total, 8);
  assert.deepEqual(
    fns.map((f) => f.name),
    ['fib', 'work', 'main'],
    'sorted by self',
  );

  const lines = fileLineStats(p).get('/app/main.py')!;
  const at = (l: number) => lines.find((x) => x.line === l)!;
  assert.deepEqual(at(3), { file: '/app/main.py', line: 3, self: 0, total: 5 }, 'line 3 twice on the stack, counted once');
  assert.deepEqual(at(4), { file: '/app/main.py', line: 4, self: 5, total: 5 });
  assert.equal(at(1).total, 5);
  assert.equal(at(2).total, 3);
  assert.deepEqual(
    lines.map((l) => l.line),
    [1, 2, 3, 4, 9],
    'sorted by line',
  );
});

test('callers and callees', () => {
  const p = profile([
    [[F('main', 1), F('a', 10), F('leaf', 30)], 4],
    [[F('main', 1), F('b', 20), F('leaf', 30)], 6],
    [[F('main', 1), F('b', 20)], 1],
  ]);
  assert.deepEqual(
    callersOf(p, 'leaf').map((c) => [c.name, c.weight]),
    [
      ['b', 6],
      ['a', 4],
    ],
  );
  assert.deepEqual(
    calleesOf(p, 'main').map((c) => [c.name, c.weight]),
    [
      ['b', 7],
      ['a', 4],
    ],
  );
  const leafIds = topFunctions(p).find((f) => f.name === 'leaf')!.frameIds;
  assert.deepEqual(
    callersOf(p, leafIds).map((c) => c.name),
    ['b', 'a'],
  );
  assert.deepEqual(calleesOf(p, 'leaf'), []);
});

test('my code only folds library and runtime frames into their caller and keeps the total', () => {
  const lib = (n: string) => F(n, 5, '/venv/lib/python3.11/site-packages/requests/api.py');
  const p = profile([
    [[F('main', 1), lib('get'), lib('send'), F('callback', 7)], 2],
    [[F('main', 1), lib('get'), lib('send')], 5],
    [[{ name: 'runtime.gcBgMarkWorker', file: '/usr/local/go/src/runtime/mgc.go', line: 1, kind: 'runtime' }], 3],
  ]);
  assert.equal(p.frames.find((f) => f.name === 'get')!.kind, 'library');
  const mine = myCodeOnly(p);
  assert.equal(totalWeight(mine), totalWeight(p));
  const fns = topFunctions(mine);
  assert.equal(fns.find((f) => f.name === 'main')!.self, 5, 'library time charged to main');
  assert.equal(fns.find((f) => f.name === 'callback')!.total, 2);
  assert.equal(callersOf(mine, 'callback')[0]!.name, 'main', 'callback hangs under main directly');
  assert.ok(!fns.some((f) => f.name === 'get' || f.name === 'send'));
  assert.equal(fns.find((f) => f.name === 'runtime.gcBgMarkWorker')!.self, 3, 'a stack with no user frame keeps its root');
});

test('myCodeOnly keeps a .cpuprofile timeline in time order', async () => {
  const p = await importProfileFile(join(__dirname, '../../fixtures/profiles/node/hot.cpuprofile'));
  const mine = myCodeOnly(p);
  assert.equal(mine.timeline!.stacks.length, p.timeline!.stacks.length);
  assert.deepEqual(mine.timeline!.timesNs, p.timeline!.timesNs);
  assert.ok([...mine.timeline!.stacks].every((s) => s >= 0 && s < mine.stackFrame.length));
  assert.equal(totalWeight(mine, 1), totalWeight(p, 1));
});

test('diff matches functions by name and file and reports the change', () => {
  const base = profile([
    [[F('main', 1), F('slow', 10)], 80],
    [[F('main', 1), F('gone', 30)], 20],
  ]);
  const next = profile([
    [[F('main', 1), F('slow', 12)], 20],
    [[F('main', 1), F('new', 40)], 30],
  ]);
  const d = diffProfiles(base, next);
  assert.equal(d.baseTotal, 100);
  assert.equal(d.nextTotal, 50);
  const slow = d.functions.find((f) => f.name === 'slow')!;
  assert.equal(slow.deltaSelf, -60);
  assert.equal(slow.line, 12, 'lines move with edits; the new line is reported');
  assert.ok(Math.abs(slow.deltaSelfShare - (20 / 50 - 80 / 100)) < 1e-12);
  assert.deepEqual(d.added, ['new']);
  assert.deepEqual(d.removed, ['gone']);
  assert.equal(d.functions[0]!.name, 'slow', 'biggest change first');
});

test('50,000-deep stacks: views, my-code-only and exports do not overflow', async () => {
  const b = new ProfileBuilder({ format: 'test' });
  const frames: number[] = [];
  for (let i = 0; i < 50_000; i++)
    frames.push(b.frame({ name: i % 2 ? 'rec' : `f${i % 7}`, file: i % 3 ? '/app/x.js' : '/app/node_modules/y.js', line: (i % 100) + 1 }));
  b.addSample(frames, [3]);
  const p = b.build();
  assert.equal(topFunctions(p).find((f) => f.name === 'rec')!.total, 3);
  const lines = fileLineStats(p).get('/app/x.js')!;
  assert.ok(lines.every((l) => l.total === 3));
  assert.equal(totalWeight(myCodeOnly(p)), 3);
  const folded = exportFolded(p);
  assert.equal(folded.split(';').length, 50_000);
  const back = await importProfileBytes('deep.folded', new TextEncoder().encode(folded));
  assert.equal(totalWeight(back), 3);
  const ss = await importProfileBytes('deep.json', new TextEncoder().encode(exportSpeedscope(p)));
  assert.equal(topFunctions(ss).find((f) => f.name === 'rec')!.total, 3);
});

test('exports round-trip the real fixtures (same totals, same top functions and lines)', async () => {
  for (const f of ['go/hot.pprof', 'py-spy/hot.raw.txt', 'node/hot.cpuprofile', 'perf/hot.perf-script-srcline.txt']) {
    const p = await importProfileFile(join(__dirname, '../../fixtures/profiles', f));
    const viaFolded = await importProfileBytes('x.folded', new TextEncoder().encode(exportFolded(p)));
    const viaSpeedscope = await importProfileBytes('x.json', new TextEncoder().encode(exportSpeedscope(p)));
    const want = buildReport(p, { top: 5 });
    for (const q of [viaFolded, viaSpeedscope]) {
      const got = buildReport(q, { top: 5 });
      assert.equal(got.total, want.total, f);
      assert.deepEqual(
        got.functions.map((x) => [x.name, x.self, x.total]),
        want.functions.map((x) => [x.name, x.self, x.total]),
        f,
      );
      assert.deepEqual(got.lines, want.lines, f);
    }
  }
});
