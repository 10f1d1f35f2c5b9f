/**
 * pprof protobuf (gzipped or not) through the `pprof-format` package: Go's runtime/pprof,
 * `go test -cpuprofile`, /debug/pprof/profile, and other pprof writers. A Location with several
 * Lines is inlined code: line[0] is the innermost function, the last line its caller.
 * Weight types follow sample_type, the default (default_sample_type, else the last, as pprof does)
 * first, so views that read weight 0 show what `go tool pprof` shows.
 */
import { Profile as PprofProfile } from 'pprof-format';
import { FrameKind, ProfileBuilder, ProfileFormatError, WeightType, WeightUnit } from '../model/profile';
import { HEAD_BYTES } from './detectHead';
import type { BufferImporter, ImportContext } from './importerTypes';
import { checkWire, WireError, WireSchema } from './protobufWire';

const FORMAT = 'pprof';

export const pprofImporter: BufferImporter = {
  id: FORMAT,
  label: 'pprof (.pb.gz)',
  extensions: ['.pprof', '.pb.gz'],
  looseExtensions: ['.prof'],
  // Binary protobuf first when there are NUL bytes; text profiles may still hold a stray NUL in a name.
  detect: ({ json, bytes: head }) => !json && head.includes(0) && looksLikeProtobuf(head),
  guess: ({ json, bytes: head }) => !json && looksLikeProtobuf(head),
  // Go writes gzipped protobuf; a head that did not decompress is told by its name.
  guessGzip: (inner, name) => (inner.length === 0 ? !!name && /\.pb\.gz$|\.pprof$|\.prof$/.test(name) : looksLikeProtobuf(inner)),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    let p: PprofProfile;
    try {
      checkWire(bytes, PPROF_WIRE, 'Profile');
      p = PprofProfile.decode(bytes);
    } catch (e) {
      if (e instanceof WireError) throw new ProfileFormatError(FORMAT, `truncated or corrupt protobuf: ${e.message}`, ctx.source);
      throw new ProfileFormatError(FORMAT, `protobuf decoding failed: ${(e as Error).message}`, ctx.source);
    }
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    const strings = p.stringTable.strings;
    const str = (i: unknown): string => {
      const n = Number(i ?? 0);
      if (!Number.isInteger(n) || n < 0 || n >= strings.length) throw fail(`string index ${String(i)} is out of range`);
      return strings[n] ?? '';
    };
    if (p.sampleType.length === 0) throw fail('no sample types (not a pprof profile?)');
    const types = p.sampleType.map((t) => ({ name: str(t.type), unit: str(t.unit) }));
    const defaultName = Number(p.defaultSampleType) ? str(p.defaultSampleType) : types[types.length - 1]!.name;
    const primary = Math.max(
      0,
      types.findIndex((t) => t.name === defaultName),
    );
    const order = [primary, ...types.map((_, i) => i).filter((i) => i !== primary)];
    const weightTypes: WeightType[] = order.map((i) => ({ name: types[i]!.name, unit: unitOf(types[i]!.unit) }));
    const unitScale = order.map((i) => scaleOf(types[i]!.unit));

    const functions = new Map<number, { name: string; file: string; startLine: number }>();
    for (const f of p.function) functions.set(Number(f.id), { name: str(f.name), file: str(f.filename), startLine: Number(f.startLine) });
    const mappings = new Map<number, string>();
    for (const m of p.mapping) mappings.set(Number(m.id), str(m.filename));
    const isGo = [...functions.values()].some((f) => f.name === 'runtime.goexit' || f.name === 'runtime.main' || f.file.endsWith('.go'));

    const builder = new ProfileBuilder(
      { format: FORMAT, sourceFile: ctx.source, language: isGo ? 'go' : undefined, profiler: isGo ? 'go pprof' : undefined },
      weightTypes,
    );
    // Location id → frame ids, leaf (innermost inlined) first.
    const locations = new Map<number, number[]>();
    for (const loc of p.location) {
      const frames: number[] = [];
      for (const ln of loc.line) {
        const fn = functions.get(Number(ln.functionId));
        if (!fn) throw fail(`location ${String(loc.id)} names function ${String(ln.functionId)}, which does not exist`);
        frames.push(
          builder.frame({
            name: fn.name || '(unknown)',
            file: fn.file || null,
            line: Number(ln.line),
            column: Number(ln.column ?? 0) || null,
            functionLine: fn.startLine || null,
            kind: isGo ? goKind(fn.name, fn.file) : undefined,
          }),
        );
      }
      if (frames.length === 0) {
        const mapping = mappings.get(Number(loc.mappingId)) ?? '';
        frames.push(builder.frame({ name: `0x${BigInt(loc.address ?? 0).toString(16)}`, file: mapping || null, kind: 'native' }));
      }
      locations.set(Number(loc.id), frames);
    }

    const w = new Array<number>(order.length).fill(0);
    const stack: number[] = [];
    let rejected = 0;
    p.sample.forEach((s, si) => {
      stack.length = 0;
      for (const id of s.locationId) {
        const frames = locations.get(Number(id));
        if (!frames) throw fail(`sample refers to location ${String(id)}, which does not exist`, `sample ${si}`);
        for (const f of frames) stack.push(f);
      }
      for (let k = 0; k < order.length; k++) w[k] = Number(s.value[order[k]!] ?? 0) * unitScale[k]!;
      let node = -1;
      for (let d = stack.length - 1; d >= 0; d--) node = builder.stack(node, stack[d]!);
      if (!builder.addSampleAt(node, w)) rejected++;
    });
    if (p.sample.length === 0) builder.note('the profile has no samples');
    if (rejected) builder.note(`${rejected} sample(s) with no stack or a negative/huge value were dropped`);
    if (Number(p.durationNanos) > 0) builder.metadata.durationNs = Number(p.durationNanos);
    if (Number(p.period) > 0 && p.periodType && str(p.periodType.unit) === 'nanoseconds') builder.metadata.sampleIntervalNs = Number(p.period);
    if (Number(p.timeNanos) > 0) builder.metadata.capturedAt = new Date(Number(p.timeNanos) / 1e6).toISOString();
    return builder.build();
  },
};

