// Chrome trace-event JSON (DevTools Performance panel), recorded by Debian Chromium over the
// DevTools protocol (scripts/record-interop.mjs chrome); the trace's own events and Chromium's own
// .cpuprofile of the same page are the oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { importProfileBytes } from '../../../src/core/importers/index';
import { Profile, ProfileFormatError, totalWeight } from '../../../src/core/model/profile';
import { topFunctions } from '../../../src/core/model/views';
import { eventLoopBlocks } from '../../../src/core/flame/eventLoop';
import { profileFromJson, profileToJson } from '../../../src/core/flame/profileJson';
import { checkFixture, enc, expected, fn, fx, importOrFormatError } from './helpers';

const TRACE = 'interop/chrome/busy.trace.json.gz';
const exp = expected('interop/chrome/busy.trace.expected.json');
const topJavaScript = (p: Profile) => topFunctions(p, { weight: 0, limit: 50 }).find((f) => !f.name.startsWith('('))!;
const pageLine = (text: string) =>
  readFileSync(fx('interop/chrome/page.html'), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

test("Performance-panel trace: the page main thread's samples and time are the trace's own", async () => {
  const p = await checkFixture(TRACE, { format: 'chrome-trace' });
  const main = exp.trace.threads[exp.trace.pageMainThread];
  assert.equal(totalWeight(p, 0), main.samples);
  // Each sample lasts until the next: together they span the deltas after the first.
  assert.ok(Math.abs(totalWeight(p, 1) - (main.sumTimeDeltasUs - main.firstDeltaUs) * 1000) < 1);
  const [pid, tid] = exp.trace.pageMainThread.split(':');
  assert.match(p.metadata.notes!.join(' '), new RegExp(`Thread: CrRendererMain \\(pid ${pid}, tid ${tid}, ${main.samples} samples\\)`));
  assert.equal(p.timeline!.stacks.length, main.samples, 'timeline kept');
});

test("Performance-panel trace: top JavaScript function is the one Chromium's own .cpuprofile of the page names, on its loop line", async () => {
  const p = await importProfileBytes('busy.trace.json.gz', readFileSync(fx(TRACE)));
  assert.equal(topJavaScript(p).name, exp.cpuprofile.topSelfJavaScript);
  const hot = fn(p, 'hotSum');
  assert.equal(hot.line, pageLine('function hotSum'), 'function line from the 0-based callFrame.lineNumber');
  // The chunks' per-sample lines put the samples inside the function, mostly on its loop.
  const lines = p.frames.filter((f) => f.name === 'hotSum' && f.line !== null && f.line > hot.line!);
  assert.ok(lines.some((f) => f.line === pageLine('for (let i = 0; i < n; i++) s += Math.sqrt')));
  // Chromium's own .cpuprofile of the same page, read by the .cpuprofile importer, agrees.
  const own = await checkFixture('interop/chrome/busy.cpuprofile', { format: 'cpuprofile' });
  assert.equal(totalWeight(own, 0), exp.cpuprofile.samples);
  assert.equal(topJavaScript(own).name, exp.cpuprofile.topSelfJavaScript);
});

test('Performance-panel trace: the worker and the other renderer are named, with their sample counts; long tasks are noted', async () => {
  const p = await importProfileBytes('busy.trace.json.gz', readFileSync(fx(TRACE)));
  const notes = p.metadata.notes!.join(' ');
  const others = Object.entries(exp.trace.threads as Record<string, { name: string; samples: number }>).filter(([k]) => k !== exp.trace.pageMainThread);
  assert.match(notes, new RegExp(`${others.length} other profiled thread\\(s\\)`));
  for (const [k, t] of others)
    assert.ok(notes.includes(`${t.name} (pid ${k.split(':')[0]}, tid ${k.split(':')[1]}, ${t.samples} samples)`), `${k} named: ${notes}`);
  assert.ok(exp.trace.threads[exp.trace.workerThread].name === 'DedicatedWorker thread');
  const mine = (exp.trace.longTasks as { thread: string; durUs: number }[]).filter((t) => t.thread === exp.trace.pageMainThread);
  assert.ok(mine.length >= 1, 'the page ran one long task');
  assert.match(notes, new RegExp(`${mine.length} long task\\(s\\) over 50 ms on this thread: at [\\d.]+ ms for ${(mine[0]!.durUs / 1000).toFixed(1)} ms`));
  assert.match(notes, new RegExp(`${exp.trace.longTasks.length - mine.length} long task\\(s\\) over 50 ms on other threads`));
});

test("Performance-panel trace: the long tasks are on the timeline with the trace's own durations, and the panel's blocks are those tasks, held by the page's hot function", async () => {
  const p = await importProfileBytes('busy.trace.json.gz', readFileSync(fx(TRACE)));
  const mine = (exp.trace.longTasks as { thread: string; durUs: number }[]).filter((t) => t.thread === exp.trace.pageMainThread);
  assert.deepEqual(
    p.timeline!.tasks!.map((t) => t.durationNs),
    mine.map((t) => t.durUs * 1000),
  );
  const blocks = eventLoopBlocks(p);
  assert.deepEqual(
    blocks.map((b) => [b.source, b.durationMs]),
    mine.map((t) => ['trace', t.durUs / 1000]),
  );
  // The task lies inside the recording, and its samples are the page's own busy loop.
  const task = p.timeline!.tasks![0]!;
  assert.ok(task.startNs >= 0 && task.startNs + task.durationNs <= p.timeline!.timesNs.at(-1)! + 1e7, `${task.startNs} + ${task.durationNs}`);
  assert.equal(blocks[0]!.frames[0]!.name, exp.cpuprofile.topSelfJavaScript);
  assert.ok(blocks[0]!.frames[0]!.share > 0.8, `share ${blocks[0]!.frames[0]!.share}`);
  // The worker's own task when the worker is the thread shown.
  const worker = await importProfileBytes('busy.trace.json.gz', readFileSync(fx(TRACE)), { thread: exp.trace.workerThread });
  const theirs = (exp.trace.longTasks as { thread: string; durUs: number }[]).filter((t) => t.thread === exp.trace.workerThread);
  assert.deepEqual(
    eventLoopBlocks(worker).map((b) => b.durationMs),
    theirs.map((t) => t.durUs / 1000),
  );
  // Saved and re-read (the standalone page's embedded data), the tasks stay.
  assert.deepEqual(profileFromJson(JSON.parse(JSON.stringify(profileToJson(p)))).timeline!.tasks, p.timeline!.tasks);
});

test('the bare-array shape of the same events gives the same profile', async () => {
  const events = JSON.parse(gunzipSync(readFileSync(fx(TRACE))).toString('utf8')).traceEvents;
  const obj = await importProfileBytes('busy.json', readFileSync(fx(TRACE)));
  const arr = await checkFixtureBytes(enc(JSON.stringify(events)));
  assert.equal(totalWeight(arr, 0), totalWeight(obj, 0));
  assert.equal(totalWeight(arr, 1), totalWeight(obj, 1));
  assert.deepEqual(arr.metadata.notes, obj.metadata.notes);
});

async function checkFixtureBytes(bytes: Uint8Array): Promise<Profile> {
  const p = await importOrFormatError('trace.json', bytes);
  assert.ok(!(p instanceof ProfileFormatError), String(p));
  assert.equal(p.metadata.format, 'chrome-trace');
  return p;
}

test('a trace without CPU samples, or whose chunk has fewer time deltas than samples, is an error naming the file', async () => {
  const noProfile = await importOrFormatError('t.json', enc(JSON.stringify({ traceEvents: [{ name: 'RunTask', ph: 'X', pid: 1, tid: 1, ts: 0, dur: 5 }] })));
  assert.ok(noProfile instanceof ProfileFormatError);
  assert.match(noProfile.message, /t\.json: not a valid chrome-trace profile: no CPU profile samples in the trace .*v8\.cpu_profiler/);
  const chunk = {
    name: 'ProfileChunk',
    ph: 'P',
    pid: 1,
    tid: 2,
    id: '0x1',
    ts: 1,
    args: { data: { cpuProfile: { nodes: [{ id: 1, callFrame: { functionName: '(root)' } }], samples: [1, 1] }, timeDeltas: [5] } },
  };
  const short = await importOrFormatError(
    't.json',
    enc(JSON.stringify([{ name: 'Profile', ph: 'P', pid: 1, tid: 1, id: '0x1', ts: 0, args: { data: { startTime: 0 } } }, chunk])),
  );
  assert.ok(short instanceof ProfileFormatError);
  assert.match(short.message, /\(traceEvents\[1\] \(ProfileChunk\)\): 2 samples but 1 timeDeltas/);
});
