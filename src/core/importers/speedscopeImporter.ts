/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json): shared frames
 * plus profiles that are either "sampled" (stacks of frame indices, root first, with weights) or
 * "evented" (open/close events over time). py-spy `--format speedscope` writes sampled profiles,
 * one per thread; they are merged into one profile. Profiles in different units (time, bytes,
 * plain counts) each weigh into their own weight type, never summed together.
 */
import { ProfileBuilder, ProfileFormatError, WeightType } from '../model/profile';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';
import { EMPTY_STACK_FRAME } from './foldedImporter';

const FORMAT = 'speedscope';
const TIME_NS: Record<string, number> = { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9 };

interface SharedFrame {
  name?: unknown;
  file?: unknown;
  line?: unknown;
  col?: unknown;
}
interface RawProfile {
  type?: unknown;
  name?: unknown;
  unit?: unknown;
  samples?: unknown;
  weights?: unknown;
  events?: unknown;
  startValue?: unknown;
  endValue?: unknown;
}

export const speedscopeImporter: BufferImporter = {
  id: FORMAT,
  label: 'speedscope JSON',
  extensions: ['.speedscope.json'],
  detect: ({ json, text }) => json && /speedscope\.app\/file-format-schema|"shared"\s*:\s*\{\s*"frames"/.test(text),
  guess: ({ json, name }) => json && !!name?.endsWith('.speedscope.json'),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    const doc = parseJson<{ shared?: { frames?: unknown }; profiles?: unknown; exporter?: unknown }>(bytes, FORMAT, ctx.source);
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    if (!doc || typeof doc !== 'object' || !doc.shared || !Array.isArray(doc.shared.frames) || !Array.isArray(doc.profiles)) {
      throw fail('expected "shared.frames" and "profiles" arrays');
    }
    const shared = doc.shared.frames as SharedFrame[];
    const profiles = doc.profiles as RawProfile[];
    if (profiles.length === 0) throw fail('no profiles');
    const first = profiles[0]!;
    const timeScale = TIME_NS[unitOf(first)];
    // The weights are what speedscope draws: time, bytes, or plain counts (unit "none"); one weight
    // type per kind the profiles use, the first profile's first.
    const weightTypes: WeightType[] = [];
    const column = profiles.map((p) => {
      const t = weightTypeOf(p);
      const at = weightTypes.findIndex((w) => w.name === t.name && w.unit === t.unit);
      return at >= 0 ? at : weightTypes.push(t) - 1;
    });
    const exporter = typeof doc.exporter === 'string' ? doc.exporter : undefined;
    const builder = new ProfileBuilder(
      {
        format: FORMAT,
        sourceFile: ctx.source,
        profiler: exporter?.startsWith('py-spy') ? 'py-spy' : exporter,
        language: exporter?.startsWith('py-spy') ? 'python' : undefined,
      },
      weightTypes,
      { timeline: profiles.some((p) => p?.type === 'evented') },
    );
    const ids = new Int32Array(shared.length).fill(-1);
    const frameId = (k: unknown, where: string): number => {
      if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= shared.length)
        throw fail(`frame index ${String(k)} is out of range (0..${shared.length - 1})`, where);
      if (ids[k] === -1) {
        const f = shared[k]!;
        const name = typeof f?.name === 'string' ? f.name : `(frame ${k})`;
        ids[k] = builder.frame({
          name,
          file: typeof f?.file === 'string' && f.file !== '' ? f.file : null,
          line: typeof f?.line === 'number' ? f.line : null,
          column: typeof f?.col === 'number' ? f.col : null,
        });
      }
      return ids[k]!;
    };
    let rejected = 0;
    profiles.forEach((p, pi) => {
      if (!p || typeof p !== 'object') throw fail('a profile is not an object', `profiles[${pi}]`);
      const scale = TIME_NS[unitOf(p)] ?? 1;
      const w = new Array<number>(weightTypes.length).fill(0);
      const col = column[pi]!;
      if (p.type === 'sampled') {
        const stacks = Array.isArray(p.samples) ? (p.samples as unknown[]) : [];
        const weights = Array.isArray(p.weights) ? (p.weights as unknown[]) : [];
        for (let s = 0; s < stacks.length; s++) {
          const st = stacks[s];
          if (!Array.isArray(st)) throw fail('a sample is not an array of frame indices', `profiles[${pi}].samples[${s}]`);
          let node = -1;
          for (let d = 0; d < st.length; d++) node = builder.stack(node, frameId(st[d], `profiles[${pi}].samples[${s}][${d}]`));
          if (node === -1) node = builder.stack(-1, builder.frame(EMPTY_STACK_FRAME));
          const raw = weights[s];
          const v = typeof raw === 'number' ? raw : weights.length === 0 ? 1 : NaN;
          w[col] = v * scale;
          if (!builder.addSampleAt(node, w)) rejected++;
        }
      } else if (p.type === 'evented') {
        importEvented(p, pi, builder, frameId, { scale, column: col, width: weightTypes.length }, fail);
      } else {
        throw fail(`unknown profile type ${JSON.stringify(String(p.type))}`, `profiles[${pi}]`);
      }
    });
    if (rejected) builder.note(`${rejected} sample(s) with a missing, negative or non-finite weight were dropped`);
    if (profiles.length > 1)
      builder.note(
        `${profiles.length} profiles (threads) merged: ${profiles
          .map((p) => String(p.name ?? '?'))
          .slice(0, 8)
          .join(', ')}`,
      );
    if (timeScale && typeof first.startValue === 'number' && typeof first.endValue === 'number')
      builder.metadata.durationNs = (first.endValue - first.startValue) * timeScale;
    return builder.build();
  },
};

