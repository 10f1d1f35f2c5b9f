'use strict';
// Hotline event-loop lag recorder, preloaded into the user's program:
//   HOTLINE_EVENTLOOP_OUT=result.json [HOTLINE_EVENTLOOP_THRESHOLD_MS=20] [HOTLINE_EVENTLOOP_SECONDS=S]
//   node --require event_loop_preload.cjs program.js [args...]
// Starts event_loop_recorder.cjs (delay histogram per second, blocked-at stretches with the stacks
// that created them) and a V8 CPU profile over the same clock (in-process inspector), so Hotline's
// core can name the line that ran during each stretch. After S seconds (when set) it writes the
// result and ends the program; otherwise at exit.
const fs = require('node:fs');
const inspector = require('node:inspector');
const { join } = require('node:path');

const out = process.env.HOTLINE_EVENTLOOP_OUT;
const thresholdMs = Number(process.env.HOTLINE_EVENTLOOP_THRESHOLD_MS || 20);
const seconds = Number(process.env.HOTLINE_EVENTLOOP_SECONDS || 0);

const recorderFile = join(__dirname, 'event_loop_recorder.cjs');
const recorder = require(recorderFile)({ load: require, thresholdMs, helpers: [__filename, recorderFile] });

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');

let written = false;
function finish(reason) {
  if (written) return;
  written = true;
  const result = recorder.finish(reason);
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
