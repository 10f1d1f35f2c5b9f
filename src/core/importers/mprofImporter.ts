/**
 * `mprof run`'s .dat files (memory_profiler): `CMDLINE …`, `MEM <MiB> <unix time>` readings of the
 * process's memory, and for @profile functions `FUNC <name> <MiB> <start> <MiB> <end> <depth>`.
 * A Profile holds weights per stack, not values over time, so each reading becomes one sample on
 * the stack of @profile functions running at its time (in time order, on the timeline); the memory
 * curve itself is the MemorySeries mprofSeries() returns, and its peak is noted.
 */
import { ProfileBuilder, ProfileFormatError } from '../model/profile';
import { summarizeSeries, type MemorySeries } from '../memory/memorySeries';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'mprof';
const MIB = 1024 * 1024;
const OUTSIDE = { name: '(outside @profile functions)', kind: 'runtime' } as const;

interface FuncCall {
  name: string;
  start: number;
  end: number;
  depth: number;
}
export interface MprofRecording {
  command?: string;
  /** [unix seconds, MiB] in file order. */
  readings: [number, number][];
  calls: FuncCall[];
  /** CHLD readings (child processes, `--include-children`), not part of the main process's curve. */
  childReadings: number;
}

export const mprofImporter: TextImporter = {
  id: FORMAT,
  label: 'mprof .dat (memory_profiler)',
  extensions: [],
  looseExtensions: ['.dat'],
  detect: ({ json, lines }) => {
    if (json) return false;
    const first = lines.slice(0, 20).filter((l) => l.trim() !== '');
    return (
      first.length > 0 &&
      first.every((l) => /^(?:CMDLINE |MEM -?[\d.]+ [\d.]+\s*$|FUNC \S+ [\d.]+ [\d.]+ [\d.]+ [\d.]+ \d+\s*$|CHLD )/.test(l)) &&
      first.some((l) => l.startsWith('MEM '))
    );
  },
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const rec: MprofRecording = { readings: [], calls: [], childReadings: 0 };
    let pending: ProfileFormatError | null = null;
    return {
      line(input, lineNo) {
        if (pending) throw pending;
        const text = input.trim();
        if (text === '') return;
        const parts = text.split(/\s+/);
        const nums = (from: number, n: number) => parts.slice(from, from + n).map(Number);
        if (parts[0] === 'CMDLINE') rec.command = text.slice('CMDLINE'.length).trim();
        else if (parts[0] === 'CHLD') rec.childReadings++;
        else if (parts[0] === 'MEM' && parts.length === 3 && nums(1, 2).every(Number.isFinite)) {
          const [mib, t] = nums(1, 2) as [number, number];
          rec.readings.push([t, mib]);
        } else if (parts[0] === 'FUNC' && parts.length === 7 && nums(2, 5).every(Number.isFinite)) {
          const [, start, , end, depth] = nums(2, 5) as [number, number, number, number, number];
          rec.calls.push({ name: parts[1]!, start, end, depth });
        } else
          pending = fail(
            'expected "MEM <MiB> <time>", "FUNC <name> <MiB> <start> <MiB> <end> <depth>", "CMDLINE …" or "CHLD …"',
            `line ${lineNo}: ${preview(text)}`,
          );
      },
      finish(stats) {
        if (pending && (stats.endedWithNewline || rec.readings.length === 0)) throw pending;
        if (rec.readings.length === 0) throw fail('no MEM readings');
        const p = mprofProfile(rec, ctx.source);
        if (pending) p.metadata.notes!.push('the last line was cut off (truncated file) and was dropped');
        return p;
      },
    };
  },
};

/** The process's memory over time, from the start of the recording. */
export function mprofSeries(rec: MprofRecording): MemorySeries {
  const sorted = [...rec.readings].sort((a, b) => a[0] - b[0]);
  const t0 = sorted[0]?.[0] ?? 0;
  return { name: 'rss (mprof)', unit: 'bytes', timesMs: sorted.map(([t]) => (t - t0) * 1000), bytes: sorted.map(([, mib]) => mib * MIB) };
}

function mprofProfile(rec: MprofRecording, source: string): ReturnType<ProfileBuilder['build']> {
  const readings = [...rec.readings].sort((a, b) => a[0] - b[0]);
  const t0 = readings[0]![0];
  const last = readings[readings.length - 1]![0];
  const builder = new ProfileBuilder(
    {
      format: FORMAT,
      profiler: 'mprof (memory_profiler)',
      language: 'python',
      command: rec.command ? rec.command.split(' ') : undefined,
      durationNs: Math.round((last - t0) * 1e9),
      sourceFile: source,
    },
    [{ name: 'samples', unit: 'samples' }],
    { timeline: true },
  );
  // Calls by start time; a reading belongs to the deepest calls running at its time.
  const calls = [...rec.calls].sort((a, b) => a.start - b.start || a.depth - b.depth);
  const outside = builder.stack(-1, builder.frame(OUTSIDE));
  for (const [t] of readings) {
    const running = calls.filter((c) => c.start <= t && t <= c.end).sort((a, b) => a.depth - b.depth);
    const node = running.length === 0 ? outside : builder.stackOf(running.map((c) => builder.frame({ name: c.name })));
    builder.addSampleAt(node, [1], Math.round((t - t0) * 1e9));
  }
  const s = summarizeSeries(mprofSeries(rec));
  builder.note(
    `mprof: ${readings.length} readings, peak ${(s.peakBytes / MIB).toFixed(3)} MiB at ${(s.peakAtMs / 1000).toFixed(3)} s; the memory curve itself is not part of the flame graph`,
  );
  for (const name of new Set(calls.map((c) => c.name))) {
    const inside = readings.filter(([t]) => calls.some((c) => c.name === name && c.start <= t && t <= c.end)).map(([, mib]) => mib);
    if (inside.length) builder.note(`mprof: ${name} peak ${Math.max(...inside).toFixed(3)} MiB`);
  }
  if (rec.childReadings) builder.note(`${rec.childReadings} child-process reading(s) (CHLD) are not included`);
  return builder.build();
}
