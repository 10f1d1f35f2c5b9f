// V8 .cpuprofile (node --cpu-prof, Chrome DevTools).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Profile, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { fileLineStats } from '../../../src/core/model/views';
import { checkFixture, enc, expected, fn, importOrFormatError, lineOf } from './helpers';

test("node --cpu-prof: samples, time and per-function samples equal the file's own", async () => {
  const exp = expected('profiles/node/hot.cpuprofile.expected.json').cpuprofile;
  const p = await checkFixture('profiles/node/hot.cpuprofile', { format: 'cpuprofile' });
  assert.equal(totalWeight(p, 0), exp.samples);
  // Each sample lasts until the next; together they span endTime - first sample time.
  assert.ok(Math.abs(totalWeight(p, 1) - (exp.durationUs - exp.firstDeltaUs) * 1000) < 1);
  for (const [name, n] of Object.entries(exp.samplesByFunction as Record<string, number>)) assert.equal(fn(p, name).self, n, name);
  // positionTicks put buildString's samples on its loop body, not its first line.
  const first = lineOf('node/hot.js', 'function buildString');
  const file = fn(p, 'buildString').file!;
  assert.match(file, /^\/.*programs\/node\/hot\.js$/, 'file:// URL becomes a path');
  const lines = fileLineStats(p).get(file)!;
  const body = lines.filter((l) => l.line > first && l.line <= first + 5).reduce((a, l) => a + l.self, 0);
  assert.equal(body, exp.samplesByFunction.buildString);
  assert.equal(fn(p, 'buildString').line, first, 'function line from the 0-based callFrame.lineNumber');
  assert.ok(p.timeline && p.timeline.stacks.length === exp.samples, 'timeline kept');
  assert.ok(p.frames.some((f) => f.name === '(garbage collector)' && f.kind === 'runtime'));
});

const cpuprofile = (nodes: unknown[], samples: number[] = [2], extra = {}) =>
  enc(JSON.stringify({ nodes, startTime: 0, endTime: 100, samples, timeDeltas: samples.map(() => 10), ...extra }));
const node = (id: number, name: string, children: number[] = []) => ({
  id,
  callFrame: { functionName: name, url: 'file:///a.js', lineNumber: 0, columnNumber: 0 },
  hitCount: 0,
  children,
});

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
