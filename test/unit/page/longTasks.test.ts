// Long tasks of examples/web's load (test/fixtures/page/recordLoad.ts: the main thread's trace and V8's samples
// recorded together by Chromium), with the trace's own task durations as the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { frameWhere, longTasksText, longTasksWithFrames, mainThreadLongTasks, type TraceEvent } from '../../../src/core/page';
import { longTasksHtml } from '../../../src/core/page/longTasksPage';
import type { CpuProfileJson } from '../../../src/core/sourcemap';
import { assertStrictPage } from '../strictPage';

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '../../fixtures/page', name), 'utf8'));
const events = (fixture('examples-web.load.trace.json') as { traceEvents: TraceEvent[] }).traceEvents;
const profile = fixture('examples-web.load.cpuprofile') as CpuProfileJson;

test("the main thread's tasks over 50 ms are the trace's own, outermost only", () => {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')!;
  const expected = events
    .filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === main.pid && e.tid === main.tid && e.dur! > 50_000)
    .map((e) => ({ ts: e.ts, dur: e.dur }));
  assert.ok(expected.length >= 1, 'the example has a long task on load');
  assert.deepEqual(mainThreadLongTasks(events), expected);
  assert.deepEqual(mainThreadLongTasks(events, 1e9), [], 'none over a threshold nothing reaches');
});

test("each long task's top frames are the samples inside it: the minified similarity() of dist/main.js leads", () => {
  const tasks = longTasksWithFrames(events, profile);
  const long = tasks.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
  assert.ok(long.durationMs > 500, `examples/web's long task: ${long.durationMs} ms`);
  const top = long.frames[0]!;
  // Unmapped: similarity() is the bundle's p0 at line 20 (the map turns it into src/orders.ts; see test/integration/page).
  const p0 = profile.nodes.find((n) => n.callFrame.functionName === 'p0')!.callFrame;
  assert.deepEqual([top.name, top.line, new URL(top.url).pathname], ['p0', p0.lineNumber + 1, '/dist/main.js']);
  assert.ok(top.selfMs > long.durationMs / 2, `similarity() is most of the task: ${top.selfMs} of ${long.durationMs} ms`);
  assert.ok(long.frames.length <= 5);
  assert.ok(
    long.frames.every((f, i) => i === 0 || f.selfMs <= long.frames[i - 1]!.selfMs),
    'heaviest first',
  );
  const sum = long.frames.reduce((a, f) => a + f.selfMs, 0);
  assert.ok(sum <= long.durationMs + 1e-6, `the frames (${sum} ms) fit in the task`);
  assert.ok(!long.frames.some((f) => f.name === '(idle)'));
  const text = longTasksText(tasks).join('\n');
  assert.match(text, new RegExp(`Long main-thread tasks \\(over 50 ms\\) during the recorded load: ${tasks.length}`));
  assert.ok(text.includes(`p0  ${frameWhere(top)}`), text);
});

test('file:// frames read as paths; a load without long tasks says so', () => {
  assert.equal(frameWhere({ url: 'file:///w/web/src/orders.ts', line: 25 }), '/w/web/src/orders.ts:25');
  assert.equal(frameWhere({ url: '', line: 0 }), '');
  assert.deepEqual(longTasksText([]), ['No main-thread task over 50 ms during the recorded load']);
});

test('the Long Tasks page: one section per task with its frames, hostile names escaped, a strict page', () => {
  const tasks = longTasksWithFrames(events, profile);
  const hostile = [{ startMs: 1, durationMs: 80, frames: [{ name: '<img src=x onerror=alert(1)>', url: 'http://h/</script>.js', line: 3, selfMs: 60 }] }];
  const html = longTasksHtml('http://127.0.0.1:1/', [...tasks, ...hostile], { nonce: 'N0nce', cspSource: 'vscode-webview://x' });
  assertStrictPage(html, 'N0nce');
  assert.equal((html.match(/<section class="long-task"/g) ?? []).length, tasks.length + 1);
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;') && !html.includes('<img src=x'));
  assert.match(longTasksHtml('http://x/', [], { nonce: 'N0nce', cspSource: 'c' }), /id="no-long-tasks"/);
});

test("a recorded interaction's Long Tasks page: each task headed with the DOM events that started it, escaped", () => {
  const task = longTasksWithFrames(events, profile)[0]!;
  const html = longTasksHtml(
    'http://127.0.0.1:1/',
    [
      { ...task, events: ['mousedown', 'click'] },
      { ...task, events: ['<b>x</b>'] },
    ],
    {
      nonce: 'N0nce',
      cspSource: 'vscode-webview://x',
      interaction: true,
    },
  );
  assertStrictPage(html, 'N0nce');
  assert.match(html, /<h2>Long tasks \(over 50 ms\) on the main thread during the interaction recorded on http:\/\/127\.0\.0\.1:1\/<\/h2>/);
  assert.match(html, /<section class="long-task" data-task="0"><h3>[^<]+ task at [^<]+ \(mousedown, click\)<\/h3>/);
  assert.ok(html.includes('(&lt;b&gt;x&lt;/b&gt;)</h3>') && !html.includes('<b>x'));
});
