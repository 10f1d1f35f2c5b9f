/**
 * Event-loop lag of a Node program from what src/helpers/event_loop_preload.cjs recorded: the
 * delay histogram of every second (perf_hooks) and "blocked-at" stretches (async callbacks that
 * ran past the threshold, with the stack that created their resource), each stretch attributed to
 * the line the CPU profile of the same run was on during it (else the creating stack's first user
 * frame), grouped by line with count and worst duration. Pure: documents in, report out.
 */
import { blockHolders } from '../flame/eventLoop';
import { parseJson } from '../importers/importerTypes';
import { Profile, ProfileFormatError } from '../model/profile';

const FORMAT = 'hotline-event-loop';

export interface DelaySecond {
  /** End of the second, ms since the helper started. */
  atMs: number;
  /** Delay samples in the second (one per ~10 ms of an idle loop). */
  count: number;
  minMs: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface RawStretch {
  /** process.hrtime in µs, the clock of the CPU profile's startTime. */
  startUs: number;
  durationMs: number;
  /** async_hooks resource type (Timeout, HTTPINCOMINGMESSAGE, PROMISE, ...). */
  type: string;
  /** V8 stack text captured when the resource was created, and its creator's. */
  initStack: string;
  triggerStack: string;
}

/** What event_loop_preload.cjs writes. */
export interface EventLoopDocument {
  format: typeof FORMAT;
  version: number;
  node?: string;
  pid?: number;
  /** The helper's own file: its frames are never the user's. */
  helper?: string;
  /** All of the helper's files (the preload and the recorder, or the recorder's sourceURL when attached). */
  helpers?: string[];
  /** Stretches past the recorder's cap (10,000), counted but not kept. */
  droppedStretches?: number;
  thresholdMs: number;
  startedUs: number;
  endedUs?: number;
  endReason?: string;
  delay: DelaySecond[];
  stretches: RawStretch[];
  cpuProfile?: string;
  cpuProfileStartUs?: number;
  cpuProfileError?: string;
}

export interface SourceFrame {
  name: string;
  file: string;
  line: number;
  column: number;
}

export interface BlockingLine {
  function: string;
  file: string | null;
  /** 1-based. */
  line: number | null;
  count: number;
  worstMs: number;
  totalMs: number;
  /** async resource type of the worst stretch's callback. */
  resourceType: string;
  /** Where the worst stretch's async resource was created (first user frame), when known. */
  startedBy: SourceFrame | null;
  /** How the line was found: the CPU profile's samples during the stretch, the creating stack, or (Python asyncio) the frame samples of the callback. */
  attributedBy: 'cpu-profile' | 'init-stack' | 'frame-samples' | 'unknown';
}

export interface EventLoopReport {
  thresholdMs: number;
  durationMs: number;
  delay: DelaySecond[];
  /** false: the recorder does not measure the loop's delay (Python asyncio reports slow callbacks only); absent: measured. */
  delayMeasured?: false;
  /** Over the whole run: the median second's p50, the worst second's p99 and max. */
  summary: { p50Ms: number; p99Ms: number; maxMs: number };
  stretchCount: number;
  /** Sum of the stretches' durations. */
  blockedMs: number;
  /** Longest total first. */
  blockers: BlockingLine[];
  notes: string[];
}

export function parseEventLoopDocument(text: string, source?: string): EventLoopDocument {
  const doc = parseJson<EventLoopDocument>(text, FORMAT, source, (m) => `not JSON (${m})`);
  if (!doc || doc.format !== FORMAT || !Array.isArray(doc.delay) || !Array.isArray(doc.stretches)) {
    throw new ProfileFormatError(FORMAT, `expected "format": "${FORMAT}" with "delay" and "stretches"`, source);
  }
  return doc;
}

const STACK_LINE = /^\s*at (?:async )?(?:(.*?) \()?(.+?):(\d+):(\d+)\)?$/;

/** The frames of a V8 stack text that belong to the program: not Node's internals, not the helper. */
export function userFrames(stack: string, helperFiles: readonly string[] = []): SourceFrame[] {
  const out: SourceFrame[] = [];
  for (const l of stack.split('\n')) {
    const m = STACK_LINE.exec(l);
    if (!m) continue;
    const file = m[2]!.startsWith('file://') ? decodeURIComponent(m[2]!.slice(7)) : m[2]!;
    if (/^node:|^internal[\\/]|<anonymous>/.test(file) || helperFiles.includes(file) || /[\\/]node_modules[\\/]/.test(file)) continue;
    out.push({ name: m[1] || '(anonymous)', file, line: Number(m[3]), column: Number(m[4]) });
  }
  return out;
}

export interface EventLoopAnalysisOptions {
  /** The run's CPU profile (imported .cpuprofile with its timeline), for line attribution. */
  cpuProfile?: Profile | null;
  /** Most lines to keep (default 20). */
  limit?: number;
}

export function analyseEventLoop(doc: EventLoopDocument, options: EventLoopAnalysisOptions = {}): EventLoopReport {
  const helperFiles = [...(doc.helper ? [doc.helper] : []), ...(doc.helpers ?? [])];
  const notes: string[] = [];
  const profile = options.cpuProfile?.timeline && doc.cpuProfileStartUs !== undefined ? options.cpuProfile : null;
  if (!profile)
    notes.push(
      doc.cpuProfileError
        ? `no CPU profile (${doc.cpuProfileError}): lines come from where each callback was scheduled`
        : 'no CPU profile: lines come from where each callback was scheduled',
    );
  if (doc.droppedStretches)
    notes.push(
      `${doc.droppedStretches} more stretch(es) over the threshold were not kept (the recorder keeps the first 10,000); counts and totals are of those kept`,
    );
  const groups = new Map<string, BlockingLine>();
  let blockedMs = 0;
  for (const s of doc.stretches) {
    blockedMs += s.durationMs;
    const startedBy = userFrames(s.initStack, helperFiles)[0] ?? userFrames(s.triggerStack, helperFiles)[0] ?? null;
    const held = profile ? lineDuring(profile, (s.startUs - doc.cpuProfileStartUs!) * 1000, s.durationMs * 1e6) : null;
    const at = held
      ? { function: held.name, file: held.file ?? null, line: held.line ?? null, attributedBy: 'cpu-profile' as const }
      : startedBy
        ? { function: startedBy.name, file: startedBy.file, line: startedBy.line, attributedBy: 'init-stack' as const }
        : { function: `(${s.type} callback)`, file: null, line: null, attributedBy: 'unknown' as const };
    const key = `${at.file}\u0000${at.line}\u0000${at.function}`;
    const g = groups.get(key);
    if (!g) {
      groups.set(key, { ...at, count: 1, worstMs: s.durationMs, totalMs: s.durationMs, resourceType: s.type, startedBy });
      continue;
    }
    g.count++;
    g.totalMs += s.durationMs;
    if (s.durationMs > g.worstMs) Object.assign(g, { worstMs: s.durationMs, resourceType: s.type, startedBy });
  }
  const blockers = [...groups.values()].sort((a, b) => b.totalMs - a.totalMs || b.worstMs - a.worstMs).slice(0, options.limit ?? 20);
  const p50s = doc.delay.map((d) => d.p50Ms).sort((a, b) => a - b);
  return {
    thresholdMs: doc.thresholdMs,
    durationMs: ((doc.endedUs ?? doc.startedUs) - doc.startedUs) / 1000,
    delay: doc.delay,
    summary: {
      p50Ms: p50s[p50s.length >> 1] ?? 0,
      p99Ms: Math.max(0, ...doc.delay.map((d) => d.p99Ms)),
      maxMs: Math.max(0, ...doc.delay.map((d) => d.maxMs)),
    },
    stretchCount: doc.stretches.length,
    blockedMs,
    blockers,
    notes,
  };
}

/** The user frame the CPU profile held most during [startNs, startNs + durationNs) of its timeline. */
function lineDuring(profile: Profile, startNs: number, durationNs: number): { name: string; file?: string; line?: number } | null {
  const times = profile.timeline!.timesNs;
  const first = lowerBound(times, startNs);
  const last = lowerBound(times, startNs + durationNs) - 1;
  if (last < first) return null;
  const top = blockHolders(profile, first, last)[0];
  return top && profile.frames[top.frame]!.kind === 'user' ? top : null;
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function formatEventLoopReport(r: EventLoopReport, options: { limit?: number } = {}): string {
  const f = (ms: number) => `${ms.toFixed(1)} ms`;
  const out =
    r.delayMeasured === false
      ? [`${r.stretchCount} slow callback(s) over ${r.thresholdMs} ms in ${(r.durationMs / 1000).toFixed(1)} s, ${f(r.blockedMs)} blocked in all`]
      : [
          `event-loop delay over ${(r.durationMs / 1000).toFixed(1)} s: p50 ${f(r.summary.p50Ms)}, worst second's p99 ${f(r.summary.p99Ms)}, max ${f(r.summary.maxMs)}`,
          `${r.stretchCount} synchronous stretch(es) over ${r.thresholdMs} ms, ${f(r.blockedMs)} blocked in all`,
        ];
  if (r.blockers.length) {
    out.push('', 'lines that blocked the event loop (count, worst, total):');
    for (const b of r.blockers.slice(0, options.limit ?? 10)) {
      const where = b.file ? `${b.file}:${b.line ?? '?'}` : '(unknown file)';
      out.push(`  ${String(b.count).padStart(4)}x  worst ${f(b.worstMs).padStart(9)}  total ${f(b.totalMs).padStart(9)}  ${b.function}  ${where}`);
      if (b.startedBy && b.attributedBy === 'cpu-profile')
        out.push(`          in a ${b.resourceType} callback scheduled at ${b.startedBy.name} ${b.startedBy.file}:${b.startedBy.line}`);
      else if (b.attributedBy === 'frame-samples') out.push(`          in an ${b.resourceType} step (line from its sampled frames)`);
      else if (b.attributedBy !== 'cpu-profile')
        out.push(
          `          in a ${b.resourceType} callback (line from ${b.attributedBy === 'init-stack' ? 'where it was scheduled' : 'nowhere: no user frame'})`,
        );
    }
  }
  if (r.notes.length) out.push('', ...r.notes.map((n) => `note: ${n}`));
  return `${out.join('\n')}\n`;
}
