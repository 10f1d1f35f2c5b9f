/**
 * austin's collapsed output (`austin -o out.austin python prog.py`): `# key: value` metadata
 * (austin version, interval, mode, and at the end the duration), then one line per sample and
 * thread: `P<pid>;T<iid>:<tid>;file:function:line;... METRIC`, frames root first. The metric is
 * microseconds in wall and cpu mode, a memory delta in bytes in memory mode (-m; negative when the
 * process freed memory) and `time,idle,delta` in full mode (-f). Process and thread stay as the
 * two root frames, as in austin's own flame graphs.
 */
import { ProfileBuilder, ProfileFormatError, type WeightType } from '../model/profile';
import type { ImportContext, LineParser, TextImporter } from './importerTypes';
import { preview } from './foldedImporter';

const FORMAT = 'austin';
/** A sample line's stack: process, thread, then frames. */
const SAMPLE = /^P\d+;T[^;\s]+(?:;|\s)/;
/** The frame austin writes for a sample it could not read (its "Error rate" counts them). */
const INVALID = ':INVALID:';

const WALL: WeightType = { name: 'wall', unit: 'nanoseconds' };
const CPU: WeightType = { name: 'cpu', unit: 'nanoseconds' };
const ALLOC: WeightType = { name: 'memory_allocated', unit: 'bytes' };
const FREED: WeightType = { name: 'memory_released', unit: 'bytes' };
const SAMPLES: WeightType = { name: 'samples', unit: 'samples' };
const MODES: Record<string, { types: WeightType[]; metrics: number }> = {
  wall: { types: [WALL, SAMPLES], metrics: 1 },
  cpu: { types: [CPU, SAMPLES], metrics: 1 },
  memory: { types: [ALLOC, FREED, SAMPLES], metrics: 1 },
  full: { types: [WALL, CPU, ALLOC, FREED, SAMPLES], metrics: 3 },
};

export const austinImporter: TextImporter = {
  id: FORMAT,
  label: 'austin collapsed samples',
  extensions: ['.austin'],
  // Before folded, which would take the lines for stacks with unparsed "file:function:line" names.
  detect: ({ json, text, lines }) => !json && (/^# austin: \d/.test(text) || SAMPLE.test(lines.find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '')),
  kind: 'text',
  create(ctx: ImportContext): LineParser {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const meta = new Map<string, string>();
    let builder: ProfileBuilder | null = null;
    let mode = MODES.wall!;
    let weights: number[] = [];
    const frameCache = new Map<string, number>();
    let pending: ProfileFormatError | null = null;
    let samples = 0;
    let invalid = 0;
    const start = () => {
      const name = meta.get('mode') ?? 'wall';
      const known = MODES[name];
      if (!known) throw fail(`unknown mode "${name}" (austin writes wall, cpu, memory or full)`);
      mode = known;
      weights = new Array<number>(mode.types.length).fill(0);
      const interval = Number(meta.get('interval'));
      return new ProfileBuilder(
        {
          format: FORMAT,
          profiler: 'austin',
          profilerVersion: meta.get('austin'),
          language: 'python',
          sampleIntervalNs: Number.isFinite(interval) ? interval * 1000 : undefined,
          sourceFile: ctx.source,
        },
        mode.types,
      );
    };
    const frameOf = (b: ProfileBuilder, raw: string, depth: number): number => {
      let id = frameCache.get(raw);
      if (id === undefined) {
        id = b.frame(depth < 2 || raw === INVALID ? { name: raw, kind: 'runtime' } : parseAustinFrame(raw));
        frameCache.set(raw, id);
      }
      return id;
    };
    return {
      line(input, lineNo) {
        if (pending) throw pending;
        const text = input.trim();
        if (text === '') return;
        if (text[0] === '#') {
          const m = /^#\s*([\w-]+):\s*(.*)$/.exec(text);
          if (m) meta.set(m[1]!, m[2]!);
          return;
        }
        const b = (builder ??= start());
        const space = text.lastIndexOf(' ');
        const metrics =
          space > 0
            ? text
                .slice(space + 1)
                .split(',')
                .map(Number)
            : [];
        if (!SAMPLE.test(text) || metrics.length !== mode.metrics || metrics.some((v) => !Number.isFinite(v))) {
          // Kept pending: a malformed *last* line of a truncated file is dropped with a note.
          pending = fail(
            `expected "P<pid>;T<thread>;file:function:line;... ${mode.metrics === 3 ? 'TIME,IDLE,MEMORY' : 'METRIC'}"`,
            `line ${lineNo}: ${preview(text)}`,
          );
          return;
        }
        let node = -1;
        text
          .slice(0, space)
          .split(';')
          .forEach((raw, depth) => {
            if (raw === INVALID) invalid++;
            if (raw !== '') node = b.stack(node, frameOf(b, raw, depth));
          });
        fillWeights(weights, mode, metrics);
        if (!b.addSampleAt(node, weights)) throw fail('a metric is out of range', `line ${lineNo}: ${preview(text)}`);
        samples++;
      },
      finish(stats) {
        if (pending) {
          if (stats.endedWithNewline || samples === 0) throw pending;
          builder!.note('the last line was cut off (truncated file) and was dropped');
        }
        if (!builder || samples === 0) throw fail(meta.has('austin') ? 'austin recorded no samples' : 'no samples found');
        if (invalid) builder.note(`${invalid} of ${samples} sample(s) are austin's ${INVALID} (it could not read the stack)`);
        const duration = Number(meta.get('duration'));
        if (Number.isFinite(duration)) builder.metadata.durationNs = duration * 1000;
        else builder.note('no "# duration" footer: austin did not finish writing (truncated?)');
        return builder.build();
      },
    };
  },
};

/** Weights in MODES order from a line's metrics: microseconds become ns, memory deltas split by sign. */
function fillWeights(out: number[], mode: { types: WeightType[] }, metrics: number[]): void {
  out.fill(0);
  const memory = (delta: number, at: number) => {
    if (delta >= 0) out[at] = delta;
    else out[at + 1] = -delta;
  };
  if (mode === MODES.full) {
    const [time, idle, delta] = metrics as [number, number, number];
    out[0] = time * 1000;
    out[1] = idle ? 0 : time * 1000;
    memory(delta, 2);
  } else if (mode === MODES.memory) memory(metrics[0]!, 0);
  else out[0] = metrics[0]! * 1000;
  out[out.length - 1] = 1;
}

/** `file:function:line`, read from the right: a file may hold ":" (C:\…), a function does not. */
export function parseAustinFrame(raw: string): { name: string; file: string | null; line: number | null } {
  const last = raw.lastIndexOf(':');
  const prev = last > 0 ? raw.lastIndexOf(':', last - 1) : -1;
  if (prev <= 0 || !/^\d+$/.test(raw.slice(last + 1))) return { name: raw, file: null, line: null };
  return { name: raw.slice(prev + 1, last), file: raw.slice(0, prev), line: Number(raw.slice(last + 1)) };
}
