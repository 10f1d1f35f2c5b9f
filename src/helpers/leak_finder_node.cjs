'use strict';
// Hotline leak finder for Node: heap snapshots around N runs of one operation.
//   node --expose-gc leak_finder_node.cjs --out result.json --dir snapshots/ [--call main]
//        [--runs 50] [--warmup 3] -- program.js [args...]
// The program is loaded as a module (CommonJS require, or import() for ES modules), so a
// `require.main === module` block does not run; the operation is the function it exports under
// --call (may be async). Protocol: warm-up runs, gc, snapshot "before" (inspector protocol,
// HeapProfiler.takeHeapSnapshot), allocation tracking on, N runs, gc, snapshot "after" (whose
// objects carry their allocation stacks), tracking off, then N runs more measured by heapUsed alone
// (steady growth vs. a cache filling up). Hotline's core compares the snapshots.
const inspector = require('node:inspector');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

function parseArgs(argv) {
  const opts = { out: null, dir: null, call: 'main', runs: 50, warmup: 3 };
  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (a === '--') return { opts, target: argv.slice(i + 1) };
    const key = a.startsWith('--') ? a.slice(2) : null;
    if (key && key in opts && i + 1 < argv.length) {
      opts[key] = key === 'runs' || key === 'warmup' ? Number(argv[i + 1]) : argv[i + 1];
      i += 2;
    } else return { opts, target: argv.slice(i) };
  }
  return { opts, target: [] };
}

function post(session, method, params) {
  return new Promise((resolve, reject) => session.post(method, params || {}, (err, res) => (err ? reject(err) : resolve(res))));
}

async function snapshot(session, file) {
  const fd = fs.openSync(file, 'w');
  const onChunk = (m) => fs.writeSync(fd, m.params.chunk);
  session.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await post(session, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false, captureNumericValue: false });
  } finally {
    session.removeListener('HeapProfiler.addHeapSnapshotChunk', onChunk);
    fs.closeSync(fd);
  }
}

async function loadProgram(file) {
  try {
    return require(file);
  } catch (e) {
    if (e && e.code === 'ERR_REQUIRE_ESM') return import(pathToFileURL(file).href);
    throw e;
  }
}

function findOperation(mod, name) {
  const candidates = [mod, mod && mod.default, mod && mod['module.exports']];
  for (const c of candidates) {
    if (c && typeof c[name] === 'function') return c[name];
  }
  if (name === 'default' && typeof (mod && mod.default) === 'function') return mod.default;
  if (typeof mod === 'function' && (mod.name === name || name === 'main')) return mod;
  return null;
}

function exportedFunctions(mod) {
  const names = new Set();
  for (const c of [mod, mod && mod.default]) {
    if (c && (typeof c === 'object' || typeof c === 'function')) {
      for (const k of Object.keys(c)) if (typeof c[k] === 'function') names.add(k);
    }
  }
  return [...names];
}

async function main() {
  const { opts, target } = parseArgs(process.argv.slice(2));
  if (!opts.out || !opts.dir || target.length === 0) {
    process.stderr.write('usage: node --expose-gc leak_finder_node.cjs --out FILE --dir DIR [--call main] [--runs N] [--warmup N] -- program.js [args...]\n');
    return 2;
  }
  const program = path.resolve(target[0]);
  process.argv = [process.argv[0], program, ...target.slice(1)];
  const result = {
    format: 'hotline-leaks-node-run',
    version: 1,
    program,
    call: opts.call,
    runs: opts.runs,
    warmup: opts.warmup,
    node: process.version,
    warnings: [],
  };
  const write = () => fs.writeFileSync(opts.out, JSON.stringify(result));
  // MaxListenersExceededWarning is the runtime's own hint of a listener leak.
  process.on('warning', (w) => result.warnings.push({ name: w.name, message: String(w.message) }));
  if (typeof global.gc !== 'function') {
    result.error = 'global.gc is missing: run the helper with node --expose-gc';
    write();
    return 2;
  }
  let mod;
  try {
    mod = await loadProgram(program);
  } catch (e) {
    result.error = `loading ${target[0]} failed: ${e && e.stack ? e.stack : e}`;
    write();
    return 1;
  }
  const op = findOperation(mod, opts.call);
  if (!op) {
    const found = exportedFunctions(mod);
    result.error = `${target[0]} exports no function "${opts.call}" to run as the operation; export it (module.exports = { ${opts.call} } or export function ${opts.call}) or name another with --call <function> (exported functions: ${found.join(', ') || 'none'})`;
    write();
    return 2;
  }
  fs.mkdirSync(opts.dir, { recursive: true });
  const session = new inspector.Session();
  session.connect();
  const started = process.hrtime.bigint();
  try {
    // Let timers and promises the operation scheduled settle, as they would between requests.
    const settle = async () => {
      await new Promise((r) => setImmediate(r));
      global.gc();
      return process.memoryUsage().heapUsed;
    };
    for (let i = 0; i < opts.warmup; i++) await op();
    const m0 = await settle();
    result.before = path.join(opts.dir, 'before.heapsnapshot');
    await snapshot(session, result.before);
    await post(session, 'HeapProfiler.startTrackingHeapObjects', { trackAllocations: true });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < opts.runs; i++) await op();
    result.opNsPerRun = Number(process.hrtime.bigint() - t0) / Math.max(1, opts.runs);
    result.firstRoundGrowth = (await settle()) - m0;
    result.after = path.join(opts.dir, 'after.heapsnapshot');
    await snapshot(session, result.after);
    await post(session, 'HeapProfiler.stopTrackingHeapObjects', { reportProgress: false });
    // A second round of N runs, measured on its own: a leak keeps growing, a bounded cache
    // filling up or a one-time warm-up effect does not.
    const m1 = await settle();
    for (let i = 0; i < opts.runs; i++) await op();
    result.secondRoundGrowth = (await settle()) - m1;
  } catch (e) {
    result.error = `the operation ${opts.call}() failed: ${e && e.stack ? e.stack : e}`;
    write();
    return 1;
  } finally {
    session.disconnect();
  }
  result.durationNs = Number(process.hrtime.bigint() - started);
  write();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`hotline leak finder: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
