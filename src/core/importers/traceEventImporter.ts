/**
 * Chrome/Edge trace-event JSON (DevTools Performance panel "Save profile"/"Save trace"), as a bare
 * event array or `{traceEvents: [...]}`. V8's sampler writes one `Profile` event per thread
 * (pid + id, with the thread's tid and startTime) and `ProfileChunk` events on its own sampler
 * thread that add nodes (with `parent`), samples, timeDeltas and per-sample 1-based `lines`.
 * The chunks of one thread are put back together as a .cpuprofile and read by the .cpuprofile
 * code. A Profile holds one thread: the one asked for (ImportContext.thread: name or tid), else the
 * page's renderer main thread (else the busiest thread); the others and the long tasks (RunTask over
 * 50 ms, as DevTools marks them) are named in notes.
 */
import { ProfileFormatError } from '../model/profile';
import { cpuProfileBuilder } from './cpuprofileImporter';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';
import { chooseThread, noteThreads } from './threadChoice';

const FORMAT = 'chrome-trace';
/** DevTools marks a task as long above 50 ms (the RAIL budget). */
const LONG_TASK_US = 50_000;

interface TraceEvent {
  name?: unknown;
  ph?: unknown;
  pid?: unknown;
  tid?: unknown;
  id?: unknown;
  ts?: unknown;
  dur?: unknown;
  args?: { name?: unknown; data?: Record<string, unknown> };
}

interface ThreadProfile {
  pid: number;
  tid: number | null;
  startTime: number | null;
  endTime: number | null;
  nodes: { id?: unknown; positionTicks?: { line: number; ticks: number }[] }[];
  samples: unknown[];
  timeDeltas: unknown[];
  lines: unknown[];
}

