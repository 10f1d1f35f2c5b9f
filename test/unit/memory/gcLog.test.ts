// Node --trace-gc logs recorded by test/fixtures/gc/record.sh: every event line read with V8's own
// figures, pause percentiles over them, and the no-plateau warning on the leaking run only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gcMarks, heapAfterGcSeries, heapFloor, parseNodeTraceGc, summarizeGc, formatGcSummary } from '../../../src/core/memory/gcLog';
import { memorySeriesSvg } from '../../../src/core/memory/seriesChart';
import { ROOT } from './markedLine';

const log = (name: string) => readFileSync(join(ROOT, 'test', 'fixtures', 'gc', name), 'utf8');
const MB = 1024 * 1024;

/** V8's figures straight from the lines that name a collector, independently of the parser's pattern. */
function v8Lines(text: string) {
  return text
    .split('\n')
    .filter((l) => / ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor)/.test(l))
    .map((l) => {
      const [, at, kind] = / (\d+) ms: ([A-Za-z-]+)/.exec(l)!;
      const [, before, after] = /([\d.]+) \([\d.]+\) -> ([\d.]+) \(/.exec(l)!;
      const [, pause] = /MB, ([\d.]+) \//.exec(l)!;
      return { at: Number(at), kind: kind!, before: Number(before), after: Number(after), pause: Number(pause) };
    });
}

test('every GC line of the server run is one event with its time, kind, pause and heap before/after', () => {
  const text = log('server.trace-gc.txt');
  const events = parseNodeTraceGc(text);
  const oracle = v8Lines(text);
  assert.ok(oracle.length >= 10, `the recording has ${oracle.length} GC lines`);
  assert.equal(events.length, oracle.length);
  events.forEach((e, i) => {
    const o = oracle[i]!;
    assert.equal(e.atMs, o.at);
    assert.equal(e.kind, o.kind === 'Mark-Compact' ? 'mark-compact' : 'scavenge');
    assert.equal(e.pauseMs, o.pause);
    assert.equal(e.heapBeforeBytes, o.before * MB);
    assert.equal(e.heapAfterBytes, o.after * MB);
  });
  const full = events.find((e) => e.kind === 'mark-compact');
  assert.ok(full, 'the 6 s run has a full collection');
  const fullLine = text.split('\n').find((l) => l.includes('Mark-Compact'))!;
  assert.equal(full.incrementalMs, Number(/\(\+ ([\d.]+) ms in \d+ steps/.exec(fullLine)![1]), 'its incremental marking steps are read');
  const leakyFull = parseNodeTraceGc(log('leaky_listener.trace-gc.txt')).find((e) => e.kind === 'mark-compact')!;
  assert.equal(leakyFull.incrementalMs, Number(/\(\+ ([\d.]+) ms in \d+ steps/.exec(log('leaky_listener.trace-gc.txt'))![1]));
  assert.ok(leakyFull.incrementalMs > 0);
  assert.match(full.reason, /GC in old space requested|finalize incremental marking/);
  assert.doesNotMatch(
    text
      .split('\n')
      .filter((l) => l.startsWith('listening'))
      .join(''),
    /ms:/,
  );
});

test('under the leak watcher (heap snapshots force full GCs, some "(reduce)") every line is read and the floor is the full GCs\'', () => {
  const text = log('server.leakwatch.trace-gc.txt');
  const events = parseNodeTraceGc(text);
  const oracle = v8Lines(text);
  assert.equal(events.length, oracle.length);
  assert.ok(text.includes('Mark-Compact (reduce)'), 'the recording has reducing full GCs');
  events.forEach((e, i) => assert.equal(e.heapAfterBytes, oracle[i]!.after * MB));
  const full = events.filter((e) => e.kind === 'mark-compact');
  assert.ok(full.length >= 5, `${full.length} full GCs`);
  const s = summarizeGc(events);
  const floor = heapFloor(full);
  assert.equal(s.heapAfter.startBytes, floor.bytes[0]);
  assert.equal(s.heapAfter.endBytes, floor.bytes[floor.bytes.length - 1]);
  for (const [i, t] of floor.timesMs.entries()) {
    const window = full.filter((e) => Math.abs(e.atMs - t) < 1e-9);
    assert.ok(
      window.some((e) => e.heapAfterBytes === floor.bytes[i]),
      'each floor point is a full GC',
    );
  }
});

test('pause percentiles, total and share of time in GC are those of the logged pauses', () => {
  const text = log('server.trace-gc.txt');
  const events = parseNodeTraceGc(text);
  const pauses = v8Lines(text)
    .map((o) => o.pause)
    .sort((a, b) => a - b);
  const s = summarizeGc(events, 6000);
  assert.equal(s.pause.maxMs, pauses[pauses.length - 1]);
  assert.equal(s.pause.p50Ms, pauses[Math.ceil(pauses.length / 2) - 1]);
  assert.ok(s.pause.p50Ms <= s.pause.p90Ms && s.pause.p90Ms <= s.pause.p99Ms && s.pause.p99Ms <= s.pause.maxMs);
  const total = pauses.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(s.pause.totalMs - total) < 1e-9);
  const incremental = events.reduce((a, e) => a + e.incrementalMs, 0);
  assert.ok(Math.abs(s.gcShare - (total + incremental) / 6000) < 1e-9);
  assert.equal(s.byKind['mark-compact'], v8Lines(text).filter((o) => o.kind === 'Mark-Compact').length);
});

test('the server, whose heap drops at its full GC, gets no growth warning; the leaking handler does', () => {
  const server = summarizeGc(parseNodeTraceGc(log('server.trace-gc.txt')));
  assert.equal(server.growthWarning, null, formatGcSummary(server));
  const leaky = summarizeGc(parseNodeTraceGc(log('leaky_listener.trace-gc.txt')));
  assert.ok(leaky.heapAfter.r2 >= 0.8, `R² ${leaky.heapAfter.r2}`);
  assert.ok(leaky.heapAfter.endBytes > 10 * leaky.heapAfter.startBytes, 'the floor climbs from the first window to the last');
  assert.match(leaky.growthWarning ?? '', /grows linearly with no plateau/);
  assert.match(formatGcSummary(leaky), /warning: memory grows linearly/);
});

test('the chart draws one mark per GC event, full collections dashed across it', () => {
  const events = parseNodeTraceGc(log('server.trace-gc.txt'));
  const svg = memorySeriesSvg([heapAfterGcSeries(events)], { title: 'server.js', marks: gcMarks(events) });
  assert.equal(svg.match(/class="gc-mark"/g)?.length, events.length);
  const full = events.filter((e) => e.kind === 'mark-compact').length;
  assert.equal(svg.match(/stroke-dasharray/g)?.length, full);
  assert.match(svg, new RegExp(`GC marks: ${events.length - full} minor \\(ticks\\), ${full} full \\(dashed\\)`));
  assert.match(svg, /heap after GC: peak/);
  assert.doesNotMatch(memorySeriesSvg([heapAfterGcSeries(events)]), /gc-mark/);
});
