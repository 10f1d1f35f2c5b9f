// Hotline's Node benchmark runner. Runs inside the user's node:
//   node benchNode.mjs --out result.json [--time MS] [--warmup-time MS] [--min-samples N] [--round-ms MS]
//                      [--filter REGEXP] FILE.bench.mjs...
// Each FILE default-exports benchmarks: { name: fn, ... } or [{ name, fn }, ...]; fn may be async.
// A sample is a round: fn runs k times in a row, k calibrated so a round lasts about --round-ms
// (default 5 ms; k = 1 for slower functions), and the sample is the round's time / k — as
// pytest-benchmark's rounds and Go's b.N work. Single calls of a microsecond function are mostly
// timer and GC noise (CV in the thousands of percent); rounds give figures that compare.
// Writes {"tool":"hotline-tinybench","version":2,...} with the samples (ms per call) of each task
// and the calls per sample; warmup rounds are run by tinybench and not recorded.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from './benchTinybench.mjs';

function parseArgs(argv) {
  const opts = { out: null, time: 500, warmupTime: 100, minSamples: 30, roundMs: 5, filter: null, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') opts.out = next();
    else if (a === '--time') opts.time = Number(next());
    else if (a === '--warmup-time') opts.warmupTime = Number(next());
    else if (a === '--min-samples') opts.minSamples = Number(next());
    else if (a === '--round-ms') opts.roundMs = Number(next());
    else if (a === '--filter') opts.filter = new RegExp(next());
    else opts.files.push(a);
  }
  if (!opts.out || opts.files.length === 0) throw new Error('usage: benchNode.mjs --out FILE [--time MS] BENCH_FILE...');
  return opts;
}

/**
 * How many calls make a round of about `roundMs`, and whether fn is async: calls it for ~5 rounds'
 * worth of time (at least 3 calls), twice.
 */
async function calibrate(fn, roundMs) {
  // A first pass warms the function up (the JIT makes later calls much faster); the second measures.
  await timeCalls(fn, roundMs);
  return timeCalls(fn, roundMs);
}

async function timeCalls(fn, roundMs) {
  let calls = 0;
  let isAsync = false;
  const t0 = performance.now();
  let elapsed = 0;
  while (calls < 3 || (elapsed < roundMs * 5 && calls < 1e7)) {
    const r = fn();
    if (r && typeof r.then === 'function') {
      isAsync = true;
      await r;
    }
    calls++;
    elapsed = performance.now() - t0;
  }
  const perCall = elapsed / calls;
  return { k: perCall >= roundMs ? 1 : Math.max(1, Math.round(roundMs / Math.max(perCall, 1e-6))), isAsync };
}

function rounds(fn, k, isAsync) {
  if (k === 1) return fn;
  return isAsync
    ? async () => {
        for (let i = 0; i < k; i++) await fn();
      }
    : () => {
        for (let i = 0; i < k; i++) fn();
      };
}

function benchmarksOf(mod, file) {
  const exported = mod.default ?? mod.benchmarks;
  if (Array.isArray(exported)) return exported.map((b) => [String(b.name), b.fn]);
  if (exported && typeof exported === 'object') return Object.entries(exported);
  throw new Error(`${file}: export default { name: fn } or [{ name, fn }] (found ${typeof exported})`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const results = [];
  for (const file of opts.files) {
    const path = resolve(file);
    const mod = await import(pathToFileURL(path).href);
    const bench = new Bench({
      time: opts.time,
      iterations: opts.minSamples,
      warmup: true,
      warmupTime: opts.warmupTime,
      retainSamples: true,
      throws: true,
    });
    const callsPerSample = new Map();
    for (const [name, fn] of benchmarksOf(mod, file)) {
      if (opts.filter && !opts.filter.test(name)) continue;
      if (typeof fn !== 'function') throw new Error(`${file}: benchmark "${name}" is not a function`);
      const { k, isAsync } = await calibrate(fn, opts.roundMs);
      callsPerSample.set(name, k);
      bench.add(name, rounds(fn, k, isAsync));
    }
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`${file}: benchmark "${task.name}" ended ${r.state}${r.error ? `: ${r.error.message}` : ''}`);
      const k = callsPerSample.get(task.name) ?? 1;
      results.push({ name: task.name, file, unit: 'ms', callsPerSample: k, samples: Array.from(r.latency.samples ?? [], (v) => v / k) });
    }
  }
  writeFileSync(opts.out, JSON.stringify({ tool: 'hotline-tinybench', version: 2, node: process.version, benchmarks: results }));
}

main().catch((err) => {
  process.stderr.write(`hotline bench (node): ${err?.message ?? err}\n`);
  process.exit(1);
});
