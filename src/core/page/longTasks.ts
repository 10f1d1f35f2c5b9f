/**
 * Long tasks of a page load: the renderer main thread's tasks over 50 ms in a Chromium trace (the
 * scheduled-task events of thread CrRendererMain, as DevTools' Performance panel and Lighthouse count them),
 * each with the frames the CPU profile sampled inside its window, heaviest self time first. The trace
 * and V8's sampler share Chromium's monotonic clock (µs), so a sample belongs to the task it falls in.
 */
import { fileURLToPath } from 'node:url';
import type { CpuProfileJson } from '../sourcemap';

export const LONG_TASK_MS = 50;

export interface TraceEvent {
  readonly name?: string;
  readonly ph?: string;
  readonly ts?: number;
  readonly dur?: number;
  readonly pid?: number;
  readonly tid?: number;
  readonly args?: { readonly name?: string; readonly [k: string]: unknown };
}

export interface LongTaskFrame {
  readonly name: string;
  readonly url: string;
  /** 1-based, as the editor shows it (the profile's lineNumber is 0-based). */
  readonly line: number;
  /** Self time in the task, ms (samples × their intervals). */
  readonly selfMs: number;
}

export interface LongTask {
  /** ms since the CPU profile started (just before the navigation). */
  readonly startMs: number;
  readonly durationMs: number;
  readonly frames: readonly LongTaskFrame[];
}

const IDLE = new Set(['(idle)', '(root)']);
/** A scheduled task of Chromium's main thread, as Lighthouse's tracing processor recognises them (category toplevel). */
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadControllerImpl::DoWork', 'TaskQueueManager::ProcessTaskFromWorkQueue']);

/** What long tasks need of a trace: thread names and scheduled tasks (the rest of a trace is megabytes of other events). */
export function isTaskOrThreadEvent(e: TraceEvent): boolean {
  return (e.ph === 'M' && e.name === 'thread_name') || (e.ph === 'X' && TASK_EVENTS.has(e.name ?? ''));
}

/** The main-thread tasks over `thresholdMs`, outermost only, in time order. */
export function mainThreadLongTasks(events: readonly TraceEvent[], thresholdMs = LONG_TASK_MS): { ts: number; dur: number }[] {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const tasks = events
    .filter((e) => e.ph === 'X' && TASK_EVENTS.has(e.name ?? '') && (e.dur ?? 0) > thresholdMs * 1000 && mains.has(`${e.pid}:${e.tid}`))
    .map((e) => ({ ts: e.ts!, dur: e.dur!, thread: `${e.pid}:${e.tid}` }))
    .sort((a, b) => a.ts - b.ts);
  const out: { ts: number; dur: number }[] = [];
  const endOf = new Map<string, number>();
  for (const t of tasks) {
    if (t.ts < (endOf.get(t.thread) ?? -Infinity)) continue; // nested inside a long task already kept
    endOf.set(t.thread, t.ts + t.dur);
    out.push({ ts: t.ts, dur: t.dur });
  }
  return out;
}

/** Each long task with the `top` frames of highest self time among the profile's samples inside it. */
export function longTasksWithFrames(events: readonly TraceEvent[], profile: CpuProfileJson, top = 5): LongTask[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const times: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) times.push((t += deltas[i] ?? 0));
  return mainThreadLongTasks(events).map(({ ts, dur }) => {
    const self = new Map<string, LongTaskFrame & { selfUs: number }>();
    for (let i = 0; i < samples.length; i++) {
      if (times[i]! < ts || times[i]! >= ts + dur) continue;
      const frame = byId.get(samples[i]!)?.callFrame;
      if (!frame || IDLE.has(frame.functionName)) continue;
      // A sample stands for the time until the next one (within the task).
      const weight = i + 1 < samples.length ? Math.max(0, Math.min(times[i + 1]!, ts + dur) - times[i]!) : 0;
      const name = frame.functionName || '(anonymous)';
      const key = `${name}\u0000${frame.url}\u0000${frame.lineNumber}`;
      const got = self.get(key) ?? { name, url: frame.url, line: frame.lineNumber + 1, selfMs: 0, selfUs: 0 };
      got.selfUs += weight;
      self.set(key, got);
    }
    const frames = [...self.values()]
      .sort((a, b) => b.selfUs - a.selfUs)
      .slice(0, top)
      .map(({ name, url, line, selfUs }) => ({ name, url, line, selfMs: selfUs / 1000 }));
    return { startMs: (ts - profile.startTime) / 1000, durationMs: dur / 1000, frames };
  });
}

/** Where a frame is, as a person reads it: a file path (a source-mapped file:// URL) or the served URL, with its line. */
export function frameWhere(f: Pick<LongTaskFrame, 'url' | 'line'>): string {
  if (!f.url) return '';
  const where = f.url.startsWith('file:') ? fileURLToPath(f.url) : f.url;
  return f.line > 0 ? `${where}:${f.line}` : where;
}
