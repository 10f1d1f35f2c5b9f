/**
 * A recorded page interaction (the Performance panel's Record → interact → Stop): what the trace
 * recorded beside V8's samples says about it. The long tasks are the load's rule (main-thread tasks
 * over 50 ms, longTasks.ts) applied to the recorded window, each with the DOM events dispatched inside
 * it ("click", "keydown": what the user did that started the task) and its top frames; the text is
 * what `hotline page --record` prints. Pure: the trace and the profile come in as JSON.
 */
import type { CpuProfileJson } from '../sourcemap';
import { frameWhere, isTaskOrThreadEvent, LONG_TASK_MS, longTasksWithFrames, mainThreadLongTasks, type LongTask, type TraceEvent } from './longTasks';

/**
 * The trace categories of a recording: the main thread's scheduled tasks (toplevel; RunTask is also
 * in devtools.timeline's disabled-by-default half) and what DevTools' timeline draws inside them
 * (EventDispatch with the DOM event's type, in devtools.timeline); thread names come with __metadata.
 */
export const INTERACTION_TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', '__metadata'];

export interface InteractionTask extends LongTask {
  /** The DOM events dispatched inside the task, in order, each type once ("mousedown", "click"). */
  readonly events: readonly string[];
}

export interface PageInteraction {
  readonly url: string;
  /** From Profiler.start to Profiler.stop. */
  readonly durationMs: number;
  readonly longTasks: readonly InteractionTask[];
}

/** The events a recording keeps of a trace (megabytes of other timeline events are dropped as they stream in). */
export function isInteractionEvent(e: TraceEvent): boolean {
  return isTaskOrThreadEvent(e) || (e.ph === 'X' && e.name === 'EventDispatch');
}

const eventType = (e: TraceEvent) => {
  const data = e.args?.data as { type?: unknown } | undefined;
  return typeof data?.type === 'string' ? data.type : undefined;
};

/** The main thread's tasks over 50 ms of the recording, each with its top frames and the DOM events it dispatched. */
export function interactionLongTasks(events: readonly TraceEvent[], profile: CpuProfileJson, top = 5): InteractionTask[] {
  const windows = mainThreadLongTasks(events);
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const dispatches = events
    .filter((e) => e.ph === 'X' && e.name === 'EventDispatch' && mains.has(`${e.pid}:${e.tid}`) && eventType(e))
    .sort((a, b) => a.ts! - b.ts!);
  // A task already running when the sampler started (the one that started it) is not the interaction's.
  return longTasksWithFrames(events, profile, top).flatMap((task, i) => {
    const { ts, dur } = windows[i]!;
    if (ts < profile.startTime) return [];
    const types = dispatches.filter((e) => e.ts! >= ts && e.ts! < ts + dur).map((e) => eventType(e)!);
    return [{ ...task, events: [...new Set(types)] }];
  });
}

/** One line per long task: when, how long, what started it, its top frame; then the frames below it. */
export function interactionText(rec: PageInteraction): string[] {
  const s = (v: number) => `${(v / 1000).toFixed(1)} s`;
  const lines = [
    `Recorded ${rec.url} for ${s(rec.durationMs)}: ${rec.longTasks.length} main-thread task${rec.longTasks.length === 1 ? '' : 's'} over ${LONG_TASK_MS} ms`,
  ];
  for (const t of rec.longTasks) {
    const cause = t.events.length ? ` (${t.events.join(', ')})` : '';
    lines.push(`  ${Math.round(t.durationMs)} ms at ${s(t.startMs)}${cause}`);
    for (const f of t.frames) lines.push(`    ${f.selfMs.toFixed(1).padStart(7)} ms  ${f.name}  ${frameWhere(f)}`);
  }
  if (rec.longTasks.length === 0) lines.push(`  none: the main thread never blocked for over ${LONG_TASK_MS} ms`);
  return lines;
}
