/**
 * Leaks in a whole program, run as itself and snapshotted at intervals; what grew in every interval is kept.
 *   Node: src/helpers/leak_watch_node.cjs preloaded (heap snapshots over the in-process inspector,
 *   allocation tracking on), analysed by src/core/memory/programLeaks.ts; run with --trace-gc, whose
 *   lines (on the program's stdout) become the GC events of the run and the heap-after-GC series.
 *   Python: src/helpers/leak_watch.py (tracemalloc snapshots from a watcher thread inside the program;
 *   gc.callbacks log every collection, the GC events of the run).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { heapAfterGcSeries, isNodeGcLine, parseNodeTraceGc, pythonGcEvents } from '../../core/memory/gcLog';
import { HeapSnapshot } from '../../core/memory/heapSnapshot';
import { LeakFinderError, leakReportFromPython, parsePythonLeakDocument } from '../../core/memory/leakAnalysis';
import type { LeakReport } from '../../core/memory/leakReport';
import { kindCensus, KindCensus, NodeLeakWatchRun, programLeakReport } from '../../core/memory/programLeaks';
import { ProfileMissingError } from '../errors';
import { MemoryRunOptions, runSampled } from './allocationProfile';
import { helperPath } from '../helperPath';
import { LeakFinderRun, readResult, readSnapshot, readSource } from './leakFinder';

export interface ProgramLeakRequest {
  /** A .js / .cjs / .mjs or .py program; it runs as itself (its main block runs). */
  program: string;
  args?: string[];
  cwd?: string;
  node?: string;
  python?: string;
  /** Time between heap snapshots (default 2000 ms). */
  intervalMs?: number;
  /** Snapshots to take, at least 3 (default 4); the program is ended after the last. */
  snapshots?: number;
  outDir?: string;
}

export async function runProgramLeaks(request: ProgramLeakRequest, options: MemoryRunOptions = {}): Promise<LeakFinderRun> {
  const cwd = request.cwd ?? process.cwd();
  const program = resolve(cwd, request.program);
  if (!existsSync(program)) throw new ProfileMissingError(`${request.program} does not exist`, null, '');
  const python = /\.py$/.test(program);
  if (!python && !/\.[cm]?js$/.test(program))
    throw new LeakFinderError(
      `whole-program leak watching runs Python (.py) and JavaScript (.js, .cjs, .mjs) programs, not ${request.program}; name a function to repeat with --call`,
      2,
    );
  const snapshots = request.snapshots ?? 4;
  if (snapshots < 3) throw new LeakFinderError('steady growth needs at least 3 snapshots', 2);
  const outDir = request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-leaks-'));
  const out = join(outDir, `leak-watch-${process.pid}-${Date.now()}.json`);
  const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : undefined;
  if (python) {
    const seconds = String((request.intervalMs ?? 2000) / 1000);
    const argv = [
      request.python ?? 'python3',
      helperPath('leak_watch.py'),
      '--out',
      out,
      '--interval',
      seconds,
      '--snapshots',
      String(snapshots),
      '--',
      program,
      ...(request.args ?? []),
    ];
    const { result, rss } = await runSampled(argv, out, { cwd, deadline, signal: options.signal, onOutput: options.onOutput, interruptSignal: 'SIGKILL' });
    const doc = parsePythonLeakDocument(readResult(out, result), out);
    // gc.callbacks: every collection of the run, into the same GC events as Node's --trace-gc.
    const gc = pythonGcEvents(doc.gcEvents ?? []);
    const series = gc.length ? [rss, heapAfterGcSeries(gc)] : [rss];
    return { report: leakReportFromPython(doc), files: [out], series, gc, exitCode: result.exitCode, stderrTail: result.stderrTail, argv };
  }
  const argv = [request.node ?? process.execPath, '--trace-gc', '--require', helperPath('leak_watch_node.cjs'), program, ...(request.args ?? [])];
  const env = {
    HOTLINE_LEAKWATCH_OUT: out,
    HOTLINE_LEAKWATCH_DIR: join(outDir, 'snapshots'),
    HOTLINE_LEAKWATCH_INTERVAL_MS: String(request.intervalMs ?? 2000),
    HOTLINE_LEAKWATCH_SNAPSHOTS: String(snapshots),
    ELECTRON_RUN_AS_NODE: '1',
  };
  const gcLines: string[] = [];
  const onOutput = (line: string) => (isNodeGcLine(line) ? gcLines.push(line) : options.onOutput?.(line));
  const { result, rss } = await runSampled(argv, out, { cwd, env, deadline, signal: options.signal, onOutput, interruptSignal: 'SIGKILL' });
  const gc = parseNodeTraceGc(gcLines.join('\n'));
  const run = JSON.parse(readResult(out, result)) as NodeLeakWatchRun;
  if (run.error && run.snapshots.length === 0) throw new LeakFinderError(run.error);
  if (run.snapshots.length === 0)
    throw new ProfileMissingError('the program ended before the first heap snapshot: shorten --interval', result.exitCode, result.stderrTail);
  const { report, files } = nodeWatchReport(run);
  return { report, files, series: gc.length ? [rss, heapAfterGcSeries(gc)] : [rss], gc, exitCode: result.exitCode, stderrTail: result.stderrTail, argv };
}

/** The leak report of a Node watch's snapshots (taken from inside the program or over an attached inspector). */
export function nodeWatchReport(run: NodeLeakWatchRun): { report: LeakReport; files: string[] } {
  // Script ids are stable within the process and the last snapshot knows the most: name kinds by it.
  const files = run.snapshots.map((s) => s.file);
  const last = readSnapshot(files[files.length - 1]!);
  const censuses: KindCensus[] = [];
  let first: HeapSnapshot = last;
  files.forEach((file, i) => {
    const snap = i === files.length - 1 ? last : readSnapshot(file);
    if (i === 0) first = snap;
    censuses.push(kindCensus(snap, new Map([...snap.scriptNames, ...last.scriptNames])));
  });
  return { report: programLeakReport(run, first, last, censuses, { readSource }), files };
}
