// Event-loop lag analysis on a real recording: event_loop_preload.cjs on examples/long-running/server.js
// (Node 20, 3 s), its CPU profile, and the stalls the program timed itself (the oracle).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyseEventLoop, formatEventLoopReport, parseEventLoopDocument, userFrames } from '../../../src/core/eventLoop/eventLoopLag';
import { importProfileBytes } from '../../../src/core/importers/index';
import { ProfileFormatError } from '../../../src/core/model/profile';
import { markedLine, ROOT } from '../memory/markedLine';
import { readFileSync } from 'node:fs';

const DIR = join(ROOT, 'test', 'fixtures', 'eventLoop');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8').replaceAll('/ROOT', ROOT);
const SERVER = 'examples/long-running/server.js';
/** "stall: JSON.parse blocked the event loop for 97.8 ms" per stall, as the program logged it. */
const stalls = text('server.stalls.txt')
  .trim()
  .split('\n')
  .map((l) => Number(/for ([\d.]+) ms/.exec(l)![1]));

async function recorded() {
  const doc = parseEventLoopDocument(text('server.eventloop.json'));
  const cpuProfile = await importProfileBytes('server.cpuprofile', new TextEncoder().encode(text('server.cpuprofile')));
  return { doc, cpuProfile };
}

test('each stall is one blocking stretch at the BLOCKS line, worst within 30% of what the program measured', async () => {
  const { doc, cpuProfile } = await recorded();
  const report = analyseEventLoop(doc, { cpuProfile });
  const top = report.blockers[0]!;
  assert.equal(top.file, join(ROOT, SERVER));
  assert.equal(top.line, markedLine(SERVER, '// BLOCKS'));
  assert.equal(top.function, 'parseReport');
  assert.equal(top.attributedBy, 'cpu-profile');
  assert.equal(top.count, stalls.length);
  const worst = Math.max(...stalls);
  assert.ok(Math.abs(top.worstMs - worst) <= 0.3 * worst, `worst ${top.worstMs} ms, the program measured ${worst} ms`);
  assert.ok(top.totalMs >= stalls.reduce((a, b) => a + b, 0), 'a stretch lasts at least as long as the parse inside it');
  assert.equal(top.resourceType, 'HTTPINCOMINGMESSAGE');
  assert.equal(report.stretchCount, doc.stretches.length);
  assert.deepEqual(report.notes, []);
  assert.match(formatEventLoopReport(report), new RegExp(`${stalls.length}x {2}worst .* parseReport {2}.*server\\.js:${top.line}`));
});

test('the delay histogram per second sees the stalls: the worst second p99 and max near the worst stall', async () => {
  const { doc, cpuProfile } = await recorded();
  const report = analyseEventLoop(doc, { cpuProfile });
  assert.equal(report.delay.length, 3);
  const worst = Math.max(...stalls);
  assert.ok(Math.abs(report.summary.maxMs - worst) <= 0.3 * worst, `histogram max ${report.summary.maxMs} ms vs ${worst} ms`);
  // An idle second samples every ~10 ms (the resolution): p50 sits near it, far below a stall.
  assert.ok(report.summary.p50Ms < 20, String(report.summary.p50Ms));
  assert.ok(report.delay.every((d) => d.count > 0 && d.minMs <= d.p50Ms && d.p50Ms <= d.p99Ms && d.p99Ms <= d.maxMs));
});

test('without the CPU profile the line comes from where the callback was scheduled, and it says so', async () => {
  const { doc } = await recorded();
  const report = analyseEventLoop(doc);
  assert.match(report.notes[0]!, /no CPU profile/);
  // HTTP request callbacks are created inside Node's http server: no user frame to name.
  const http = report.blockers.find((b) => b.resourceType === 'HTTPINCOMINGMESSAGE')!;
  assert.equal(http.attributedBy, 'unknown');
  assert.equal(http.file, null);
});

test('userFrames keeps the program frames of a V8 stack, not Node internals or the helper', () => {
  const stack = [
    'Error',
    '    at AsyncHook.init (/x/dist/helpers/event_loop_preload.cjs:35:11)',
    '    at emitInitNative (node:internal/async_hooks:202:43)',
    '    at setTimeout (node:timers:140:15)',
    '    at schedule (/app/jobs.js:12:3)',
    '    at async /app/main.mjs:4:1',
    '    at file:///app/url%20name.mjs:7:9',
  ].join('\n');
  assert.deepEqual(userFrames(stack, ['/x/dist/helpers/event_loop_preload.cjs']), [
    { name: 'schedule', file: '/app/jobs.js', line: 12, column: 3 },
    { name: '(anonymous)', file: '/app/main.mjs', line: 4, column: 1 },
    { name: '(anonymous)', file: '/app/url name.mjs', line: 7, column: 9 },
  ]);
});

test('a document of another format is refused', () => {
  assert.throws(() => parseEventLoopDocument('{"format":"hotline-leaks"}', 'x.json'), ProfileFormatError);
});
