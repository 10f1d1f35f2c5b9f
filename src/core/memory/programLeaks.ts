/**
 * Leaks in a whole program (no operation to repeat): heap snapshots taken at intervals while it
 * runs. A kind of object is growing steadily when its count (or its total size, for containers that
 * grow in place) went up in every interval, not just between two snapshots; those kinds are then
 * compared first-to-last for allocation sites, retainer paths and the leak patterns, as the
 * operation leak finder does (compareHeapSnapshots, matchLeakPatterns). Pure: snapshots in, report out.
 */
import { HeapSnapshot, isSystemNode, nodeClassName } from './heapSnapshot';
import { compareHeapSnapshots } from './heapSnapshotDiff';
import { GROWTH_NOISE_FLOOR_BYTES, LeakReport } from './leakReport';
import { matchLeakPatterns } from './leakPatterns';

/** What leak_watch_node.cjs writes. */
export interface NodeLeakWatchRun {
  format: 'hotline-leak-watch-node';
  program: string;
  helper?: string;
  intervalMs: number;
  snapshots: { file: string; atMs: number; heapUsedBytes: number; reason: string }[];
  warnings?: { name: string; message: string }[];
  endReason?: string;
  error?: string;
}

export interface KindCensus {
  count: Map<string, number>;
  size: Map<string, number>;
  /** The snapshot's total self size. */
  bytes: number;
}

/** Count and self size per kind of object (V8's own bookkeeping left out). */
export function kindCensus(
  snap: HeapSnapshot,
  scriptNames: Map<number, string> = snap.scriptNames,
  className: (snap: HeapSnapshot, i: number, scriptNames: Map<number, string>) => string = nodeClassName,
): KindCensus {
  const count = new Map<string, number>();
  const size = new Map<string, number>();
  for (let i = 0; i < snap.nodeCount; i++) {
    if (isSystemNode(snap, i)) continue;
    const c = className(snap, i, scriptNames);
    count.set(c, (count.get(c) ?? 0) + 1);
    size.set(c, (size.get(c) ?? 0) + snap.selfSize[i]!);
  }
  return { count, size, bytes: snap.totalSize };
}

/** Kinds whose count rose in every interval, or whose size did while their count never fell. */
export function steadilyGrowing(censuses: readonly KindCensus[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (censuses.length < 3) return out;
  for (const name of censuses[censuses.length - 1]!.count.keys()) {
    const counts = censuses.map((c) => c.count.get(name) ?? 0);
    const sizes = censuses.map((c) => c.size.get(name) ?? 0);
    let countUp = true;
    let sizeUp = true;
    for (let k = 1; k < censuses.length; k++) {
      if (counts[k]! <= counts[k - 1]!) countUp = false;
      if (sizes[k]! <= sizes[k - 1]! || counts[k]! < counts[k - 1]!) sizeUp = false;
    }
    if (countUp || sizeUp) out.set(name, counts);
  }
  return out;
}

export function programLeakReport(
  run: NodeLeakWatchRun,
  first: HeapSnapshot,
  last: HeapSnapshot,
  censuses: readonly KindCensus[],
  options: { readSource?: (file: string) => string | null } = {},
): LeakReport {
  const intervals = Math.max(1, censuses.length - 1);
  const growing = steadilyGrowing(censuses);
  const diff = compareHeapSnapshots(first, last, {
    helperFiles: run.helper ? [run.helper] : [],
    runs: intervals,
    readSource: options.readSource,
    onlyKinds: new Set(growing.keys()),
  });
  for (const k of diff.kinds) k.counts = growing.get(k.name);
  const bytesBefore = censuses[0]?.bytes ?? diff.bytesBefore;
  const bytesAfter = censuses[censuses.length - 1]?.bytes ?? diff.bytesAfter;
  // A leak: something the program's code allocated grew in every interval, and the heap with it.
  const grew = diff.kinds.some((k) => (k.allocatedAt?.length ?? 0) > 0) && bytesAfter - bytesBefore > GROWTH_NOISE_FLOOR_BYTES;
  const notes = [...diff.notes];
  if (censuses.length < 3) notes.unshift(`only ${censuses.length} snapshot(s) were taken (the program ended first): steady growth needs 3 or more`);
  notes.push('V8 tracks allocations per function: a site line is the function start unless Hotline found the `new X` or closure inside it');
  const report: Omit<LeakReport, 'patterns'> = {
    language: 'javascript',
    program: run.program,
    call: '',
    runs: intervals,
    warmup: 0,
    bytesBefore,
    bytesAfter,
    bytesPerRun: (bytesAfter - bytesBefore) / intervals,
    grew,
    sites: diff.sites,
    kinds: diff.kinds,
    warnings: (run.warnings ?? []).map((w) => `${w.name}: ${w.message}`),
    notes,
    wholeProgram: {
      intervalMs: run.intervalMs,
      snapshots: run.snapshots.map((s, i) => ({ atMs: s.atMs, heapUsedBytes: s.heapUsedBytes, bytes: censuses[i]?.bytes ?? 0 })),
    },
  };
  return { ...report, patterns: matchLeakPatterns(report) };
}
