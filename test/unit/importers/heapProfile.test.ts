// V8 sampling heap profiles (.heapprofile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeTracemalloc } from '../../../src/core/importers/tracemallocImporter';
import { importHeapProfile, looksLikeHeapProfile } from '../../../src/core/importers/heapProfileImporter';
import { totalWeight } from '../../../src/core/model/profile';
import { fixtureText, markedLine, ROOT } from '../memory/markedLine';
import { checkFixture, selfByFrame } from './helpers';

test('heap profile fixture: detected from the file and read through the dispatcher', async () => {
  await checkFixture('memory/leaky_listener.heapprofile', { format: 'heapprofile' });
});

test('heap profile: the constructor that allocates the most is on top, lines are 1-based', () => {
  const text = fixtureText('leaky_listener.heapprofile');
  assert.ok(looksLikeHeapProfile(text));
  assert.ok(!looksLikeTracemalloc(text));
  const p = importHeapProfile(text, { source: 'leaky_listener.heapprofile' });
  assert.deepEqual(p.weightTypes, [
    { name: 'inuse_space', unit: 'bytes' },
    { name: 'inuse_objects', unit: 'objects' },
  ]);
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
  const p = importHeapProfile(
    JSON.stringify({
      head: {
        callFrame: { functionName: '(root)' },
        selfSize: 0,
        id: 1,
        children: [{ callFrame: { functionName: 'f', url: 'file:///x/a.js', lineNumber: 4, columnNumber: 2 }, selfSize: 100, id: 2, children: [null] }],
      },
      samples: [{ size: 50, nodeId: 2 }],
    }),
  );
  assert.equal(totalWeight(p, 0), 100);
  assert.equal(totalWeight(p, 1), 2);
  assert.deepEqual({ file: p.frames[0]!.file, line: p.frames[0]!.line, column: p.frames[0]!.column }, { file: '/x/a.js', line: 5, column: 3 });
  assert.match(p.metadata.notes!.join(' '), /1 malformed node/);
});
