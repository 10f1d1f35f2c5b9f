// Leak diff at size (issue 17): two ~200 MB Node heap snapshots of a program whose heap grows between
// them, taken once by Hotline's own leak finder helper (dist/helpers/leak_finder_node.cjs: inspector
// HeapProfiler.takeHeapSnapshot, allocation tracking on for the second) and cached in
// $HOTLINE_CACHE/bench-leaks (delete it to record again). Hotline's diff runs in a child exactly as
// runLeakFinder does after the helper (readSnapshot: the streaming reader in 8 MB slices, then
// leakReportFromNode); memlab (scripts/setup.d/56-memlab.sh) finds leaks in the same files in the same
// run (findLeaksBySnapshotFilePaths, baseline = before, target = final = after: its two-snapshot form).
// Each child reports its own VmHWM (peak RSS) from /proc. Targets: Hotline under 20 s and 1.5 GB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { memory } from './importers/procRss';

const TARGET_MS = 20_000;
const TARGET_PEAK_BYTES = 1.5 * 1024 ** 3;
const ORDERS = process.env.HOTLINE_BENCH_HEAP_ORDERS ?? '140000';
const cacheRoot = process.env.HOTLINE_CACHE ?? join(homedir(), '.cache', 'hotline');
const cache = join(cacheRoot, 'bench-leaks', `v1-orders-${ORDERS}-node-${process.version}`);
const runFile = join(cache, 'run.json');
const memlabApi = join(cacheRoot, 'memlab/node_modules/@memlab/api');

interface ChildFigures {
  ms: number;
  peakBytes: number;
  summary: string;
}

const mb = (b: number): string => `${(b / 1024 ** 2).toFixed(0)} MB`;

async function child(): Promise<void> {
  const { helperPath } = await import('../src/profilers/helperPath');
  const { readSnapshot, readSource } = await import('../src/profilers/memory/leakFinder');
  const { leakReportFromNode } = await import('../src/core/memory/leakAnalysis');
  const run = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as import('../src/core/memory/leakAnalysis').NodeLeakRun;
  const t0 = performance.now();
  const before = readSnapshot(run.before!);
  const after = readSnapshot(run.after!);
  const report = leakReportFromNode(run, before, after, { helperFiles: [helperPath('leak_finder_node.cjs')], readSource });
  const ms = performance.now() - t0;
  const top = report.kinds.slice(0, 3).map((k) => `${k.name} +${k.countDelta}`);
  const site = report.sites[0];
  const figures: ChildFigures = {
    ms,
    peakBytes: memory(process.pid)!.hwm,
    summary: `${report.kinds.length} growing kinds (${top.join(', ')}), top site ${site ? `${site.function} ${(site.file ?? '?').split('/').pop()}:${site.line}` : 'none'}, patterns: ${report.patterns.map((p) => p.id).join(', ') || 'none'}`,
  };
  process.stdout.write(JSON.stringify(figures));
}

/** memlab's own leak detection on the same files, in a plain Node child (its default heap settings, as Hotline's). */
const MEMLAB_CHILD = `
const { findLeaksBySnapshotFilePaths } = require(process.argv[1]);
const fs = require('node:fs');
const t0 = performance.now();
findLeaksBySnapshotFilePaths(process.argv[2], process.argv[3], process.argv[3], { workDir: process.argv[4], consoleMode: 'SILENT' }).then((leaks) => {
  const ms = performance.now() - t0;
  const hwm = Number(/^VmHWM:\\s+(\\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]) * 1024;
  process.stdout.write(JSON.stringify({ ms, peakBytes: hwm, summary: leaks.length + ' leak trace clusters' }));
});
`;

