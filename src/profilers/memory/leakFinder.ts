/**
 * Runs the leak finder protocol on a program's operation (a function it defines or exports):
 * warm-up, baseline snapshot, N runs, second snapshot, ranked difference (see src/core/memory).
 *   Python: src/helpers/leak_finder.py (tracemalloc + gc object census), run in the user's interpreter.
 *   Node: src/helpers/leak_finder_node.cjs (inspector heap snapshots with allocation tracking).
 */
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HeapSnapshot } from '../../core/memory/heapSnapshot';
import { readHeapSnapshot } from '../../core/memory/heapSnapshotReader';
import { LeakFinderError, leakReportFromNode, leakReportFromPython, NodeLeakRun, parsePythonLeakDocument } from '../../core/memory/leakAnalysis';
import { LeakReport } from '../../core/memory/leakReport';
import { MemorySeries } from '../../core/memory/memorySeries';
import type { GcEvent } from '../../core/memory/gcLog';
import { ProfileMissingError } from '../errors';
import { ExecResult } from '../processTree';
import { memoryLanguageOf, memorySpec, MemoryRunOptions, projectRootOf, runSampled } from './allocationProfile';
import { remapLeakReport, transpileForMemory } from './typescriptSupport';
import { helperPath } from '../helperPath';
import { fileSlices } from '../fileSlices';

export { LeakFinderError } from '../../core/memory/leakAnalysis';

export interface LeakFinderRequest {
  /** A .py or .js/.cjs/.mjs file that defines (Python) or exports (Node) the operation. */
  program: string;
  /** Arguments the program sees in sys.argv / process.argv while it is loaded. */
  args?: string[];
  /** The operation: a top-level function (Python) or an exported function (Node). Default "main". */
  call?: string;
  /** Runs between the two snapshots (default 50). */
  runs?: number;
  /** Runs before the baseline, so one-time caches and lazy imports do not count (default 3). */
  warmup?: number;
  cwd?: string;
  python?: string;
  node?: string;
  /** Folder for snapshots and the helper's output (default: a new temp folder). */
  outDir?: string;
}

export interface LeakFinderRun {
  report: LeakReport;
  /** Node: before/after .heapsnapshot files (open them in DevTools); Python: the helper's JSON. */
  files: string[];
  series: MemorySeries[];
  /** Node whole-program runs: the GC events --trace-gc logged, in the run's order. */
  gc?: GcEvent[];
  exitCode: number | null;
  stderrTail: string;
  argv: string[];
}

export async function runLeakFinder(request: LeakFinderRequest, options: MemoryRunOptions = {}): Promise<LeakFinderRun> {
  const cwd = request.cwd ?? process.cwd();
  const program = resolve(cwd, request.program);
  if (!existsSync(program)) throw new ProfileMissingError(`${request.program} does not exist`, null, '');
  const language = memoryLanguageOf(program);
  if (!language || !memorySpec(language).leaks) {
    throw new LeakFinderError(`the leak finder supports Python (.py), JavaScript (.js/.cjs/.mjs) and TypeScript (.ts) programs, not ${request.program}`, 2);
  }
  const outDir = request.outDir ?? mkdtempSync(join(tmpdir(), 'hotline-leaks-'));
  const out = join(outDir, `leaks-${process.pid}-${Date.now()}.json`);
  const call = request.call ?? 'main';
  const runs = String(request.runs ?? 50);
  const warmup = String(request.warmup ?? 3);
  const deadline = options.timeoutMs ? Date.now() + options.timeoutMs : undefined;
  const common = { cwd, deadline, signal: options.signal, onOutput: options.onOutput, interruptSignal: 'SIGKILL' as NodeJS.Signals };
  if (memorySpec(language).runner === 'python') {
    const argv = [
      request.python ?? 'python3',
      helperPath('leak_finder.py'),
      '--out',
      out,
      '--call',
      call,
      '--runs',
      runs,
      '--warmup',
      warmup,
      '--',
      program,
      ...(request.args ?? []),
    ];
    const { result, rss } = await runSampled(argv, out, common);
    const doc = parsePythonLeakDocument(readResult(out, result), out);
    return { report: leakReportFromPython(doc), files: [out], series: [rss], exitCode: result.exitCode, stderrTail: result.stderrTail, argv };
  }
  const helper = helperPath('leak_finder_node.cjs');
  const snapDir = join(outDir, 'snapshots');
  const ts = memorySpec(language).transpile ? transpileForMemory(program, projectRootOf(program), outDir) : null;
  const argv = [
    request.node ?? process.execPath,
    '--expose-gc',
    helper,
    '--out',
    out,
    '--dir',
    snapDir,
    '--call',
    call,
    '--runs',
    runs,
    '--warmup',
    warmup,
    '--',
    ts ? ts.jsEntry : program,
    ...(request.args ?? []),
  ];
  const { result, rss } = await runSampled(argv, out, { ...common, env: { ELECTRON_RUN_AS_NODE: '1' } });
  const run = JSON.parse(readResult(out, result)) as NodeLeakRun;
  if (run.error) throw new LeakFinderError(run.error, /exports no function/.test(run.error) ? 2 : 1);
  if (!run.before || !run.after) throw new ProfileMissingError('the leak finder did not write both heap snapshots', result.exitCode, result.stderrTail);
  const before = readSnapshot(run.before);
  const after = readSnapshot(run.after);
  const jsReport = leakReportFromNode(run, before, after, { helperFiles: [helper], readSource });
  const report = ts ? remapLeakReport({ ...jsReport, program }, ts) : jsReport;
  return { report, files: [run.before, run.after], series: [rss], exitCode: result.exitCode, stderrTail: result.stderrTail, argv };
}

export function readResult(path: string, result: ExecResult): string {
  if (!existsSync(path)) {
    const why = result.timedOut ? 'the time limit was reached' : `the helper ended with exit code ${result.exitCode ?? result.signal}`;
    throw new ProfileMissingError(`the leak finder wrote no result: ${why}`, result.exitCode, result.stderrTail);
  }
  return readFileSync(path, 'utf8');
}

/**
 * Snapshots are read in slices (never one string), so the bound is the model's memory: about a
 * third of the file's size plus its strings. Past this, DevTools is no better placed.
 */
const MAX_SNAPSHOT_BYTES = 2 * 1024 ** 3;

/** One heap snapshot file, read in 8 MB slices into the typed-array model. */
export function readSnapshot(file: string): HeapSnapshot {
  const size = statSync(file).size;
  if (size > MAX_SNAPSHOT_BYTES) {
    throw new LeakFinderError(
      `${file} is ${Math.round(size / 1048576)} MiB, too large to compare here (the limit is ${MAX_SNAPSHOT_BYTES / 1024 ** 3} GiB); reduce the heap the program keeps before the operation, or compare the snapshots in Chrome DevTools (Memory tab, Comparison view)`,
    );
  }
  return readHeapSnapshot(fileSlices(file), file);
}

export function readSource(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