function unitOf(p: RawProfile): string {
  return typeof p?.unit === 'string' ? p.unit : 'none';
}

function weightTypeOf(p: RawProfile): WeightType {
  const unit = unitOf(p);
  if (TIME_NS[unit]) return { name: 'time', unit: 'nanoseconds' };
  if (unit === 'bytes') return { name: 'bytes', unit: 'bytes' };
  return { name: 'samples', unit: p?.type === 'sampled' ? 'samples' : 'count' };
}

/**
 * Open/close events: the time between consecutive events is charged to the stack open then. The
 * events must balance (the schema says so): a frame left open, or a close that does not match the
 * innermost open frame, means a cut-off or corrupt file whose times would be wrong.
 */
function importEvented(
  p: RawProfile,
  pi: number,
  builder: ProfileBuilder,
  frameId: (k: unknown, where: string) => number,
  weight: { scale: number; column: number; width: number },
  fail: (detail: string, where?: string) => ProfileFormatError,
): void {
  const { scale, column } = weight;
  const events = Array.isArray(p.events) ? (p.events as { type?: unknown; at?: unknown; frame?: unknown }[]) : [];
  const start = typeof p.startValue === 'number' ? p.startValue : 0;
  const open: { frame: number; index: number; node: number }[] = [];
  let last = start;
  const w = new Array<number>(weight.width).fill(0);
  for (let e = 0; e < events.length; e++) {
    const ev = events[e]!;
    const where = `profiles[${pi}].events[${e}]`;
    if (!ev || typeof ev.at !== 'number' || !Number.isFinite(ev.at)) throw fail('event without a numeric "at"', where);
    if (ev.at < last) throw fail(`events go back in time (${ev.at} after ${last})`, where);
    if (open.length > 0 && ev.at > last) {
      w[column] = (ev.at - last) * scale;
      builder.addSampleAt(open[open.length - 1]!.node, w, (last - start) * scale);
    }
    last = ev.at;
    const f = frameId(ev.frame, where);
    if (ev.type === 'O') {
      open.push({ frame: f, index: ev.frame as number, node: builder.stack(open.length ? open[open.length - 1]!.node : -1, f) });
    } else if (ev.type === 'C') {
      const top = open.pop();
      if (!top || top.frame !== f) throw fail('a close event does not match the innermost open frame', where);
    } else {
      throw fail(`unknown event type ${JSON.stringify(String(ev.type))}`, where);
    }
  }
  if (open.length)
    throw fail(`${open.length} frame(s) are never closed (the events end with frame ${open[open.length - 1]!.index} open)`, `profiles[${pi}].events`);
}
