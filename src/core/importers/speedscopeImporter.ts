/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json): shared frames
 * plus profiles that are either "sampled" (stacks of frame indices, root first, with weights) or
 * "evented" (open/close events over time). py-spy `--format speedscope` writes sampled profiles,
 * one per thread; they are merged into one profile. Profiles in different units (time, bytes,
 * plain counts) each weigh into their own weight type, never summed together.
 */
import { ProfileBuilder, ProfileFormatError, WeightType, type FrameInput } from '../model/profile';
import type { ByteChunks } from './byteSource';
import type { ImportContext, StreamImporter } from './importerTypes';
import { EMPTY_STACK_FRAME } from './foldedImporter';
import { readJsonStream } from './jsonStream';
import { EMPTY_SAMPLE, EVENT_CLOSE, EVENT_OPEN, NumberColumn, SpeedscopeReader, type Problem, type StreamedProfile } from './speedscopeReader';

const FORMAT = 'speedscope';
const TIME_NS: Record<string, number> = { nanoseconds: 1, microseconds: 1e3, milliseconds: 1e6, seconds: 1e9 };

type RawProfile = StreamedProfile['fields'];
interface SharedFrame {
  name?: unknown;
  file?: unknown;
  line?: unknown;
  col?: unknown;
}

/** What an evented profile's events charge: the stack open (a trie node), how long (in the file's unit) and when (from startValue). */
interface EventedSamples {
  node: NumberColumn<Int32Array>;
  duration: NumberColumn<Float64Array>;
  time: NumberColumn<Float64Array>;
}

