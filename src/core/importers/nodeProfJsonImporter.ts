/**
 * What `node --prof-process --preprocess isolate-*.log` writes (V8's tools/profile.mjs JsonProfile):
 * `code` entries (SHARED_LIB, CPP, CODE with a kind such as Builtin, JS with its tier and function),
 * `functions`, `scripts`, and `ticks` `{tm: µs, vm: state, s: [codeId, offset, ...]}`, leaf first,
 * codeId -1 where no code entry covers the address. Stacks are read as the tick processor's
 * bottom-up view reads them: an unknown leaf is UNKNOWN, unknown callers are dropped, and bytecode
 * handlers are skipped (its default), so interpreter time goes to the function being interpreted.
 */
import { ProfileBuilder, ProfileFormatError, type FrameInput } from '../model/profile';
import { fileFromUrl } from './cpuprofileImporter';
import type { BufferImporter, ImportContext } from './importerTypes';
import { parseJson } from './importerTypes';

const FORMAT = 'node-prof-json';
/** The profile is a node --prof one, whether the log or its preprocessed JSON was opened (as pstats JSON says pstats). */
const PROFILE_FORMAT = 'node-prof';
/** V8's VM state 1 (StateTag GC). */
const VM_GC = 1;

interface CodeEntry {
  name?: unknown;
  type?: unknown;
  kind?: unknown;
  source?: { script?: unknown };
}
interface Tick {
  tm?: unknown;
  vm?: unknown;
  s?: unknown;
}

export const nodeProfJsonImporter: BufferImporter = {
  id: FORMAT,
  label: 'node --prof-process --preprocess JSON',
  extensions: [],
  looseExtensions: ['.json'],
  detect: ({ json, text }) => json && /^\s*\{\s*"code"\s*:\s*\[\s*\{\s*"name"\s*:/.test(text) && /"type"\s*:\s*"(SHARED_LIB|CPP|CODE|JS)"/.test(text),
  kind: 'buffer',
  parse(bytes: Uint8Array, ctx: ImportContext) {
    const doc = parseJson<{ code?: unknown; ticks?: unknown; scripts?: unknown }>(bytes, FORMAT, ctx.source);
    const fail = (detail: string, where?: string) => new ProfileFormatError(FORMAT, detail, ctx.source, where);
    if (!doc || typeof doc !== 'object' || !Array.isArray(doc.code) || !Array.isArray(doc.ticks)) throw fail('no "code" and "ticks" arrays');
    const code = doc.code as CodeEntry[];
    const ticks = doc.ticks as Tick[];
    const scripts = Array.isArray(doc.scripts) ? (doc.scripts as ({ url?: unknown } | null)[]) : [];
    const builder = new ProfileBuilder(
      { format: PROFILE_FORMAT, profiler: 'node --prof', language: 'javascript', sourceFile: ctx.source },
      [{ name: 'samples', unit: 'samples' }],
      { timeline: true },
    );
    const frameOfCode = new Int32Array(code.length).fill(-2); // -2 not yet made, -1 skipped
    const frameFor = (id: number): number => {
      if (frameOfCode[id] === -2) {
        const e = code[id];
        if (!e || typeof e !== 'object' || typeof e.name !== 'string') throw fail('a code entry has no name', `code[${id}]`);
        frameOfCode[id] = e.kind === 'BytecodeHandler' ? -1 : builder.frame(codeFrame(e, scripts));
      }
      return frameOfCode[id]!;
    };
    let unknown = -1;
    let unknownTicks = 0;
    let gcTicks = 0;
    let lastTm = 0;
    const frames: number[] = [];
    ticks.forEach((t, i) => {
      const s = t && typeof t === 'object' ? t.s : undefined;
      if (!Array.isArray(s) || s.length % 2 !== 0) throw fail('the stack "s" is not a list of (code id, offset) pairs', `ticks[${i}]`);
      frames.length = 0;
      let skipped = -1;
      for (let k = 0; k < s.length; k += 2) {
        const id = s[k];
        if (typeof id !== 'number' || !Number.isInteger(id) || id < -1 || id >= code.length)
          throw fail(`code id ${String(id)} names no code entry (there are ${code.length})`, `ticks[${i}].s[${k}]`);
        if (id === -1) {
          // The tick processor names an unknown pc UNKNOWN and drops unknown callers.
          if (k === 0) frames.push(unknown < 0 ? (unknown = builder.frame({ name: 'UNKNOWN', kind: 'native' })) : unknown);
          continue;
        }
        const f = frameFor(id);
        if (f >= 0) frames.push(f);
        else if (skipped < 0) skipped = id;
      }
      // Only bytecode handlers on the stack: keep the first, rather than lose the tick.
      if (frames.length === 0 && skipped >= 0) frames.push(builder.frame(codeFrame(code[skipped]!, scripts)));
      if (frames.length === 0) throw fail('a tick with an empty stack', `ticks[${i}]`);
      if (s[0] === -1) unknownTicks++;
      if (t.vm === VM_GC) gcTicks++;
      let node = -1;
      for (let k = frames.length - 1; k >= 0; k--) node = builder.stack(node, frames[k]!);
      const tm = typeof t.tm === 'number' && Number.isFinite(t.tm) ? t.tm : lastTm;
      lastTm = tm;
      builder.addSampleAt(node, [1], tm * 1000);
    });
    if (ticks.length === 0) throw fail('no ticks (the program ran for less than one sampling interval?)');
    builder.metadata.durationNs = lastTm * 1000;
    if (unknownTicks)
      builder.note(
        `${unknownTicks} of ${ticks.length} ticks were in code the log does not name (UNKNOWN, as node --prof-process reports them: native code without symbols, e.g. a stripped node binary).`,
      );
    if (gcTicks) builder.note(`${gcTicks} tick(s) were taken during garbage collection.`);
    return builder.build();
  },
};

/** A code entry as a frame: JS code names read "fn url:line:col" (1-based), the url being the script's. */
function codeFrame(e: CodeEntry, scripts: ({ url?: unknown } | null)[]): FrameInput {
  const raw = e.name as string;
  if (e.type === 'SHARED_LIB' || e.type === 'CPP') return { name: raw, kind: 'native' };
  if (e.type !== 'JS') return { name: raw, kind: 'runtime' };
  const script = typeof e.source?.script === 'number' ? scripts[e.source.script] : undefined;
  const url = script && typeof script.url === 'string' ? script.url : null;
  const known = url !== null ? new RegExp(`^(.*?) ?${escapeRegExp(url)}:(\\d+):(\\d+)$`).exec(raw) : null;
  const m = known ?? /^(.*) (\S*):(\d+):(\d+)$/.exec(raw);
  if (!m) return { name: raw || '(anonymous)', kind: 'runtime' };
  const file = url ?? m[2]!;
  const line = Number(known ? m[2] : m[3]);
  const column = Number(known ? m[3] : m[4]);
  const frame: FrameInput = {
    name: m[1] || '(anonymous)',
    file: file === '' ? null : fileFromUrl(file),
    line: line > 0 ? line : null,
    column: column > 0 ? column : null,
    functionLine: line > 0 ? line : null,
  };
  // Node's own modules are the runtime; other files are classified by path (node_modules → library).
  if (file.startsWith('node:') || file === '') frame.kind = 'runtime';
  return frame;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
