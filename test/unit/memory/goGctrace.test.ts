// Go's GODEBUG=gctrace=1 log recorded by test/fixtures/go/record.sh from examples/long-running/go:
// every line one event, its figures read here from the line's own fields independently of the parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatGcSummary, heapAfterGcSeries, summarizeGc } from '../../../src/core/memory/gcLog';
import { isGoGctraceLine, parseGoGctrace } from '../../../src/core/memory/goGctrace';
import { ROOT } from './markedLine';

const text = readFileSync(join(ROOT, 'test', 'fixtures', 'go', 'gctrace.txt'), 'utf8');
const MB = 1024 * 1024;

/** Fields by position, as runtime/extern.go documents the line: gc # @#s #%: #+#+# ms clock, …, #->#-># MB, # MB goal, … */
function goLines(log: string) {
  return log
    .split('\n')
    .filter((l) => l.startsWith('gc '))
    .map((l) => {
      const words = l.split(' ');
      const clock = words[4]!.split('+').map(Number);
      const heap = words[words.indexOf('cpu,') + 1]!.split('->').map(Number);
      return {
        at: Number(words[2]!.slice(1, -1)) * 1000,
        percent: Number(words[3]!.slice(0, -2)),
        pause: clock[0]! + clock[2]!,
        before: heap[0]!,
        after: heap[2]!,
        goal: Number(words[words.indexOf('goal,') - 2]),
        forced: l.endsWith('(forced)'),
      };
    });
}

test('every gctrace line is one event with its time, pause (the two stop-the-world phases) and heap before/after', () => {
  const events = parseGoGctrace(text);
  const oracle = goLines(text);
  assert.ok(oracle.length >= 5, `the recording has ${oracle.length} GC lines`);
  assert.equal(events.length, oracle.length);
  events.forEach((e, i) => {
    const o = oracle[i]!;
    assert.equal(e.atMs, o.at);
    assert.ok(Math.abs(e.pauseMs - o.pause) < 1e-9, `${e.pauseMs} vs ${o.pause}`);
    assert.equal(e.heapBeforeBytes, o.before * MB);
    assert.equal(e.heapAfterBytes, o.after * MB);
    assert.equal(e.heapTotalAfterBytes, o.goal * MB);
    assert.equal(e.kind, 'mark-sweep');
    assert.equal(e.reason, o.forced ? 'forced' : 'heap goal reached');
    assert.equal(e.runtimeGcPercent, o.percent);
  });
  assert.ok(
    oracle.some((o) => o.forced),
    'the heap profiles (?gc=1) forced collections',
  );
  assert.equal(isGoGctraceLine('listening on http://127.0.0.1:80'), false);
  assert.deepEqual(parseGoGctrace(`listening on http://127.0.0.1:80\n${text.split('\n')[0]}\n`).length, 1, 'other stderr lines are skipped');
});

test('pause percentiles, GC share and the heap-after-GC series come from those figures', () => {
  const events = parseGoGctrace(text);
  const oracle = goLines(text);
  const pauses = oracle.map((o) => o.pause).sort((a, b) => a - b);
  const rank = (q: number) => pauses[Math.ceil(q * pauses.length) - 1]!;
  const total = pauses.reduce((a, b) => a + b, 0);
  const span = oracle[oracle.length - 1]!.at;
  const s = summarizeGc(events);
  assert.equal(s.events, oracle.length);
  assert.deepEqual(s.byKind, { 'mark-sweep': oracle.length });
  assert.ok(Math.abs(s.pause.p50Ms - rank(0.5)) < 1e-9);
  assert.ok(Math.abs(s.pause.p90Ms - rank(0.9)) < 1e-9);
  assert.ok(Math.abs(s.pause.maxMs - pauses[pauses.length - 1]!) < 1e-9);
  assert.ok(Math.abs(s.pause.totalMs - total) < 1e-9);
  assert.ok(Math.abs(s.gcShare - total / span) < 1e-12, 'GC share: stop-the-world time over the run');
  assert.equal(s.runtimeCpuShare, oracle[oracle.length - 1]!.percent / 100);
  assert.deepEqual(
    heapAfterGcSeries(events).bytes,
    oracle.map((o) => o.after * MB),
  );
  // The example's map never shrinks: the live heap's floor climbs the whole run.
  assert.ok(s.heapAfter.endBytes > s.heapAfter.startBytes);
  assert.match(formatGcSummary(s), /the Go runtime's own figure: \d+% of CPU since start/);
});
