/**
 * Hotline's tracemalloc JSON (written by src/helpers/tracemalloc_profile.py) -> Profile with
 * weights bytes and objects (blocks), line-level frames, root-first stacks.
 */
import { Profile, ProfileBuilder, ProfileFormatError } from '../model/profile';
import { MemorySeries } from '../memory/memorySeries';
import { parseJson, type BufferImporter } from './importerTypes';

const FORMAT = 'tracemalloc';

export interface TracemallocStack {
  frames: number[];
  size: number;
  count: number;
  truncated?: boolean;
}
export interface TracemallocSnapshot {
  bytes: number;
  blocks: number;
  stacks: TracemallocStack[];
  droppedStacks?: number;
  droppedBytes?: number;
}
/** The helper's output document (version 1); memray_profile.py writes the same with `tracer: "memray"`. */
export interface TracemallocDocument {
  format: 'hotline-tracemalloc';
  version: number;
  /** Who traced: tracemalloc (absent) or memray. */
  tracer?: 'tracemalloc' | 'memray';
  tracerVersion?: string | null;
  python?: string;
  command?: string[];
  cwd?: string;
  frameLimit?: number;
  durationNs?: number;
  exitCode?: number;
  error?: string | null;
  peakTracedBytes?: number;
  peakSnapshotBytes?: number;
  peakSnapshotTimeNs?: number;
  timeline?: [number, number][];
  /** [file, line, function] */
  frames: [string, number, string][];
  snapshots: { peak?: TracemallocSnapshot; end?: TracemallocSnapshot };
}

export interface TracemallocImportOptions {
  source?: string;
  /** "peak" (default: the snapshot nearest the high-water mark) or "end" (still alive at exit). */
  snapshot?: 'peak' | 'end';
}

export function looksLikeTracemalloc(headText: string): boolean {
  return /^\s*\{\s*"format"\s*:\s*"hotline-tracemalloc"/.test(headText);
}

export function parseTracemallocDocument(input: string | Uint8Array, source?: string): TracemallocDocument {
  const doc = parseJson<TracemallocDocument>(input, FORMAT, source, (m) => `not JSON (${m})`);
  if (!doc || typeof doc !== 'object' || doc.format !== 'hotline-tracemalloc') {
    throw new ProfileFormatError(FORMAT, 'expected "format": "hotline-tracemalloc" (written by Hotline\'s tracemalloc_profile.py)', source);
  }
  if (!Array.isArray(doc.frames) || !doc.snapshots || typeof doc.snapshots !== 'object') {
    throw new ProfileFormatError(FORMAT, 'missing "frames" or "snapshots"', source);
  }
  return doc;
}

export function importTracemalloc(input: string | Uint8Array | TracemallocDocument, options: TracemallocImportOptions = {}): Profile {
  const doc = typeof input === 'object' && !(input instanceof Uint8Array) ? input : parseTracemallocDocument(input, options.source);
  const which = options.snapshot ?? 'peak';
  const snap = doc.snapshots[which] ?? doc.snapshots.end;
  if (!snap || !Array.isArray(snap.stacks)) {
    throw new ProfileFormatError(FORMAT, `no "${which}" snapshot in the document`, options.source);
  }
  const builder = new ProfileBuilder(
    {
      format: doc.tracer === 'memray' ? 'memray' : FORMAT,
      profiler: doc.tracer === 'memray' ? 'memray' : 'tracemalloc',
      profilerVersion: doc.tracer === 'memray' ? (doc.tracerVersion ?? undefined) : doc.python,
      language: 'python',
      command: Array.isArray(doc.command) ? doc.command.map(String) : undefined,
      cwd: typeof doc.cwd === 'string' ? doc.cwd : undefined,
      durationNs: typeof doc.durationNs === 'number' ? doc.durationNs : undefined,
      exitCode: typeof doc.exitCode === 'number' ? doc.exitCode : undefined,
      deterministic: true,
      sourceFile: options.source,
    },
    [
      { name: 'inuse_space', unit: 'bytes' },
      { name: 'inuse_objects', unit: 'objects' },
    ],
  );
  const frameIds: number[] = doc.frames.map((f) => {
    const [file, line, fn] = Array.isArray(f) ? f : [];
    const name = typeof fn === 'string' && fn ? fn : '<unknown>';
    return builder.frame({ name, file: typeof file === 'string' ? file : null, line: typeof line === 'number' ? line : null });
  });
  let truncated = 0;
  let bad = 0;
  const ids: number[] = [];
  for (const s of snap.stacks) {
    ids.length = 0;
    let ok = !!s && typeof s === 'object' && Array.isArray(s.frames) && s.frames.length > 0;
    if (ok) {
      for (const i of s.frames) {
        const id = frameIds[i];
        if (id === undefined) {
          ok = false;
          break;
        }
        ids.push(id);
      }
    }
    if (!ok || !builder.addSample(ids, [s.size, s.count])) {
      bad++;
      continue;
    }
    if (s.truncated) truncated++;
  }
  if (which === 'peak' && doc.peakTracedBytes && doc.peakSnapshotBytes) {
    builder.note(`in-use memory at the snapshot nearest the peak: ${mib(doc.peakSnapshotBytes)} traced of a ${mib(doc.peakTracedBytes)} high-water mark`);
  } else if (which === 'end') {
    builder.note('memory still allocated when the program finished');
  }
  if (truncated) builder.note(`${truncated} stack(s) were deeper than the ${doc.frameLimit ?? '?'}-frame limit and start mid-way`);
  if (snap.droppedStacks) builder.note(`${snap.droppedStacks} smallest stack(s) (${mib(snap.droppedBytes ?? 0)}) were left out`);
  if (bad) builder.note(`${bad} stack(s) pointed at unknown frames and were dropped`);
  if (doc.error) builder.note(`the program failed: ${String(doc.error)}`);
  return builder.build();
}

/** Traced Python heap over time, from the helper's timeline. */
export function tracemallocSeries(doc: TracemallocDocument): MemorySeries {
  const timesMs: number[] = [];
  const bytes: number[] = [];
  for (const p of doc.timeline ?? []) {
    if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') continue;
    timesMs.push(p[0] / 1e6);
    bytes.push(p[1]);
  }
  return { name: doc.tracer === 'memray' ? 'heap (memray)' : 'python-traced', unit: 'bytes', timesMs, bytes };
}

function mib(b: number): string {
  return `${(b / 1048576).toFixed(1)} MiB`;
}

export const tracemallocImporter: BufferImporter = {
  id: FORMAT,
  label: "tracemalloc_profile.py's JSON",
  extensions: [],
  looseExtensions: ['.json'],
  detect: ({ text }) => looksLikeTracemalloc(text),
  kind: 'buffer',
  parse: (bytes, ctx) => importTracemalloc(bytes, { source: ctx.source }),
};