export const traceEventImporter: BufferImporter = {
  id: FORMAT,
  label: 'Chrome trace-event JSON (Performance panel)',
  extensions: [],
  looseExtensions: ['.json'],
  // An object with traceEvents, or an array whose first event has a phase: trace events.
  detect: ({ json, text }) =>
    json && (/^\s*\{[^]*"traceEvents"\s*:\s*\[/.test(text) || (/^\s*\[\s*\{/.test(text) && /"ph"\s*:\s*"/.test(text) && /"pid"\s*:/.test(text))),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    const doc = parseJson<unknown>(bytes, FORMAT, ctx.source);
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const events = Array.isArray(doc) ? doc : doc && typeof doc === 'object' ? (doc as { traceEvents?: unknown }).traceEvents : undefined;
    if (!Array.isArray(events)) throw fail('no "traceEvents" array');
    const threadNames = new Map<string, string>();
    const processNames = new Map<number, string>();
    const profiles = new Map<string, ThreadProfile>();
    const tasks: { thread: string; ts: number; dur: number }[] = [];
    const open = new Map<string, number[]>();
    events.forEach((raw: unknown, i) => {
      if (!raw || typeof raw !== 'object') throw fail('an event is not an object', `traceEvents[${i}]`);
      const e = raw as TraceEvent;
      if (typeof e.pid !== 'number') return;
      const thread = `${e.pid}:${String(e.tid)}`;
      if (e.ph === 'M' && e.name === 'thread_name' && typeof e.args?.name === 'string') threadNames.set(thread, e.args.name);
      else if (e.ph === 'M' && e.name === 'process_name' && typeof e.args?.name === 'string') processNames.set(e.pid, e.args.name);
      else if (e.name === 'Profile' || e.name === 'ProfileChunk') addToProfile(profiles, e, i, fail);
      else if (e.name === 'RunTask' && typeof e.ts === 'number') {
        if (e.ph === 'X' && typeof e.dur === 'number') tasks.push({ thread, ts: e.ts, dur: e.dur });
        else if (e.ph === 'B') (open.get(thread) ?? open.set(thread, []).get(thread)!).push(e.ts);
        else if (e.ph === 'E') {
          const start = open.get(thread)?.pop();
          if (start !== undefined) tasks.push({ thread, ts: start, dur: e.ts - start });
        }
      }
    });
    const threads = [...profiles.values()].filter((p) => p.samples.length > 0);
    if (threads.length === 0)
      throw fail('no CPU profile samples in the trace (the Performance panel records them with the "disabled-by-default-v8.cpu_profiler" category)');
    const key = (p: ThreadProfile) => `${p.pid}:${String(p.tid)}`;
    const infos = threads.map((p) => ({ name: threadNames.get(key(p)) ?? 'thread', pid: p.pid, tid: p.tid, samples: p.samples.length, profile: p }));
    // The page's renderer main thread: CrRendererMain in a process named "Renderer" (not WebUI, not an extension); the busiest such thread.
    const rank = (t: (typeof infos)[number]) => (t.name === 'CrRendererMain' ? (processNames.get(t.pid) === 'Renderer' ? 2 : 1) : 0);
    const info = chooseThread(infos, ctx.thread, rank, (d) => fail(d));
    const chosen = info.profile;
    if (chosen.startTime === null) throw fail(`the chunks of thread ${key(chosen)} have no Profile event (no start time)`);

    // Per-sample lines become positionTicks, as a .cpuprofile keeps them.
    const nodeAt = new Map(chosen.nodes.map((n) => [n.id, n]));
    chosen.samples.forEach((id, s) => {
      const line = chosen.lines[s];
      const n = nodeAt.get(id);
      if (!n || typeof line !== 'number' || line <= 0) return;
      const ticks = (n.positionTicks ??= []);
      const at = ticks.find((t) => t.line === line);
      if (at) at.ticks++;
      else ticks.push({ line, ticks: 1 });
    });
    const { samples, timeDeltas } = inTimeOrder(chosen.samples, chosen.timeDeltas);
    const builder = cpuProfileBuilder(
      { nodes: chosen.nodes, samples, timeDeltas, startTime: chosen.startTime, endTime: chosen.endTime ?? undefined },
      ctx.source,
      { format: FORMAT, profiler: 'Chrome DevTools Performance panel' },
    );
    noteThreads(builder, info, infos, 'trace');
    const long = tasks.filter((t) => t.dur > LONG_TASK_US).sort((a, b) => a.ts - b.ts);
    const mine = long.filter((t) => t.thread === key(chosen));
    const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;
    if (mine.length)
      builder.note(
        `${mine.length} long task(s) over 50 ms on this thread: ${mine.map((t) => `at ${ms(t.ts - chosen.startTime!)} for ${ms(t.dur)}`).join(', ')}.`,
      );
    for (const t of mine) builder.task((t.ts - chosen.startTime) * 1000, t.dur * 1000);
    if (long.length > mine.length) builder.note(`${long.length - mine.length} long task(s) over 50 ms on other threads.`);
    return builder.build();
  },
};

/**
 * Trace chunks can hold a sample whose delta is negative (written out of order): DevTools sorts
 * the samples by time, and so does this, so that durations are the gaps between sorted times.
 */
function inTimeOrder(samples: unknown[], deltas: unknown[]): { samples: unknown[]; timeDeltas: number[] } {
  const times = new Float64Array(samples.length);
  let t = 0;
  for (let s = 0; s < samples.length; s++) times[s] = t += typeof deltas[s] === 'number' && Number.isFinite(deltas[s]) ? (deltas[s] as number) : 0;
  const order = [...samples.keys()].sort((a, b) => times[a]! - times[b]! || a - b);
  return { samples: order.map((s) => samples[s]), timeDeltas: order.map((s, k) => times[s]! - (k === 0 ? 0 : times[order[k - 1]!]!)) };
}

/** Adds a Profile or ProfileChunk event to its thread's profile (keyed by pid and profile id). */
function addToProfile(profiles: Map<string, ThreadProfile>, e: TraceEvent, i: number, fail: (detail: string, where?: string) => ProfileFormatError): void {
  const where = `traceEvents[${i}] (${String(e.name)})`;
  const pid = e.pid as number;
  const k = `${pid}:${String(e.id)}`;
  let p = profiles.get(k);
  if (!p) profiles.set(k, (p = { pid, tid: null, startTime: null, endTime: null, nodes: [], samples: [], timeDeltas: [], lines: [] }));
  const data = e.args?.data;
  if (!data || typeof data !== 'object') throw fail('no args.data', where);
  if (e.name === 'Profile') {
    // The Profile event is written on the profiled thread; chunks come from V8's sampler thread.
    p.tid = typeof e.tid === 'number' ? e.tid : null;
    if (typeof data.startTime === 'number') p.startTime = data.startTime;
    return;
  }
  const cpu = (data.cpuProfile ?? {}) as { nodes?: unknown; samples?: unknown; endTime?: unknown };
  const samples = cpu.samples ?? [];
  const deltas = data.timeDeltas ?? [];
  if (!Array.isArray(samples) || !Array.isArray(deltas)) throw fail('cpuProfile.samples or timeDeltas is not an array', where);
  if (samples.length !== deltas.length) throw fail(`${samples.length} samples but ${deltas.length} timeDeltas`, where);
  if (cpu.nodes !== undefined) {
    if (!Array.isArray(cpu.nodes)) throw fail('cpuProfile.nodes is not an array', where);
    for (const n of cpu.nodes as unknown[]) p.nodes.push(n as ThreadProfile['nodes'][number]);
  }
  const lines = Array.isArray(data.lines) && data.lines.length === samples.length ? data.lines : samples.map(() => 0);
  for (let s = 0; s < samples.length; s++) {
    p.samples.push(samples[s]);
    p.timeDeltas.push(deltas[s]);
    p.lines.push(lines[s]);
  }
  if (typeof cpu.endTime === 'number') p.endTime = cpu.endTime;
}
