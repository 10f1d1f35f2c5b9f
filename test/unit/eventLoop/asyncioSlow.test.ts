// Python asyncio slow callbacks on a real recording: asyncio_slow_callbacks.py on
// examples/long-running/async_worker.py (3 s), and the stalls the program timed itself (the oracle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyseAsyncio, parseAsyncioDocument } from '../../../src/core/eventLoop/asyncioSlow';
import { formatEventLoopReport } from '../../../src/core/eventLoop/eventLoopLag';
import { blockingLineNote, eventLoopPageHtml } from '../../../src/core/eventLoop/eventLoopPage';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { markedLine, ROOT } from '../memory/markedLine';

const DIR = join(ROOT, 'test', 'fixtures', 'eventLoop');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8').replaceAll('/ROOT', ROOT);
const WORKER = 'examples/long-running/async_worker.py';
const stalls = [...text('async_worker.stalls.txt').matchAll(/for ([\d.]+) ms/g)].map((m) => Number(m[1]));

test('each stall is one slow Task step at the BLOCKS line of the coroutine, worst within 30% of what the program measured', () => {
  const report = analyseAsyncio(parseAsyncioDocument(text('async_worker.asyncio.json')));
  const top = report.blockers[0]!;
  assert.equal(top.file, join(ROOT, WORKER));
  assert.equal(top.line, markedLine(WORKER, '# BLOCKS'));
  assert.equal(top.function, 'job');
  assert.equal(top.attributedBy, 'frame-samples');
  assert.equal(top.resourceType, 'asyncio Task');
  assert.equal(top.count, stalls.length);
  const worst = Math.max(...stalls);
  assert.ok(Math.abs(top.worstMs - worst) <= 0.3 * worst, `worst ${top.worstMs} ms, the program measured ${worst} ms`);
  assert.ok(top.totalMs >= stalls.reduce((a, b) => a + b, 0), 'a step lasts at least as long as the stall inside it');
  assert.equal(report.stretchCount, stalls.length);
  assert.deepEqual(report.delay, []);
  assert.match(report.notes[0]!, /not the delay of every second/);
});

test('the text report, the editor note and the panel say how the line was found', () => {
  const report = analyseAsyncio(parseAsyncioDocument(text('async_worker.asyncio.json')));
  assert.match(formatEventLoopReport(report), /job {2}.*async_worker\.py:\d+\n {10}in an asyncio Task step \(line from its sampled frames\)/);
  assert.match(blockingLineNote(report.blockers[0]!), /^⚠ blocks the event loop: \d+× worst [\d.]+ ms$/);
  const html = eventLoopPageHtml({ title: 'async_worker.py', report, relative: (f) => relative(ROOT, f) }, { nonce: 'n', cspSource: 'vscode-resource:' });
  assert.match(html, /job, in an asyncio Task callback; line from sampled frames/);
  // No delay per second for Python: the summary counts slow callbacks, and no empty delay chart is drawn.
  assert.match(html, new RegExp(`<p class="summary">over [\\d.]+ s: ${report.stretchCount} slow callback\\(s\\) over 20 ms, [\\d.]+ ms blocked in all</p>`));
  assert.doesNotMatch(html, /<svg|delay p50/);
  assert.match(formatEventLoopReport(report), new RegExp(`^${report.stretchCount} slow callback\\(s\\) over 20 ms in [\\d.]+ s`));
});

test('a document that is not the recorder’s is refused', () => {
  assert.throws(() => parseAsyncioDocument('{"format":"hotline-event-loop","callbacks":[]}', 'x.json'), ProfileFormatError);
  assert.throws(() => parseAsyncioDocument('not json', 'x.json'), ProfileFormatError);
});