function record(): void {
  if (existsSync(join(cache, '.recorded'))) return;
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const helper = join(__dirname, '..', 'dist', 'helpers', 'leak_finder_node.cjs');
  console.log(`recording once: heap snapshots of bench/leaks/bigHeap.cjs (${ORDERS} orders) by Hotline's leak finder helper into ${cache}`);
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      helper,
      '--out',
      runFile,
      '--dir',
      join(cache, 'snapshots'),
      '--runs',
      '20',
      '--warmup',
      '3',
      '--',
      join(__dirname, 'leaks', 'bigHeap.cjs'),
    ],
    { cwd: cache, env: { ...process.env, HOTLINE_BENCH_HEAP_ORDERS: ORDERS }, stdio: 'inherit', timeout: 20 * 60_000 },
  );
  const run = existsSync(runFile) ? (JSON.parse(readFileSync(runFile, 'utf8')) as { before?: string; after?: string; error?: string }) : null;
  if (r.status !== 0 || !run?.before || !run.after) throw new Error(`the leak finder helper failed (${r.status ?? r.signal}): ${run?.error ?? 'no result'}`);
  writeFileSync(join(cache, '.recorded'), new Date().toISOString());
  console.log(`recorded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

function measure(argv: string[], timeoutMs: number): ChildFigures | Error {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    const why = r.signal ? `killed by ${r.signal}${r.error ? ` (${r.error.message})` : ''}` : `exit ${r.status}`;
    return new Error(`${why}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ').slice(0, 300)}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as ChildFigures;
}

async function main(): Promise<void> {
  record();
  const run = JSON.parse(readFileSync(runFile, 'utf8')) as { before: string; after: string };
  const sizes = [run.before, run.after].map((f) => statSync(resolve(cache, f)).size);
  console.log(`snapshots: before ${mb(sizes[0]!)}, after ${mb(sizes[1]!)} (${cache})`);
  // Paths in run.json are relative to the cache folder (the helper's cwd): make them absolute for the children.
  const absRun = join(cache, 'run-abs.json');
  const raw = JSON.parse(readFileSync(runFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(absRun, JSON.stringify({ ...raw, before: resolve(cache, run.before), after: resolve(cache, run.after) }));
  const hotline = measure([process.execPath, '--import', 'tsx', __filename, '--child', absRun], 10 * 60_000);
  let memlab: ChildFigures | Error | null = null;
  if (existsSync(memlabApi)) {
    const work = join(cache, 'memlab-work');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    memlab = measure([process.execPath, '-e', MEMLAB_CHILD, memlabApi, resolve(cache, run.before), resolve(cache, run.after), work], 15 * 60_000);
  } else console.log('memlab: not installed (scripts/setup.d/56-memlab.sh) — no comparison');
  const cell = (f: ChildFigures | Error | null): string =>
    f === null ? '—' : f instanceof Error ? `failed (${f.message})` : `${(f.ms / 1000).toFixed(1)} s, peak RSS ${mb(f.peakBytes)}; ${f.summary}`;
  console.log(
    `\nleak diff of two heap snapshots (load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}):`,
  );
  console.log(`| hotline (readSnapshot ×2 + leakReportFromNode) | ${cell(hotline)} |`);
  console.log(`| memlab ${existsSync(memlabApi) ? '2.0.5 findLeaksBySnapshotFilePaths' : ''} | ${cell(memlab)} |`);
  if (!(hotline instanceof Error) && memlab && !(memlab instanceof Error))
    console.log(`ratio hotline/memlab: time ${(hotline.ms / memlab.ms).toFixed(2)}, peak RSS ${(hotline.peakBytes / memlab.peakBytes).toFixed(2)}`);
  let ok = !(hotline instanceof Error);
  if (!(hotline instanceof Error)) {
    const t = hotline.ms <= TARGET_MS;
    const m = hotline.peakBytes <= TARGET_PEAK_BYTES;
    console.log(
      `targets: time ${(hotline.ms / 1000).toFixed(1)} s < 20 s — ${t ? 'ok' : 'MISSED'}; peak RSS ${mb(hotline.peakBytes)} < 1536 MB — ${m ? 'ok' : 'MISSED'}`,
    );
    ok = t && m;
  }
  process.exit(ok ? 0 : 1);
}

if (process.argv[2] === '--child') void child();
else void main();