export const speedscopeImporter: StreamImporter = {
  id: FORMAT,
  label: 'speedscope JSON',
  extensions: ['.speedscope.json'],
  detect: ({ json, text }) => json && /speedscope\.app\/file-format-schema|"shared"\s*:\s*\{\s*"frames"/.test(text),
  guess: ({ json, name }) => json && !!name?.endsWith('.speedscope.json'),
  kind: 'stream',
  async read(input: ByteChunks, ctx: ImportContext) {
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const reader = new SpeedscopeReader();
    const evented = new Map<number, EventedSamples>();
    // Events are replayed as soon as their profile ends when the frames came first (as every exporter writes them).
    const replay = (p: StreamedProfile) => {
      if (reader.problem || !reader.frames || p.fields.type !== 'evented') return;
      const out = replayEvents(p, reader, reader.frames as SharedFrame[]);
      if ('detail' in out) reader.problem = { ...out, profile: p.index };
      else evented.set(p.index, out);
    };
    reader.onProfileEnd = replay;
    await readJsonStream(input, reader, { format: FORMAT, source: ctx.source });
    if (!reader.framesSeen || !reader.frames || !reader.profilesSeen) throw fail('expected "shared.frames" and "profiles" arrays');
    const shared = reader.frames as SharedFrame[];
    const profiles = reader.profiles;
    if (profiles.length === 0) throw fail('no profiles');
    for (const p of profiles) {
      if (!p.isObject) throw fail('a profile is not an object', `profiles[${p.index}]`);
      if (p.fields.type !== 'sampled' && p.fields.type !== 'evented')
        throw fail(`unknown profile type ${JSON.stringify(String(p.fields.type))}`, `profiles[${p.index}]`);
      if (reader.problem?.profile === p.index) throw fail(reader.problem.detail, reader.problem.where);
      if (p.maxFrame >= shared.length) throw fail(`frame index ${p.maxFrame} is out of range (0..${shared.length - 1})`, p.maxFrameWhere);
      if (p.fields.type === 'evented' && !evented.has(p.index)) {
        replay(p);
        if (reader.problem) throw fail(reader.problem.detail, reader.problem.where);
      }
    }
    if (reader.problem) throw fail(reader.problem.detail, reader.problem.where);
    return build(reader, shared, evented, ctx);
  },
};

/** The frame the builder interns for the file's frame `k`. */
function frameInput(shared: SharedFrame[], k: number): FrameInput {
  const f = shared[k];
  return {
    name: typeof f?.name === 'string' ? f.name : `(frame ${k})`,
    file: typeof f?.file === 'string' && f.file !== '' ? f.file : null,
    line: typeof f?.line === 'number' ? f.line : null,
    column: typeof f?.col === 'number' ? f.col : null,
  };
}

function build(reader: SpeedscopeReader, shared: SharedFrame[], evented: Map<number, EventedSamples>, ctx: ImportContext) {
  const profiles = reader.profiles;
  const first = profiles[0]!.fields;
  const timeScale = TIME_NS[unitOf(first)];
  // The weights are what speedscope draws: time, bytes, or plain counts (unit "none"); one weight
  // type per kind the profiles use, the first profile's first.
  const weightTypes: WeightType[] = [];
  const column = profiles.map((p) => {
    const t = weightTypeOf(p.fields);
    const at = weightTypes.findIndex((w) => w.name === t.name && w.unit === t.unit);
    return at >= 0 ? at : weightTypes.push(t) - 1;
  });
  const exporter = typeof reader.exporter === 'string' ? reader.exporter : undefined;
  const builder = new ProfileBuilder(
    {
      format: FORMAT,
      sourceFile: ctx.source,
      profiler: exporter?.startsWith('py-spy') ? 'py-spy' : exporter,
      language: exporter?.startsWith('py-spy') ? 'python' : undefined,
    },
    weightTypes,
    { timeline: profiles.some((p) => p.fields.type === 'evented') },
  );
  // The trie's nodes in the order they were made, so frames and stacks are interned in first-use order.
  const trie = reader.trie.build();
  const ids = new Int32Array(shared.length).fill(-1);
  const node = new Int32Array(trie.stackFrame.length);
  for (let i = 0; i < node.length; i++) {
    const k = trie.stackFrame[i]!;
    let f: number;
    if (k === EMPTY_SAMPLE) f = builder.frame(EMPTY_STACK_FRAME);
    else f = ids[k] === -1 ? (ids[k] = builder.frame(frameInput(shared, k))) : ids[k]!;
    const parent = trie.stackParent[i]!;
    node[i] = builder.stack(parent < 0 ? -1 : node[parent]!, f);
  }
  let rejected = 0;
  const w = new Array<number>(weightTypes.length).fill(0);
  profiles.forEach((p, pi) => {
    const scale = TIME_NS[unitOf(p.fields)] ?? 1;
    const col = column[pi]!;
    if (p.fields.type === 'sampled') {
      const weights = p.weights;
      for (let s = 0; s < p.samples.length; s++) {
        const v = s < weights.length ? weights.data[s]! : weights.length === 0 ? 1 : NaN;
        w[col] = v * scale;
        if (!builder.addSampleAt(node[p.samples.data[s]!]!, w)) rejected++;
      }
    } else {
      const e = evented.get(pi)!;
      for (let s = 0; s < e.node.length; s++) {
        w[col] = e.duration.data[s]! * scale;
        builder.addSampleAt(node[e.node.data[s]!]!, w, e.time.data[s]! * scale);
      }
    }
    w[col] = 0;
  });
  if (rejected) builder.note(`${rejected} sample(s) with a missing, negative or non-finite weight were dropped`);
  if (profiles.length > 1)
    builder.note(
      `${profiles.length} profiles (threads) merged: ${profiles
        .map((p) => String(p.fields.name ?? '?'))
        .slice(0, 8)
        .join(', ')}`,
    );
  if (timeScale && typeof first.startValue === 'number' && typeof first.endValue === 'number')
    builder.metadata.durationNs = (first.endValue - first.startValue) * timeScale;
  return builder.build();
}

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
function replayEvents(p: StreamedProfile, reader: SpeedscopeReader, shared: SharedFrame[]): EventedSamples | Problem {
  const pi = p.index;
  const start = typeof p.fields.startValue === 'number' ? p.fields.startValue : 0;
  const out: EventedSamples = {
    node: new NumberColumn(new Int32Array(256), (n) => new Int32Array(n)),
    duration: new NumberColumn(new Float64Array(256), (n) => new Float64Array(n)),
    time: new NumberColumn(new Float64Array(256), (n) => new Float64Array(n)),
  };
  // Two indices name the same frame when the builder would intern them as one.
  const identity = new ProfileBuilder({ format: FORMAT });
  const same = (a: number, b: number) => a === b || identity.frame(frameInput(shared, a)) === identity.frame(frameInput(shared, b));
  const open: { frame: number; node: number }[] = [];
  let last = start;
  for (let e = 0; e < p.eventAt.length; e++) {
    const where = `profiles[${pi}].events[${e}]`;
    const at = p.eventAt.data[e]!;
    if (Number.isNaN(at)) return { detail: 'event without a numeric "at"', where };
    if (at < last) return { detail: `events go back in time (${at} after ${last})`, where };
    if (open.length > 0 && at > last) {
      out.node.push(open[open.length - 1]!.node);
      out.duration.push(at - last);
      out.time.push(last - start);
    }
    last = at;
    const odd = p.odd.get(e);
    const k = odd ? odd.frame : p.eventFrame.data[e]!;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k >= shared.length)
      return { detail: `frame index ${String(k)} is out of range (0..${shared.length - 1})`, where };
    const type = p.eventType.data[e]!;
    if (type === EVENT_OPEN) {
      open.push({ frame: k, node: reader.trie.stack(open.length ? open[open.length - 1]!.node : -1, k) });
    } else if (type === EVENT_CLOSE) {
      const top = open.pop();
      if (!top || !same(top.frame, k)) return { detail: 'a close event does not match the innermost open frame', where };
    } else {
      return { detail: `unknown event type ${JSON.stringify(String(odd?.type))}`, where };
    }
  }
  if (open.length)
    return {
      detail: `${open.length} frame(s) are never closed (the events end with frame ${open[open.length - 1]!.frame} open)`,
      where: `profiles[${pi}].events`,
    };
  return out;
}
