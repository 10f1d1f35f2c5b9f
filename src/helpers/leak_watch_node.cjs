'use strict';
// Hotline whole-program leak watch for Node, preloaded into the user's program:
//   HOTLINE_LEAKWATCH_OUT=result.json HOTLINE_LEAKWATCH_DIR=snapshots/ [HOTLINE_LEAKWATCH_INTERVAL_MS=2000]
//   [HOTLINE_LEAKWATCH_SNAPSHOTS=4]  node --require leak_watch_node.cjs program.js [args...]
// The program runs as itself (no exported function needed). Allocation tracking is on from the
// start (so every snapshot knows where its objects were allocated); every interval the heap is
// collected and snapshotted over the in-process inspector (HeapProfiler), and after the last
// snapshot the result is written and the program ended. A program that exits earlier gets a last
// snapshot at exit. Hotline's core keeps what grew in every interval.
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const out = process.env.HOTLINE_LEAKWATCH_OUT;
const dir = process.env.HOTLINE_LEAKWATCH_DIR;
const intervalMs = Number(process.env.HOTLINE_LEAKWATCH_INTERVAL_MS || 2000);
const wanted = Number(process.env.HOTLINE_LEAKWATCH_SNAPSHOTS || 4);
const startedNs = process.hrtime.bigint();
const result = {
  format: 'hotline-leak-watch-node',
  version: 1,
  node: process.version,
  pid: process.pid,
  helper: __filename,
  program: process.argv[1],
  intervalMs,
  snapshots: [],
  warnings: [],
};
// MaxListenersExceededWarning is the runtime's own hint of a listener leak.
process.on('warning', (w) => result.warnings.push({ name: w.name, message: String(w.message) }));

const session = new inspector.Session();
session.connect();
// In-process inspector calls answer synchronously: a snapshot can be taken inside 'exit' too.
function post(method, params) {
  let error = null;
  session.post(method, params || {}, (err) => (error = err));
  if (error) throw error;
}
post('HeapProfiler.enable');
post('HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
fs.mkdirSync(dir, { recursive: true });

function snapshot(reason) {
  const file = path.join(dir, `${result.snapshots.length + 1}.heapsnapshot`);
  post('HeapProfiler.collectGarbage');
  const heapUsedBytes = process.memoryUsage().heapUsed;
  const fd = fs.openSync(file, 'w');
  const onChunk = (m) => fs.writeSync(fd, m.params.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    post('HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    session.removeListener('HeapProfiler.addHeapSnapshotChunk', onChunk);
    fs.closeSync(fd);
  }
  result.snapshots.push({ file, atMs: Number(process.hrtime.bigint() - startedNs) / 1e6, heapUsedBytes, reason });
}

let done = false;
function finish(reason) {
  if (done) return;
  done = true;
  result.endReason = reason;
  fs.writeFileSync(out, JSON.stringify(result));
}

function tick() {
  snapshot('interval');
  if (result.snapshots.length >= wanted) {
    finish('all snapshots taken');
    process.exit(0);
  }
  timer = setTimeout(tick, intervalMs);
  timer.unref();
}
let timer = setTimeout(tick, intervalMs);
timer.unref();

process.on('exit', () => {
  if (done) return;
  try {
    snapshot('exit');
  } catch (e) {
    result.error = `the snapshot at exit failed: ${e && e.message}`;
  }
  finish('program exited');
});
