'use strict';
// Hotline event-loop lag recorder, preloaded into the user's program:
//   HOTLINE_EVENTLOOP_OUT=result.json [HOTLINE_EVENTLOOP_THRESHOLD_MS=20] [HOTLINE_EVENTLOOP_SECONDS=S]
//   node --require event_loop_preload.cjs program.js [args...]
// Records (1) the event-loop delay histogram of every second (perf_hooks.monitorEventLoopDelay),
// (2) "blocked-at" stretches: every outermost async callback (async_hooks before/after) that ran
// longer than the threshold, with the stack that created its async resource (captured at init, and
// the creating resource's when that one has no user frame), and (3) a V8 CPU profile over the same
// clock (in-process inspector), so Hotline's core can name the line that ran during each stretch.
// After S seconds (when set) it writes the result and ends the program; otherwise at exit.
const asyncHooks = require('node:async_hooks');
const fs = require('node:fs');
const inspector = require('node:inspector');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const out = process.env.HOTLINE_EVENTLOOP_OUT;
const thresholdMs = Number(process.env.HOTLINE_EVENTLOOP_THRESHOLD_MS || 20);
const seconds = Number(process.env.HOTLINE_EVENTLOOP_SECONDS || 0);

const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const startedUs = nowUs();
const result = {
  format: 'hotline-event-loop',
  version: 1,
  node: process.version,
  pid: process.pid,
  helper: __filename,
  thresholdMs,
  startedUs,
  delay: [],
  stretches: [],
};

// Stacks are captured per async resource; V8 formats them only when read (for a stretch).
const MAX_FRAMES = 16;
const origins = new Map();
let depth = 0;
let stretchStart = 0;
let stretchId = 0;
const hook = asyncHooks.createHook({
  init(asyncId, type, triggerAsyncId) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = MAX_FRAMES;
    const at = {};
    Error.captureStackTrace(at);
    Error.stackTraceLimit = limit;
    const trigger = origins.get(triggerAsyncId);
    origins.set(asyncId, { type, at, triggerAt: trigger ? trigger.at : null });
  },
  before(asyncId) {
    if (depth++ === 0) {
      stretchStart = nowUs();
      stretchId = asyncId;
    }
  },
  after() {
    if (depth === 0 || --depth > 0) return;
    const durationMs = (nowUs() - stretchStart) / 1000;
    if (durationMs < thresholdMs) return;
    const origin = origins.get(stretchId);
    result.stretches.push({
      startUs: stretchStart,
      durationMs,
      type: origin ? origin.type : 'unknown',
      initStack: origin ? String(origin.at.stack) : '',
      triggerStack: origin && origin.triggerAt ? String(origin.triggerAt.stack) : '',
    });
  },
  destroy(asyncId) {
    origins.delete(asyncId);
  },
});
hook.enable();

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
const ms = (ns) => ns / 1e6;
function recordSecond() {
  if (histogram.count > 0) {
    result.delay.push({
      atMs: (nowUs() - startedUs) / 1000,
      count: histogram.count,
      minMs: ms(histogram.min),
      meanMs: ms(histogram.mean),
      p50Ms: ms(histogram.percentile(50)),
      p90Ms: ms(histogram.percentile(90)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
    });
  }
  histogram.reset();
}
const perSecond = setInterval(recordSecond, 1000);
perSecond.unref();

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');

let written = false;
function finish(reason) {
  if (written) return;
  written = true;
  hook.disable();
  clearInterval(perSecond);
  recordSecond();
  histogram.disable();
  result.endedUs = nowUs();
  result.endReason = reason;
  // In-process inspector calls answer synchronously, so this also works inside 'exit'.
  session.post('Profiler.stop', (err, res) => {
    if (err || !res) {
      result.cpuProfileError = String(err && err.message);
      return;
    }
    result.cpuProfile = `${out}.cpuprofile`;
    result.cpuProfileStartUs = res.profile.startTime;
    fs.writeFileSync(result.cpuProfile, JSON.stringify(res.profile));
  });
  session.disconnect();
  if (out) fs.writeFileSync(out, JSON.stringify(result));
}

process.on('exit', () => finish('exit'));
if (seconds > 0) {
  const stop = setTimeout(() => {
    finish('time limit');
    process.exit(0);
  }, seconds * 1000);
  stop.unref();
}
