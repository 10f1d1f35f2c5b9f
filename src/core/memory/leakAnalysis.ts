/**
 * Turns the leak finder helpers' output into a LeakReport: the Python helper's JSON as is, the
 * Node helper's run record plus its two heap snapshots through compareHeapSnapshots.
 */
import { parseJson } from '../importers/importerTypes';
import { ProfileFormatError } from '../model/profile';
import type { PythonGcRecord } from './gcLog';
import { HeapSnapshot } from './heapSnapshot';
import { compareHeapSnapshots } from './heapSnapshotDiff';
import { GROWTH_NOISE_FLOOR_BYTES, isSteadyGrowth, LeakKind, LeakReport, LeakSite, RetainerStep } from './leakReport';
import { matchLeakPatterns } from './leakPatterns';

/** What leak_finder.py writes. */
export interface PythonLeakDocument {
  format: 'hotline-leaks';
  language: 'python';
  program: string;
  call: string;
  runs: number;
  warmup: number;
  error?: string;
  opNsPerRun?: number;
  durationNs?: number;
  gcGarbage?: number;
  tracedBytesBefore?: number;
  tracedBytesAfter?: number;
  secondRoundGrowth?: number;
  growingGlobals?: { name: string; type: string; lenBefore: number; lenAfter: number }[];
  sites?: { file: string; line: number; function: string; sizeDiff: number; countDiff: number; traceback: [string, number, string][] }[];
  kinds?: {
    name: string;
    countBefore: number;
    countAfter: number;
    countDelta: number;
    sizeDelta: number;
    definesDel?: boolean;
    inCycle?: boolean;
    retainerPath?: RetainerStep[];
    counts?: number[];
  }[];
  /** leak_watch.py (the whole program, snapshotted every intervalMs): only what grew in every interval is listed. */
  wholeProgram?: { intervalMs: number; snapshots: { atMs: number; tracedBytes: number }[] };
  /** leak_watch.py's gc.callbacks log: every collection of the run. */
  gcEvents?: PythonGcRecord[];
}

/** What leak_finder_node.cjs writes. */
export interface NodeLeakRun {
  format: 'hotline-leaks-node-run';
  program: string;
  call: string;
  runs: number;
  warmup: number;
  node?: string;
  warnings?: { name: string; message: string }[];
  before?: string;
  after?: string;
  error?: string;
  opNsPerRun?: number;
  durationNs?: number;
  /** heapUsed growth over the N runs between the snapshots, and over N more runs after. */
  firstRoundGrowth?: number;
  secondRoundGrowth?: number;
}

/** The helper reported a failure it could explain (missing function, crash in the operation). */
export class LeakFinderError extends Error {
  override readonly name = 'LeakFinderError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function parsePythonLeakDocument(text: string, source?: string): PythonLeakDocument {
  const doc = parseJson<PythonLeakDocument>(text, 'hotline-leaks', source, (m) => `not JSON (${m})`);
  if (!doc || doc.format !== 'hotline-leaks') throw new ProfileFormatError('hotline-leaks', 'expected "format": "hotline-leaks"', source);
  return doc;
}

export function leakReportFromPython(doc: PythonLeakDocument): LeakReport {
  if (doc.error) throw new LeakFinderError(doc.error, /defines no function/.test(doc.error) ? 2 : 1);
  const runs = Math.max(1, doc.runs);
  const sites: LeakSite[] = (doc.sites ?? []).map((s) => ({
    function: s.function,
    file: s.file,
    line: s.line,
    sizeDelta: s.sizeDiff,
    countDelta: s.countDiff,
    stack: (s.traceback ?? []).map(([file, line, name]) => ({ name, file, line })),
  }));
  const kinds: LeakKind[] = (doc.kinds ?? []).map((k) => ({ ...k }));
  const before = doc.tracedBytesBefore ?? 0;
  const after = doc.tracedBytesAfter ?? 0;
  const notes: string[] = [];
  if (doc.gcGarbage) notes.push(`gc.garbage holds ${doc.gcGarbage} uncollectable object(s)`);
  notes.push('sizes are Python allocations traced by tracemalloc; object kinds count gc-tracked objects (not str/int/bytes)');
  return finish({
    language: 'python',
    program: doc.program,
    call: doc.call,
    runs,
    warmup: doc.warmup,
    bytesBefore: before,
    bytesAfter: after,
    bytesPerRun: (after - before) / runs,
    secondRoundBytesPerRun: doc.secondRoundGrowth !== undefined ? doc.secondRoundGrowth / runs : undefined,
    // A whole program: something of the program's grew in every interval, and traced memory with it.
    grew: doc.wholeProgram
      ? (sites.length > 0 || (doc.growingGlobals ?? []).length > 0) && after - before > GROWTH_NOISE_FLOOR_BYTES
      : isSteadyGrowth(after - before, doc.secondRoundGrowth, runs),
    ...(doc.wholeProgram
      ? {
          wholeProgram: {
            intervalMs: doc.wholeProgram.intervalMs,
            snapshots: doc.wholeProgram.snapshots.map((s) => ({ atMs: s.atMs, heapUsedBytes: s.tracedBytes, bytes: s.tracedBytes })),
          },
        }
      : {}),
    sites,
    kinds,
    containers: (doc.growingGlobals ?? []).map((c) => ({ ...c })),
    warnings: [],
    notes,
    opNsPerRun: doc.opNsPerRun,
    durationNs: doc.durationNs,
  });
}

export function leakReportFromNode(
  run: NodeLeakRun,
  before: HeapSnapshot,
  after: HeapSnapshot,
  options: { helperFiles?: string[]; readSource?: (file: string) => string | null } = {},
): LeakReport {
  if (run.error) throw new LeakFinderError(run.error, /exports no function/.test(run.error) ? 2 : 1);
  const runs = Math.max(1, run.runs);
  const diff = compareHeapSnapshots(before, after, { ...options, runs });
  // heapUsed after gc around each round; snapshot totals also count the helper's own work.
  const first = run.firstRoundGrowth ?? diff.bytesAfter - diff.bytesBefore;
  return finish({
    language: 'javascript',
    program: run.program,
    call: run.call,
    runs,
    warmup: run.warmup,
    bytesBefore: diff.bytesBefore,
    bytesAfter: diff.bytesAfter,
    bytesPerRun: first / runs,
    secondRoundBytesPerRun: run.secondRoundGrowth !== undefined ? run.secondRoundGrowth / runs : undefined,
    grew: isSteadyGrowth(first, run.secondRoundGrowth, runs),
    sites: diff.sites,
    kinds: diff.kinds,
    warnings: (run.warnings ?? []).map((w) => `${w.name}: ${w.message}`),
    notes: [...diff.notes, 'V8 tracks allocations per function: a site line is the function start unless Hotline found the `new X` or closure inside it'],
    opNsPerRun: run.opNsPerRun,
    durationNs: run.durationNs,
  });
}

function finish(r: Omit<LeakReport, 'patterns'>): LeakReport {
  if (!r.grew && r.secondRoundBytesPerRun !== undefined && r.bytesPerRun > 0) {
    r.notes.unshift('growth did not continue in a second round of runs: a bounded cache filling up or a one-time warm-up, not a leak');
  }
  return { ...r, patterns: matchLeakPatterns(r) };
}
