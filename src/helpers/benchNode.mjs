// Hotline's Node benchmark runner. Runs inside the user's node:
//   node benchNode.mjs --out result.json [--time MS] [--warmup-time MS] [--min-samples N] [--filter S] FILE.bench.mjs...
// Each FILE default-exports benchmarks: { name: fn, ... } or [{ name, fn }, ...]; fn may be async.
// Writes {"tool":"hotline-tinybench","version":1,...} with the raw per-iteration samples (ms) of each task;
// warmup iterations are run by tinybench and not recorded.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Bench } from './benchTinybench.mjs';

function parseArgs(argv) {
  const opts = { out: null, time: 500, warmupTime: 100, minSamples: 30, filter: null, files: [] };
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
    else if (a === '--filter') opts.filter = next();
    else opts.files.push(a);
  }
  if (!opts.out || opts.files.length === 0) throw new Error('usage: benchNode.mjs --out FILE [--time MS] BENCH_FILE...');
  return opts;
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
    for (const [name, fn] of benchmarksOf(mod, file)) {
      if (opts.filter && !name.includes(opts.filter)) continue;
      if (typeof fn !== 'function') throw new Error(`${file}: benchmark "${name}" is not a function`);
      bench.add(name, fn);
    }
    await bench.run();
    for (const task of bench.tasks) {
      const r = task.result;
      if (r.state !== 'completed') throw new Error(`${file}: benchmark "${task.name}" ended ${r.state}${r.error ? `: ${r.error.message}` : ''}`);
      results.push({ name: task.name, file, unit: 'ms', samples: Array.from(r.latency.samples ?? []) });
    }
  }
  writeFileSync(opts.out, JSON.stringify({ tool: 'hotline-tinybench', version: 1, node: process.version, benchmarks: results }));
}

main().catch((err) => {
  process.stderr.write(`hotline bench (node): ${err?.message ?? err}\n`);
  process.exit(1);
});
