import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTracemalloc, looksLikeTracemalloc, parseTracemallocDocument, tracemallocSeries } from '../../../src/core/importers/tracemallocImporter';
import { importHeapProfile, looksLikeHeapProfile } from '../../../src/core/importers/heapProfileImporter';
import { Profile, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { fixtureText, markedLine, ROOT } from './markedLine';

/** Self weight per frame id, highest first. */
function selfByFrame(p: Profile, w = 0): { frame: Profile['frames'][number]; self: number }[] {
  const n = p.weightTypes.length;
  const m = new Map<number, number>();
  p.sampleStack.forEach((leaf, j) => {
    const f = p.stackFrame[leaf]!;
    m.set(f, (m.get(f) ?? 0) + p.sampleWeights[j * n + w]!);
  });
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([f, self]) => ({ frame: p.frames[f]!, self }));
}

test('tracemalloc: the line marked HOT holds most of the peak memory, in bytes and objects', () => {
  const text = fixtureText('big_alloc.tracemalloc.json');
  assert.ok(looksLikeTracemalloc(text));
  assert.ok(!looksLikeHeapProfile(text));
  const p = importTracemalloc(text, { source: 'big_alloc.tracemalloc.json' });
  assert.deepEqual(p.weightTypes.map((w) => w.unit), ['bytes', 'objects']);
  assert.equal(p.metadata.format, 'tracemalloc');
  assert.equal(p.metadata.language, 'python');
  const top = selfByFrame(p)[0]!;
  assert.equal(top.frame.file, `${ROOT}/examples/memory/big_alloc.py`);
  assert.equal(top.frame.line, markedLine('examples/memory/big_alloc.py', '# HOT'));
  assert.equal(top.frame.name, 'build_table');
  assert.ok(top.self / totalWeight(p, 0) > 0.8, `HOT line holds ${top.self} of ${totalWeight(p, 0)}`);
  // 3000 rows, each a bytearray object and its buffer.
  const objects = selfByFrame(p, 1).find((r) => r.frame === top.frame)!.self;
  assert.ok(objects >= 3000, `objects ${objects}`);
  // Root first: the stack of the hot frame starts at the program's module level.
  const leaf = p.sampleStack.find((s) => p.frames[p.stackFrame[s]!] === top.frame)!;
  let root = leaf;
  while (p.stackParent[root]! >= 0) root = p.stackParent[root]!;
  assert.equal(p.frames[p.stackFrame[root]!]!.name, '<module>');
  assert.match(p.metadata.notes!.join('\n'), /nearest the peak/);
});

test('tracemalloc: the "end" snapshot and the traced-memory series', () => {
  const doc = parseTracemallocDocument(fixtureText('big_alloc.tracemalloc.json'));
  const end = importTracemalloc(doc, { snapshot: 'end' });
  const peak = importTracemalloc(doc);
  // The table is local to main(): freed by the end, so far less is alive then.
  assert.ok(totalWeight(end, 0) < totalWeight(peak, 0) / 4);
  const s = tracemallocSeries(doc);
  assert.equal(s.unit, 'bytes');
  assert.ok(s.timesMs.length > 0 && s.timesMs.length === s.bytes.length);
  assert.ok(Math.max(...s.bytes) > 1_000_000);
});

test('tracemalloc: bad input names the format and the file', () => {
  assert.throws(() => importTracemalloc('{"format":"other"}', { source: 'x.json' }), (e: Error) => e instanceof ProfileFormatError && /x\.json/.test(e.message) && /hotline-tracemalloc/.test(e.message));
  assert.throws(() => importTracemalloc('not json', { source: 'y.json' }), ProfileFormatError);
  // A stack pointing at a frame that does not exist is dropped and said so, not fatal.
  const p = importTracemalloc({ format: 'hotline-tracemalloc', version: 1, frames: [['a.py', 1, 'f']], snapshots: { peak: { bytes: 10, blocks: 1, stacks: [{ frames: [0], size: 10, count: 1 }, { frames: [5], size: 99, count: 1 }] } } });
  assert.equal(totalWeight(p, 0), 10);
  assert.match(p.metadata.notes!.join(' '), /1 stack\(s\) pointed at unknown frames/);
});

test('heap profile: the constructor that allocates the most is on top, lines are 1-based', () => {
  const text = fixtureText('leaky_listener.heapprofile');
  assert.ok(looksLikeHeapProfile(text));
  assert.ok(!looksLikeTracemalloc(text));
  const p = importHeapProfile(text, { source: 'leaky_listener.heapprofile' });
  assert.deepEqual(p.weightTypes, [{ name: 'inuse_space', unit: 'bytes' }, { name: 'inuse_objects', unit: 'objects' }]);
  const top = selfByFrame(p)[0]!;
  assert.equal(top.frame.name, 'RequestContext');
  assert.equal(top.frame.file, `${ROOT}/examples/memory/leaky_listener.js`);
  // V8 reports the function's start (0-based); the constructor is on the line after "class RequestContext".
  assert.equal(top.frame.line, markedLine('examples/memory/leaky_listener.js', 'class RequestContext') + 1);
  assert.ok(selfByFrame(p, 1)[0]!.self > 0);
  // The helper's own polling is not part of the program's profile.
  assert.ok(!p.frames.some((f) => f.file?.endsWith('leak_heapprof_preload.cjs') && f.name !== '(anonymous)'));
});

test('heap profile: malformed input is rejected with the expected shape', () => {
  assert.throws(() => importHeapProfile('{"nodes":[]}', { source: 'a.heapprofile' }), /a\.heapprofile: not a valid heapprofile profile.*"head"/);
  const p = importHeapProfile(JSON.stringify({ head: { callFrame: { functionName: '(root)' }, selfSize: 0, id: 1, children: [{ callFrame: { functionName: 'f', url: 'file:///x/a.js', lineNumber: 4, columnNumber: 2 }, selfSize: 100, id: 2, children: [null] }] }, samples: [{ size: 50, nodeId: 2 }] }));
  assert.equal(totalWeight(p, 0), 100);
  assert.equal(totalWeight(p, 1), 2);
  assert.deepEqual({ file: p.frames[0]!.file, line: p.frames[0]!.line, column: p.frames[0]!.column }, { file: '/x/a.js', line: 5, column: 3 });
  assert.match(p.metadata.notes!.join(' '), /1 malformed node/);
});
