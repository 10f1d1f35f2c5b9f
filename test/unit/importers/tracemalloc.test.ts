// Hotline's tracemalloc JSON (src/helpers/tracemalloc_profile.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importTracemalloc, looksLikeTracemalloc, parseTracemallocDocument, tracemallocSeries } from '../../../src/core/importers/tracemallocImporter';
import { looksLikeHeapProfile } from '../../../src/core/importers/heapProfileImporter';
import { ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { fixtureText, markedLine, ROOT } from '../memory/markedLine';
import { checkFixture, selfByFrame } from './helpers';

test('tracemalloc fixture: detected from the file and read through the dispatcher', async () => {
  await checkFixture('memory/big_alloc.tracemalloc.json', { format: 'tracemalloc' });
});

test('tracemalloc: the line marked HOT holds most of the peak memory, in bytes and objects', () => {
  const text = fixtureText('big_alloc.tracemalloc.json');
  assert.ok(looksLikeTracemalloc(text));
  assert.ok(!looksLikeHeapProfile(text));
  const p = importTracemalloc(text, { source: 'big_alloc.tracemalloc.json' });
  assert.deepEqual(
    p.weightTypes.map((w) => w.unit),
    ['bytes', 'objects'],
  );
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
  assert.throws(
    () => importTracemalloc('{"format":"other"}', { source: 'x.json' }),
    (e: Error) => e instanceof ProfileFormatError && /x\.json/.test(e.message) && /hotline-tracemalloc/.test(e.message),
  );
  assert.throws(() => importTracemalloc('not json', { source: 'y.json' }), ProfileFormatError);
  // A stack pointing at a frame that does not exist is dropped and said so, not fatal.
  const p = importTracemalloc({
    format: 'hotline-tracemalloc',
    version: 1,
    frames: [['a.py', 1, 'f']],
    snapshots: {
      peak: {
        bytes: 10,
        blocks: 1,
        stacks: [
          { frames: [0], size: 10, count: 1 },
          { frames: [5], size: 99, count: 1 },
        ],
      },
    },
  });
  assert.equal(totalWeight(p, 0), 10);
  assert.match(p.metadata.notes!.join(' '), /1 stack\(s\) pointed at unknown frames/);
});
