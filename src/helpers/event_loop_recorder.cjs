'use strict';
// Hotline event-loop lag recorder, one body for both ways in:
//   - event_loop_preload.cjs requires it in a program Hotline starts (node --require);
//   - src/profilers/eventLoop/attach.ts evaluates this file's text in a running process over its
//     inspector (Runtime.evaluate), where `require` is not in scope: it passes
//     process.getBuiltinModule (Node >= 20.16) or the main module's require as `load`.
// Records (1) the event-loop delay histogram of every second (perf_hooks.monitorEventLoopDelay) and
// (2) "blocked-at" stretches: every outermost async callback (async_hooks before/after) that ran
// longer than the threshold, with the stack that created its async resource (captured at init, and
// the creating resource's when that one has no user frame). The CPU profile on the same clock is
// the caller's (in-process session, or the attaching inspector). finish() disables every hook and
// timer it set and returns the record.
module.exports = function startEventLoopRecorder({ load, thresholdMs, helpers }) {
  const asyncHooks = load('node:async_hooks');
  const { monitorEventLoopDelay } = load('node:perf_hooks');

  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  const startedUs = nowUs();
  const result = {
    format: 'hotline-event-loop',
    version: 1,
    node: process.version,
    pid: process.pid,
    helper: helpers[0],
    helpers,
    thresholdMs,
    startedUs,
    delay: [],
    stretches: [],
  };

  // Stacks are captured per async resource; V8 formats them only when read (for a stretch).
  const MAX_FRAMES = 16;
  // A process watched for hours keeps its record bounded; the count of the rest is kept.
  const MAX_STRETCHES = 10000;
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
      if (result.stretches.length >= MAX_STRETCHES) {
        result.droppedStretches = (result.droppedStretches || 0) + 1;
        return;
      }
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

  let finished = false;
  return {
    result,
    finish(reason) {
      if (finished) return result;
      finished = true;
      hook.disable();
      clearInterval(perSecond);
      recordSecond();
      histogram.disable();
      origins.clear();
      result.endedUs = nowUs();
      result.endReason = reason;
      return result;
    },
  };
};
