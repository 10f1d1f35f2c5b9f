// Python's gc.callbacks log as leak_watch.py records it (test/fixtures/gc/record.sh, the long-running
// worker): every collection one GC event with the interpreter's own figures, pause percentiles over
// them, full collections (generation 2) marked apart on the chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gcMarks, heapAfterGcSeries, pythonGcEvents, summarizeGc, type PythonGcRecord } from '../../../src/core/memory/gcLog';
import { ROOT } from './markedLine';

const doc = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'gc', 'worker.gc-callbacks.json'), 'utf8')) as {
  wholeProgram: { snapshots: unknown[] };
  gcEvents: PythonGcRecord[];
};

test('every collection the interpreter reported is one event: its generation, pause and traced memory', () => {
  const events = pythonGcEvents(doc.gcEvents);
  assert.equal(events.length, doc.gcEvents.length);
  doc.gcEvents.forEach((r, i) => {
    const e = events[i]!;
    assert.equal(e.kind, `gen${r.generation}`);
    assert.equal(e.pauseMs, r.pauseMs);
    assert.equal(e.atMs, r.atMs);
    assert.equal(e.heapAfterBytes, r.heapAfterBytes);
    assert.match(e.reason, new RegExp(`^${r.forced ? 'forced before a snapshot' : 'automatic'}: ${r.collected} collected`));
  });
  // The watcher's gc.collect() before each snapshot is a full (generation 2) collection.
  const forced = events.filter((e) => e.reason.startsWith('forced'));
  assert.equal(forced.length, doc.wholeProgram.snapshots.length);
  assert.ok(forced.every((e) => e.kind === 'gen2'));
  assert.ok(
    events.some((e) => e.kind === 'gen0' && e.reason.startsWith('automatic')),
    'the worker allocates enough for automatic collections',
  );
});

test('pause percentiles over the recorded pauses; gen2 marks stand apart; heap after GC in time order', () => {
  const events = pythonGcEvents(doc.gcEvents);
  const summary = summarizeGc(events);
  const pauses = doc.gcEvents.map((r) => r.pauseMs).sort((a, b) => a - b);
  assert.equal(summary.pause.maxMs, pauses.at(-1));
  assert.equal(summary.pause.p50Ms, pauses[Math.ceil(0.5 * pauses.length) - 1]);
  assert.equal(summary.byKind.gen2, doc.gcEvents.filter((r) => r.generation === 2).length);
  assert.equal(summary.byKind.gen0, doc.gcEvents.filter((r) => r.generation === 0).length);
  assert.deepEqual(
    gcMarks(events).map((m) => m.major),
    doc.gcEvents.map((r) => r.generation === 2),
  );
  const series = heapAfterGcSeries(events);
  assert.deepEqual(
    series.bytes,
    doc.gcEvents.map((r) => r.heapAfterBytes),
  );
  assert.ok(series.timesMs.every((t, i) => i === 0 || t >= series.timesMs[i - 1]!));
});