/** profile.proto's nested messages and packed fields, for the structural check. */
const PPROF_WIRE: WireSchema = {
  Profile: { 1: 'ValueType', 2: 'Sample', 3: 'Mapping', 4: 'Location', 5: 'Function', 11: 'ValueType', 13: 'packed' },
  Sample: { 1: 'packed', 2: 'packed', 3: 'Label' },
  Location: { 4: 'Line' },
  ValueType: {},
  Mapping: {},
  Function: {},
  Label: {},
  Line: {},
};

function unitOf(u: string): WeightUnit {
  if (u === 'nanoseconds' || u === 'microseconds' || u === 'milliseconds' || u === 'seconds') return 'nanoseconds';
  if (u === 'bytes') return 'bytes';
  if (u === 'objects') return 'objects';
  if (u === 'count' || u === 'samples') return 'samples';
  return 'count';
}

function scaleOf(u: string): number {
  return u === 'microseconds' ? 1e3 : u === 'milliseconds' ? 1e6 : u === 'seconds' ? 1e9 : 1;
}

/**
 * Go: the standard library and runtime are "runtime" (their package path has no dot in its first
 * element: runtime, sort, internal/..., slices); modules under pkg/mod are libraries; the rest is
 * the user's (including package main and command-line-arguments).
 */
function goKind(name: string, file: string): FrameKind | undefined {
  const slash = name.lastIndexOf('/');
  const tail = name.slice(slash + 1);
  const dot = tail.indexOf('.');
  const pkgPath = dot === -1 ? name : name.slice(0, slash + 1 + dot);
  const firstElem = pkgPath.split('/')[0]!;
  if (pkgPath === 'main' || pkgPath === 'command-line-arguments') return 'user';
  // Standard library: no dot in the first path element, and the file (if any) under GOROOT/src/<pkg>/.
  if (!firstElem.includes('.') && (file === '' || file.replace(/\\/g, '/').includes(`/src/${pkgPath}/`))) return 'runtime';
  if (/[\\/]pkg[\\/]mod[\\/]/.test(file)) return 'library';
  return undefined;
}

/**
 * A pprof Profile message: the first few protobuf fields parse (field numbers 1..14 of the
 * Profile message, wire types varint or length-delimited, lengths inside the buffer). Go writes
 * time_nanos (field 9) first, so the first byte alone is not enough.
 */
function looksLikeProtobuf(head: Uint8Array): boolean {
  let i = 0;
  let fields = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 63 && i < head.length; shift += 7) {
      const b = head[i++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
    }
    return -1;
  };
  while (i < head.length && fields < 6) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (tag < 0 || field < 1 || field > 14) return false;
    if (wire === 0) {
      if (varint() < 0) return false;
    } else if (wire === 2) {
      const len = varint();
      if (len < 0 || (i + len > head.length && head.length < HEAD_BYTES)) return false;
      i += len;
    } else return false;
    fields++;
  }
  return fields >= 2 || (fields === 1 && i === head.length);
}
